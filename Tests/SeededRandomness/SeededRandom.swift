/// The randomized tests' one generator (SplitMix64): small, fast and deterministic, so a failing
/// case is replayed from the seed the test printed.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    // The helpers below take `next() % count` rather than `Int.random(in:using:)`, so every seed a
    // test recorded before they were shared still produces the same case.

    /// A value of `range` (not empty).
    public mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    /// A value of `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    /// True in `percent` of the calls.
    public mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    /// One of `values` (not empty).
    public mutating func pick<T>(_ values: [T]) -> T { values[int(0..<values.count)] }

    /// True or false, even odds.
    public mutating func bool() -> Bool { next() & 1 == 1 }
}
