// `pages at most N`: the largest page a paged read of the entity returns.
extension Checker {
    /// The largest page size pages may use: big enough for any listing, small enough that one page
    /// stays one bounded read.
    static let largestPageLimit: Int64 = 10_000

    /// The limit, or nil (reported) when it is not between 1 and ``largestPageLimit``.
    mutating func resolvePageLimit(_ count: IntegerSyntax) -> Int? {
        guard count.value >= 1 && count.value <= Self.largestPageLimit else {
            bag.error("a page size limit must be between 1 and \(Self.largestPageLimit)", hint: "write pages at most 100", at: count.range)
            return nil
        }
        return Int(count.value)
    }
}
