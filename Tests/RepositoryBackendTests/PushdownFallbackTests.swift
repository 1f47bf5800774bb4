import Foundation
import SchemaGenPostgres
import SchemaGenPostgresAccess
import SchemaGenRuntime
import Testing

/// What SQL cannot answer exactly as the store stays in Swift on PostgreSQL, and still answers
/// right: a term comparing text with a NUL (which PostgreSQL text cannot hold) is checked in
/// Swift on the rows the other terms select on the server (read in keyset batches, so `first()`
/// and pages stop early), and a sum of doubles is taken in Swift over the rows the server
/// selected. Terms on `double` columns run on the server, -0.0 equal to 0.0 as on the store.
@Suite struct PushdownFallbackTests {
    /// A reading: `id`, `score` (a double, nullable), `tag`.
    struct Reading: StoredRecord, Equatable {
        static let tableName = "readings"
        static let entityName = "readings"
        static let primaryKeyPositions = [0]
        let id: Int64, score: Double?, tag: String

        init(_ id: Int64, _ score: Double?, _ tag: String) { (self.id, self.score, self.tag) = (id, score, tag) }

        init(row: Row) throws {
            guard case .int(let id) = row[0], case .string(let tag) = row[2] else { throw RecordError.undecodable(entity: "readings", reason: "\(row)") }
            self.init(id, row[1].doubleValue, tag)
        }

        var row: Row { [.int(id), score.map(StoreValue.double) ?? .null, .string(tag)] }
    }

    static let schema = StoreSchema(tables: [
        TableDefinition("readings", columns: [.init("id", .int), .init("score", .double, nullable: true), .init("tag", .string)], primaryKey: ["id"]),
    ])

    /// More rows than one keyset batch (256) holds.
    static let readings = (1...700).map { i -> Reading in
        let score: Double?
        if i % 5 == 0 {
            score = nil
        } else if i % 11 == 0 {
            score = -0.0
        } else {
            score = Double(i % 7) / 2
        }
        return Reading(Int64(i), score, i % 3 == 0 ? "a" : "b")
    }

    @Test func termsAndSumsOnDoublesAreEvaluatedInSwiftOverTheServersRows() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        try database.server.run("CREATE TABLE readings (id bigint PRIMARY KEY, score double precision, tag text NOT NULL);", database: database.name)
        let access = try PostgresAccess.connect(url: database.url, schema: Self.schema, maximumConnections: 1)
        defer { access.close() }
        try access.withTransaction { writer in for reading in Self.readings { try writer.insert(reading.row, into: "readings") } }
        let score = QueryField<Reading, Double?>(position: 1, name: "score")
        let tag = QueryField<Reading, String>(position: 2, name: "tag")
        let counter = ScanCounter()
        let counting = CountingAccess(base: access, counter: counter)
        func query(_ filter: QueryFilter<Reading>, _ order: QueryOrder = .indexOrder) -> Query<Reading, CountingAccess<PostgresAccess>> {
            Query(access: counting, planning: filter, order: order, scope: nil)
        }
        let mixed: QueryFilter<Reading> = tag == "a" && score > 2.0 && tag != "a\u{0}"
        let expected = Self.readings.filter { mixed.matches($0.row) }
        #expect(expected.count == 50)
        #expect(try query(mixed).all() == expected)
        #expect(try query(mixed, .reverse).first() == expected.last)
        #expect(try query(mixed).count() == expected.count)
        var paged: [Reading] = []
        var cursor: PageCursor?
        repeat {
            let page = try query(mixed).fetch(limit: 30, after: cursor)
            paged += page.items
            cursor = page.next
        } while cursor != nil
        #expect(paged == expected)
        let statement = try #require(try query(mixed).explainRecords().backendStatement)
        // The NUL term's text is not the point: what runs where is.
        #expect(statement.hasPrefix("postgres: SELECT \"id\", \"score\", \"tag\" FROM \"readings\" WHERE \"tag\" COLLATE \"C\" = $1 "
            + "AND \"score\" > $2 ORDER BY \"id\" ASC NULLS FIRST LIMIT 256; then in Swift: tag <> "), "\(statement)")
        // -0.0 and 0.0 are one value on the store and on the server: the term runs there.
        let zero: QueryFilter<Reading> = score == 0.0
        #expect(try query(zero).explainRecords().backendStatement?.contains("then in Swift") == false)
        #expect(try query(zero).all() == Self.readings.filter { zero.matches($0.row) })
        #expect(try query(zero).all().contains { $0.score?.sign == .minus })
        // A sum of doubles, over the rows the server selected.
        let sum = Self.readings.filter { $0.tag == "b" }.compactMap { (reading: Reading) -> Double? in reading.score }.reduce(0, +)
        #expect(try query(tag == "b").sum(score) == sum)
        #expect(counter.rowsScanned == 0)
        #expect(counter.pushed == 10)  // each query above, the two explains included
    }
}
