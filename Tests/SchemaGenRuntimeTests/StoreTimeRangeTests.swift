import Foundation
import SchemaGenRuntime
import Testing

/// A stored timestamp is whole microseconds (an `Int64`, exact); a generated record reads it as a
/// `Date` (a `Double` of seconds since 2001) through ``StoreTime``, via seconds since 1970. Every
/// microsecond comes back unchanged while both counts of seconds stay below 2^32: from
/// 1864-11-24 17:31:44 UTC to 2106-02-07 06:28:16 UTC. Past either end, doubles are more than a
/// microsecond apart and some microseconds come back one off. docs/swift-api.md quotes this range.
@Suite struct StoreTimeRangeTests {
    /// 2001 − 2^32 seconds and 1970 + 2^32 seconds, in microseconds since 1970.
    static let first: Int64 = (978_307_200 - 4_294_967_296) * 1_000_000
    static let last: Int64 = 4_294_967_296 * 1_000_000

    /// How many of the `count` microseconds from `start` on do not come back from a `Date`.
    func changed(from start: Int64, count: Int64) -> Int {
        (start..<start + count).filter { StoreTime.microseconds(StoreTime.date($0)) != $0 }.count
    }

    @Test func everyMicrosecondInsideTheRangeComesBackFromADate() {
        #expect(changed(from: Self.first, count: 200_000) == 0)
        #expect(changed(from: Self.last - 200_000, count: 200_000) == 0)
        #expect(changed(from: -200_000, count: 400_000) == 0)
        #expect(changed(from: 978_307_200_000_000 - 200_000, count: 400_000) == 0)
    }

    @Test func outsideTheRangeSomeComeBackOneOff() {
        #expect(changed(from: Self.first - 200_000, count: 200_000) > 0)
        #expect(changed(from: Self.last, count: 200_000) > 0)
        let far = Self.last + 1_000_000_000_000
        #expect((far..<far + 1_000).allSatisfy { abs(StoreTime.microseconds(StoreTime.date($0)) - $0) <= 1 })
    }
}
