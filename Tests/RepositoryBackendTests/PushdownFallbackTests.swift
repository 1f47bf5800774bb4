import Foundation
import SchemaGenPostgres
import SchemaGenPostgresAccess
import SchemaGenRuntime
import Testing

/// What SQL cannot answer exactly as the store stays in Swift on PostgreSQL, and still answers
/// right: a query with a term on a `double` column is evaluated over the index range's rows,
/// with no statement of its own; a sum of doubles is taken in Swift over the rows the server
/// selected; the same query without the double term runs on the server.
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

    static let readings = [Reading(1, 2.5, "a"), Reading(2, -0.0, "b"), Reading(3, nil, "a"), Reading(4, 0.25, "a"), Reading(5, 7, "b")]

    @Test func termsAndSumsOnDoublesAreEvaluatedInSwift() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        try database.server.run("CREATE TABLE readings (id bigint PRIMARY KEY, score double precision, tag text NOT NULL);", database: database.name)
        let access = try PostgresAccess.connect(url: database.url, schema: Self.schema, maximumConnections: 1)
        defer { access.close() }
        try access.withTransaction { writer in for reading in Self.readings { try writer.insert(reading.row, into: "readings") } }
        let score = QueryField<Reading, Double?>(position: 1, name: "score")
        let tag = QueryField<Reading, String>(position: 2, name: "tag")
        let counter = ScanCounter()
        let counting = CountingAccess(base: access, counter: counter)
        let onDoubles = Query<Reading, CountingAccess<PostgresAccess>>(access: counting, planning: tag == "a" && score > 0.5, order: .indexOrder, scope: nil)
        #expect(try onDoubles.all() == [Reading(1, 2.5, "a")])
        #expect(try onDoubles.explain().backendStatement == nil)
        // The filter ran in Swift over the whole primary-key range: every row was scanned.
        #expect(counter.pushed == 0)
        #expect(counter.rowsScanned == 5)
        // A sum of doubles is taken in Swift, over the rows the server's WHERE selected.
        #expect(try Query<Reading, CountingAccess<PostgresAccess>>(access: counting, planning: tag == "b", order: .indexOrder, scope: nil).sum(score) == 7)
        #expect(counter.pushed == 1)
        #expect(counter.rowsScanned == 5)
        let onText = Query<Reading, CountingAccess<PostgresAccess>>(access: counting, planning: tag == "a", order: .reverse, scope: nil)
        #expect(try onText.all().map(\.id) == [4, 3, 1])
        #expect(try onText.explain().backendStatement == #"postgres: SELECT count(*) FROM "readings" WHERE "tag" COLLATE "C" = $1"#)
        #expect(counter.pushed == 3)
        #expect(counter.rowsScanned == 5)
    }
}
