/// A `keep newest N per (fields) by field` rule.
public struct CapRule: Sendable {
    /// How many rows each group keeps.
    public let count: Int
    /// Row positions of the grouping columns.
    public let groupPositions: [Int]
    /// Row position of the ordering timestamp.
    public let orderPosition: Int
    /// An index whose leading columns are the grouping columns, if any.
    public let index: String?

    /// A rule.
    public init(count: Int, groupPositions: [Int], orderPosition: Int, index: String?) {
        self.count = count
        self.groupPositions = groupPositions
        self.orderPosition = orderPosition
        self.index = index
    }
}
