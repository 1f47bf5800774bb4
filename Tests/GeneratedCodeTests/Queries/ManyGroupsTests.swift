import Foundation
import SchemaGenRuntime
import SetaiBotData
import Testing

/// Grouped aggregates over more groups than the fold first makes room for (its state memory
/// grows while rows arrive) and top-N cuts of many tied groups, against totals counted here.
@Suite struct ManyGroupsTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()
    /// Templates 0..<150, the usage count of template n being `usage(n)`: 45 groups of uneven size.
    static let templates = 150
    static func usage(_ n: Int) -> Int32 { Int32((n * 7) % 45) }

    func database() throws -> SetaiBotDatabase {
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.users.insert(User(userID: 1, username: "owner", discriminator: "0001", status: .active, createdAt: clock.now, updatedAt: clock.now))
        for n in 0..<Self.templates {
            try db.templates.insert(Template(name: "t\(n)", description: "", category: n % 3 == 0 ? .gaming : .education, createdBy: 1,
                                             isPublic: true,
                                             configuration: TemplateConfiguration(categories: [], channels: [], roles: [], permissions: [], settings: []),
                                             variables: [], usageCount: Self.usage(n), rating: nil, status: .active,
                                             createdAt: clock.now, updatedAt: clock.now))
        }
        return db
    }

    /// How many templates have each usage count, counted here.
    static var expectedCounts: [Int32: Int] {
        var counts: [Int32: Int] = [:]
        for n in 0..<templates { counts[usage(n), default: 0] += 1 }
        return counts
    }

    @Test func everyGroupKeepsItsOwnCountAndSumPastTheFirstRoom() throws {
        let db = try database()
        let counts = try db.templates.all().group(by: { $0.usageCount }).count()
        let expected = Self.expectedCounts
        #expect(counts.count == 45)
        #expect(counts.map(\.key) == expected.keys.sorted())
        #expect(counts.map(\.value) == expected.keys.sorted().map { expected[$0]! })
        let sums = try db.templates.all().group(by: { $0.usageCount }).sum(order: .keyDescending) { $0.usageCount }
        #expect(sums.map(\.key) == expected.keys.sorted(by: >))
        #expect(sums.map(\.value) == expected.keys.sorted(by: >).map { Int64($0) * Int64(expected[$0]!) })
    }

    @Test func topGroupsOfManyTiesComeByValueThenKey() throws {
        let db = try database()
        let expected = Self.expectedCounts
        // Most groups tie on their count; ties order by key ascending, whatever the limit.
        let byValue = expected.keys.sorted { a, b in expected[a]! != expected[b]! ? expected[a]! > expected[b]! : a < b }
        for limit in [0, 1, 3, 4, 17, 45, 60] {
            let top = try db.templates.all().group(by: { $0.usageCount }).count(order: .valueDescending, limit: limit)
            #expect(top.map(\.key) == Array(byValue.prefix(limit)), "limit \(limit)")
            #expect(top.map(\.value) == byValue.prefix(limit).map { expected[$0]! }, "limit \(limit)")
        }
        let byValueAscending = expected.keys.sorted { a, b in expected[a]! != expected[b]! ? expected[a]! < expected[b]! : a < b }
        let bottom = try db.templates.all().group(by: { $0.usageCount }).count(order: .valueAscending, limit: 7)
        #expect(bottom.map(\.key) == Array(byValueAscending.prefix(7)))
    }
}
