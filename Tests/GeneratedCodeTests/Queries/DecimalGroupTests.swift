import Foundation
import SchemaGenRuntime
import SetaiBotData
import Testing

/// Groups by two fields where one is a decimal: keys come back as exact decimals (nil for rows
/// without one), ordered by the decimal's value, with any aggregate per group.
@Suite struct DecimalGroupTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// Templates of (category, rating, usage count): ties, a null rating, a negative rating.
    func database() throws -> SetaiBotDatabase {
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.users.insert(User(userID: 1, username: "owner", discriminator: "0001", status: .active, createdAt: clock.now, updatedAt: clock.now))
        let rows: [(TemplateCategory, String?, Int32)] = [
            (.gaming, "4.75", 3), (.gaming, "4.75", 4), (.gaming, "9.75", 1), (.gaming, nil, 7),
            (.education, "4.75", 2), (.education, "0.5", 5), (.gaming, "-1.25", 6),
        ]
        for (n, (category, rating, usage)) in rows.enumerated() {
            try db.templates.insert(Template(name: "t\(n)", description: "", category: category, createdBy: 1, isPublic: true,
                                             configuration: TemplateConfiguration(categories: [], channels: [], roles: [], permissions: [], settings: []),
                                             variables: [], usageCount: usage, rating: rating.map { Decimal(string: $0)! },
                                             status: .active, createdAt: clock.now, updatedAt: clock.now))
        }
        return db
    }

    static func decimal(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test func aFieldThenADecimal() throws {
        let db = try database()
        let groups = try db.templates.all().group(by: { ($0.category, $0.rating) }).count()
        // Enum keys order by their stored text (education < gaming); a null rating first.
        let keys = groups.map { "\($0.key.0.rawValue) \($0.key.1.map { "\($0)" } ?? "nil")=\($0.value)" }
        #expect(keys == ["education 0.5=1", "education 4.75=1", "gaming nil=1", "gaming -1.25=1", "gaming 4.75=2", "gaming 9.75=1"])
    }

    @Test func aDecimalThenAFieldWithASumAndATopN() throws {
        let db = try database()
        let sums = try db.templates.all().group(by: { ($0.rating, $0.category) }).sum(order: .valueDescending, limit: 3) { $0.usageCount }
        #expect(sums.map(\.key.0) == [nil, Self.decimal("4.75"), Self.decimal("-1.25")])
        #expect(sums.map(\.key.1) == [.gaming, .gaming, .gaming])
        #expect(sums.map(\.value) == [7, 7, 6])
        // Descending keys: the decimal's numeric order (9.75 before 4.75), nulls last.
        let descending = try db.templates.filter { $0.category == .gaming }.group(by: { ($0.rating, $0.category) }).count(order: .keyDescending)
        #expect(descending.map(\.key.0) == [Self.decimal("9.75"), Self.decimal("4.75"), Self.decimal("-1.25"), nil])
    }
}
