import DiscordBotData
import DiscordBotPostgres
import Foundation
import Testing

/// Filters and aggregates on PostgreSQL run as one statement on the server: `explain()` names
/// it, and no row of the table crosses the wire for the Swift evaluation (the table surface's
/// row scan is never called) while the same queries on the store scan rows in Swift.
@Suite struct PushdownStatementTests {
    let directory = TemporaryDirectory()

    static func seed(_ db: some DiscordBotBackendDatabase) throws {
        try db.write { tx in
            for (user, guild, reason, active) in [(1, 2, "spam", true), (2, 2, "spam links", nil), (3, 2, "rude", false), (4, 1, "spam", true)]
                as [(Int64, Int64, String, Bool?)] {
                try tx.moderation.warnings.insert(Warning(userID: user, guildID: guild, moderatorID: 9, reason: reason,
                                                          createdAt: Date(timeIntervalSince1970: 1_750_000_000 + Double(user) * 3_600),
                                                          active: active))
            }
        }
    }

    @Test func explainOnPostgresNamesTheStatementTheServerRuns() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        let db = try DiscordBotPostgresDatabase.connect(url: database.url)
        defer { db.close() }
        try Self.seed(db)
        let query = db.warnings.filter { $0.guildID == 2 && $0.reason.hasPrefix("sp") && !$0.active.isNull }
        #expect(try query.count() == 1)
        let plan = try query.explain()
        #expect(plan.backendStatement == """
            postgres: SELECT count(*) FROM "warnings" WHERE "guild_id" = $1 AND starts_with("reason" COLLATE "C", $2) AND (NOT "active" IS NULL)
            """)
        #expect(plan.description.hasSuffix("; " + plan.backendStatement!))
        let records = try query.explainRecords().backendStatement ?? ""
        #expect(records.hasPrefix("postgres: SELECT \"id\", \"user_id\", "))
        #expect(records.hasSuffix("WHERE \"guild_id\" = $1 AND starts_with(\"reason\" COLLATE \"C\", $2) AND (NOT \"active\" IS NULL) ORDER BY \"guild_id\" ASC NULLS FIRST, \"active\" ASC NULLS FIRST, \"user_id\" ASC NULLS FIRST, \"id\" ASC NULLS FIRST"))
        let perHour = try db.warnings.filter { $0.moderatorID == 9 }.group(byHourOf: { $0.createdAt }).explain()
        #expect(perHour.backendStatement == """
            postgres: SELECT date_trunc('hour', "created_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*) FROM "warnings" \
            WHERE "moderator_id" = $1 GROUP BY 1 ORDER BY 1 ASC NULLS FIRST
            """)
    }

    @Test func theStoreExplainsNoServerStatement() throws {
        let db = try DiscordBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced))
        defer { db.close() }
        try Self.seed(db)
        #expect(try db.warnings.filter { $0.guildID == 2 }.explain().backendStatement == nil)
    }

    @Test(arguments: Backend.allCases) func filtersAndAggregatesScanNoRowsInSwiftOnPostgres(_ backend: Backend) throws {
        let store = backend == .store ? try DiscordBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced)) : nil
        defer { store?.close() }
        let postgres = backend == .postgres ? try DiscordBotPostgresDatabase.connect(url: try PostgresDatabase(schema: "discord_bot").url) : nil
        defer { postgres?.close() }
        let counter = ScanCounter()
        let (records, count, sums, first): ([Int64], Int, [Int64?], Int64?)
        if let store {
            try Self.seed(store)
            (records, count, sums, first) = try Self.run(CountingAccess(base: store.warnings.access, counter: counter))
        } else {
            try Self.seed(postgres!)
            (records, count, sums, first) = try Self.run(CountingAccess(base: postgres!.warnings.access, counter: counter))
        }
        #expect(records == [1, 3, 2])
        #expect(count == 2)
        #expect(sums == [4, 4])
        #expect(first == 3)
        if backend == .postgres {
            #expect(counter.rowsScanned == 0)
            #expect(counter.pushed == 4)
        } else {
            #expect(counter.rowsScanned > 0)
        }
    }

    /// Records, a count, a grouped sum and a first record of filtered queries through `access`.
    static func run<Access: ReadAccess>(_ access: Access) throws -> ([Int64], Int, [Int64?], Int64?) {
        let f = Warning.queryFields
        let inGuild = Query<Warning, Access>(access: access, planning: f.guildID == 2, order: .reverse, scope: nil)
        let records = try inGuild.all().map(\.userID)
        let count = try inGuild.filter(f.reason.hasPrefix("spam")).count()
        let sums = try Query<Warning, Access>(access: access, planning: f.moderatorID == 9 && f.reason.isIn(["spam", "rude"]),
                                              order: .indexOrder, scope: nil)
            .group(by: f.guildID).sum(f.userID).map(\.value)
        let first = try inGuild.filter(!(f.active == true)).first()?.userID
        return (records, count, sums, first)
    }
}

/// How a test access was used: rows read through the table surface's scan, and requests the
/// backend ran itself.
final class ScanCounter: @unchecked Sendable {
    var rowsScanned = 0
    var pushed = 0
    /// Scans counted one at a time (`count(_:index:prefix:from:to:)`).
    var scansCounted = 0
    /// Requests that counted several scans at once and were answered (`cappedCounts`).
    var countRequests = 0
}

/// An access whose readers count what they do (and pass everything on).
struct CountingAccess<Base: ReadAccess>: ReadAccess {
    let base: Base
    let counter: ScanCounter

    func withSnapshot<T>(_ body: (any TableReader) throws -> T) throws -> T {
        try base.withSnapshot { try body(CountingReader(base: $0, counter: counter)) }
    }
}

/// A reader that counts the rows its scans pass and the pushdowns its backend answered.
struct CountingReader: TableReader {
    let base: any TableReader
    let counter: ScanCounter

    var tableCatalog: TableCatalog { base.tableCatalog }
    func get(_ table: String, primaryKey: [StoreValue]) throws -> Row? { try base.get(table, primaryKey: primaryKey) }
    func get(_ table: String, index: String, key: [StoreValue]) throws -> Row? { try base.get(table, index: index, key: key) }
    func forEachRow(_ table: String, index: String?, prefix: [StoreValue], from: ScanBound?, to: ScanBound?,
                    direction: ScanDirection, _ body: (Row) throws -> Bool) throws {
        try base.forEachRow(table, index: index, prefix: prefix, from: from, to: to, direction: direction) { row in
            counter.rowsScanned += 1
            return try body(row)
        }
    }
    func count(_ table: String) throws -> Int { try base.count(table) }
    func count(_ table: String, index: String?, prefix: [StoreValue], from: ScanBound?, to: ScanBound?) throws -> Int {
        counter.scansCounted += 1
        return try base.count(table, index: index, prefix: prefix, from: from, to: to)
    }
    func cappedCounts(_ table: String, scans: [(index: String?, prefixes: [[StoreValue]], from: ScanBound?, to: ScanBound?)],
                      limit: Int) throws -> [Int]? {
        let counts = try base.cappedCounts(table, scans: scans, limit: limit)
        if counts != nil { counter.countRequests += 1 }
        return counts
    }
    func pushdown<Record: StoredRecord>(_ request: PushdownRequest<Record>) throws -> PushdownResult? {
        let result = try base.pushdown(request)
        if result != nil { counter.pushed += 1 }
        return result
    }
}
