@testable import SchemaGenRuntime
import Testing

/// The bounded heap behind top-N groups gives exactly what sorting every element and cutting
/// to the limit gave: the same elements, in the same order, ties kept in arrival order.
@Suite struct TopGroupsTests {
    /// The reference: every element sorted by value, ties by arrival, cut to `limit`.
    static func sortedPrefix(_ values: [Int], limit: Int, descending: Bool) -> [Int] {
        let ordered = values.indices.sorted { a, b in
            if values[a] != values[b] { return descending ? values[a] > values[b] : values[a] < values[b] }
            return a < b
        }
        return ordered.prefix(Swift.max(0, limit)).map { $0 }
    }

    @Test func keepsTheFirstElementsOfTheOrderWithTiesInArrivalOrder() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<400 {
            // Few distinct values, so most elements tie with others.
            let values = (0..<next(60)).map { _ in next(round % 3 == 0 ? 3 : 12) }
            let limit = next(values.count + 3)
            let descending = round % 2 == 0
            // Elements are (value, arrival) so the result shows which of the tied ones was kept.
            var top = TopGroups<(value: Int, arrival: Int)>(limit: limit) { descending ? $0.value > $1.value : $0.value < $1.value }
            for (i, value) in values.enumerated() { top.add((value, i)) }
            let kept = top.sorted().map(\.arrival)
            #expect(kept == Self.sortedPrefix(values, limit: limit, descending: descending), "values \(values), limit \(limit)")
        }
    }

    @Test func aLimitOfZeroOrBelowKeepsNothing() {
        for limit in [0, -3] {
            var top = TopGroups<Int>(limit: limit, precedes: <)
            for value in [3, 1, 2] { top.add(value) }
            #expect(top.sorted().isEmpty)
        }
    }

    @Test func aLimitBeyondTheCountKeepsEveryElementSorted() {
        var top = TopGroups<Int>(limit: 10, precedes: >)
        for value in [3, 9, 1, 9, 4] { top.add(value) }
        #expect(top.sorted() == [9, 9, 4, 3, 1])
    }
}
