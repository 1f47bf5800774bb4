import Foundation
import NamesData
import SchemaGenRuntime
import Testing

/// Conditions inside documents on both backends (hostile-names `every_types`), with the store's
/// answers: PostgreSQL runs those with an exact SQL form on its `jsonb` (members read as text,
/// numbers, `float8` or booleans, `jsonb_array_length`, `@>` for scalar elements, JSON equality as `jsonb`
/// equality) and checks the rest in Swift on the rows it fetches (`explain()` says which).
@Suite struct DocumentFilterBackendTests {
    typealias Values = EveryValueTypeBackendTests
    typealias Condition = (EveryType.QueryFields) -> QueryFilter<EveryType>

    @Test(arguments: Backend.allCases) func documentConditionsAnswerAsOnTheStore(_ backend: Backend) throws {
        try EveryValueTypeBackendTests().withDatabase(backend) { db in try documentConditions(db, backend) }
    }

    /// The ids matching `condition`; on PostgreSQL, it runs whole on the server (`server`) or
    /// partly in Swift.
    func ids(_ db: some NamesBackendDatabase, _ backend: Backend, server: Bool, _ condition: Condition) throws -> [Int64] {
        let query = db.everyTypes.filter(condition)
        if backend == .postgres {
            let statement = try #require(try query.explainRecords().backendStatement)
            #expect(statement.contains("then in Swift") == !server, "\(statement)")
        }
        return try query.all().map(\.id).sorted()
    }

    func documentConditions(_ db: some NamesBackendDatabase, _ backend: Backend) throws {
        #expect(try db.everyTypes.insert(Values.full).id == 1 && db.everyTypes.insert(Values.sparse).id == 2)
        func ids(server: Bool = true, _ condition: Condition) throws -> [Int64] { try self.ids(db, backend, server: server, condition) }
        // Members of a nested document; a member of a null document is null (sparse's nestedOpt).
        #expect(try ids { $0.nested.mode == .selfValue } == [1])
        #expect(try ids { $0.nested.at.isNull } == [2])
        #expect(try ids(server: false) { $0.nested.day < Values.day(1970, 1, 1) && $0.nested.token.isIn([Values.uuidD]) } == [1])
        #expect(try ids(server: false) { $0.nested.blob.hasPrefix(Data([0, 255])) } == [1])
        #expect(try ids(server: false) { $0.nestedOpt.day >= Values.day(2000, 1, 1) } == [1])
        #expect(try ids(server: false) { !($0.nestedOpt.day >= Values.day(2000, 1, 1)) } == [])
        #expect(try ids(server: false) { $0.nested == Values.innerSparse || $0.nestedOpt == Values.innerSparse } == [1, 2])
        // JSON as canonical text; JSON null is a value, an absent one is unknown.
        #expect(try ids { $0.doc == Values.document } == [1])
        #expect(try ids { $0.doc == .null } == [2])
        #expect(try ids { $0.docOpt == .null } == [1])
        #expect(try ids { $0.docOpt != .null } == [])
        #expect(try ids { $0.doc.isIn([5, Values.document]) } == [1])
        #expect(try ids { $0.doc.isIn([]) || $0.docOpt.isIn([.null, "x"]) } == [1])
        #expect(try ids { !$0.docOpt.isIn([1]) } == [1])
        // Arrays: counts, emptiness and elements (documents and JSON values in Swift: `@>` matches them partially).
        #expect(try ids { $0.tags.count == 3 && $0.numbers.count > 3 } == [1])
        #expect(try ids { $0.nesteds.count == 0 } == [2])
        #expect(try ids { $0.tags.isEmpty && $0.amounts.isEmpty } == [2])
        #expect(try ids { $0.tags.contains("🙂") && $0.numbers.contains(.min) && $0.modes.contains(.selfValue) } == [1])
        #expect(try ids { $0.tags.contains("🙂 ") || $0.numbers.contains(1) } == [])
        #expect(try ids(server: false) { $0.nesteds.contains(Values.innerSparse) } == [1])
        #expect(try ids(server: false) { $0.docs.contains([1, [2, [3]]]) || $0.docs.contains(1.5) } == [1])
        #expect(try ids(server: false) { $0.docs.contains(2) } == [])
        #expect(try ids(server: false) { $0.days.contains(Values.day(1, 1, 1)) } == [1])
        // Decimal elements by value: -0.010 is -0.01; more digits than the scale match nothing.
        #expect(try ids { $0.amounts.contains(Decimal(string: "-0.010")!) } == [1])
        #expect(try ids { $0.amounts.contains(Decimal(string: "99999999.99")!) && !$0.amounts.contains(1) } == [1])
        #expect(try ids { $0.amounts.contains(Decimal(string: "-0.011")!) } == [])
        // Decimal members compare exactly, as decimal columns.
        #expect(try ids { $0.nested.amount == Decimal(string: "-1234567.89")! } == [1])
        #expect(try ids { $0.nested.amount == Decimal(string: "-1234567.891")! } == [])
        #expect(try ids { $0.nested.amount < Decimal(string: "-1234567.885")! } == [1])
        #expect(try ids { $0.nested.amount >= 0 && $0.nested.amount.isIn([0, 7]) } == [2])
        #expect(try ids { $0.nestedOpt.amount != 1 } == [1])
        #expect(try ids { !($0.nestedOpt.amount <= 0) } == [])
        // Double members (full's 0.1, sparse's none) in the store's order: -0 is 0, NaN above +inf.
        #expect(try ids { $0.nested.ratio == 0.1 && $0.nested.ratio != 0.1.nextUp } == [1])
        #expect(try ids { $0.nested.ratio > 0.1 || $0.nested.ratio < 0.1 } == [])
        #expect(try ids { $0.nested.ratio < 1e-5 || $0.nested.ratio > 10 } == [])
        #expect(try ids { $0.nested.ratio < .nan && $0.nested.ratio < .infinity && $0.nested.ratio > -0.0 } == [1])
        #expect(try ids { $0.nested.ratio == .nan || $0.nested.ratio >= .nan } == [])
        #expect(try ids { $0.nested.ratio.isIn([0.30000000000000004, 0.1]) && !$0.nested.ratio.isIn([.nan, 0]) } == [1])
        #expect(try ids { $0.nested.ratio.isNull && $0.nestedOpt.ratio.isNull } == [2])
        #expect(try ids { !($0.nestedOpt.ratio <= 0) } == [])
        // UUID members by their bytes (full's FFFF…, sparse's none).
        #expect(try ids { $0.nested.token == Values.uuidD && $0.nested.token > Values.uuidC } == [1])
        #expect(try ids { $0.nested.token < Values.uuidD || $0.nested.token.isIn([Values.uuidA, Values.uuidB]) } == [])
        #expect(try ids { $0.nested.token.isNull } == [2])
        // Timestamps stay in Swift: their ISO text does not sort as the instants (signed years below 0).
        #expect(try ids(server: false) { $0.nested.at < Values.instant(0) } == [1])
        // Arrays inside documents: counts, emptiness, elements; null inside a null document.
        #expect(try ids { $0.nested.tags.count == 4 && $0.nested.tags.contains("a\"b") } == [1])
        #expect(try ids { $0.nested.tags.isEmpty } == [2])
        #expect(try ids { $0.nestedOpt.tags.isEmpty } == [1])
        #expect(try ids { $0.nestedOpt.tags.isNull } == [2])
        #expect(try ids { !$0.nestedOpt.tags.contains("ü") } == [1])
        #expect(try ids(server: false) { $0.nested.days.contains(Values.day(0, 3, 1)) } == [1])
        // JSON inside documents: full's nested holds JSON null, its nestedOpt none (nil).
        #expect(try ids { $0.nested.doc == .null } == [1])
        #expect(try ids { $0.nested.doc.isNull } == [2])
        #expect(try ids { $0.nestedOpt.doc.isNull } == [1, 2])
        #expect(try ids { $0.nested.doc.isIn([1, .null]) && $0.nested.doc != [:] } == [1])
        // One statement, every term in SQL, the same rows as the store.
        let query = db.everyTypes.filter {
            $0.nestedOpt.amount >= 0 && $0.nested.tags.count > 1 && $0.amounts.contains(0) && $0.docOpt.isIn([.null]) && $0.nested.mode == .selfValue
        }
        #expect(try query.all().map(\.id) == [1] && query.count() == 1)
        guard backend == .postgres else { return }
        // A double member as `float8` of its JSON digits, a UUID member as its lowercase text.
        let members = db.everyTypes.filter { $0.nested.ratio >= -0.0 && $0.nested.token == Values.uuidD }
        #expect(try members.count() == 1)
        #expect(try members.explain().backendStatement == """
            postgres: SELECT count(*) FROM "every_types" WHERE (("nested" -> $1))::float8 >= $2 \
            AND (("nested" -> $3) #>> '{}') COLLATE "C" = $4
            """)
        let statement = try query.explain().backendStatement
        // A decimal member is unknown where the store's scaled integer would not hold it, as on the store.
        let amount = #"(("nested_opt" -> $1))::numeric"#, scaled = "(\(amount) * 100)"
        #expect(statement == """
            postgres: SELECT count(*) FROM "every_types" WHERE (CASE WHEN \(scaled) = trunc(\(scaled)) AND \(scaled) BETWEEN -9223372036854775808 \
            AND 9223372036854775807 THEN \(amount) END) >= $2 AND jsonb_array_length(("nested" -> $3)) > $4 \
            AND "amounts" @> jsonb_build_array($5) AND "doc_opt" IN ($6) AND (("nested" -> $7) #>> '{}') COLLATE "C" = $8
            """)
    }
}
