import Foundation
import SchemaGenPostgres
import SchemaGenPostgresAccess
import ServerHarness
import SweepsData
import SweepsPostgres
import Testing

/// The sweep fixture's database on either backend (Tests/Fixtures/postgres_sweeps/sweeps.schema).
protocol SweepsBackendDatabase: SweepsTables where Access: RootAccess {
    func sweep(now: Date?) throws -> DatabaseSweepReport
    func sweep(now: Date?, handleReminder: (Reminder) throws -> Void) throws -> DatabaseSweepReport
    func startSweeping(every interval: Duration, onError: (@Sendable (any Error) -> Void)?) -> BackgroundSweeper
    func close()
}

extension SweepsDatabase: SweepsBackendDatabase {}
extension SweepsPostgresDatabase: SweepsBackendDatabase {}

extension PostgresDatabase {
    /// A fresh database with the sweep fixture's generated DDL.
    init(sweepsFixture: Void) throws {
        server = try PostgresServer.shared
        name = try server.createDatabase()
        let ddl = try String(contentsOf: Self.repository.appendingPathComponent("Tests/Fixtures/postgres_sweeps/sweeps/sql/postgres.sql"),
                             encoding: .utf8)
        // The DDL creates the fixture's roles, which belong to the whole server: one script at a time.
        let server = server, name = name
        _ = try Self.sweepsDDLLock.withLock { try server.run(ddl, database: name) }
    }

    private static let sweepsDDLLock = NSLock()
}

/// The PostgreSQL sweep's gaps closed, one test body on the store and on PostgreSQL: rows held
/// back by a `restrict` reference or an archive that holds their key (also past a `keep newest`
/// count), an owner-scoped table (row-level security on the server), with a `handled delete`
/// rule, a MongoDB collection's rules (refused, typed), and the background sweeper.
@Suite struct SweepGapBackendTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func withSweeps(_ backend: Backend, _ body: (any SweepsBackendDatabase, PostgresDatabase?) throws -> Void) throws {
        switch backend {
        case .store:
            let db = try SweepsDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try body(db, nil)
        case .postgres:
            let database = try PostgresDatabase(sweepsFixture: ())
            let db = try SweepsPostgresDatabase.connect(url: database.url, clock: clock.function)
            defer { db.close() }
            try body(db, database)
        }
    }

    func report(_ entity: String, expired: Int = 0, archived: Int = 0, capped: Int = 0, heldBack: Int = 0, handled: Int = 0,
                failures: [HandlerFailure] = []) -> SweepReport {
        var report = SweepReport(entity: entity)
        report.expired = expired
        report.archived = archived
        report.capped = capped
        report.heldBack = heldBack
        report.handled = handled
        report.handlerFailures = failures
        return report
    }

    /// A login role on the server that is only a member of the retention role (plus plain table
    /// grants for the tables without row-level security), and the fixture's database as it.
    func sweeper(_ database: PostgresDatabase) throws -> SweepsPostgresDatabase {
        let role = "sweeper_\(database.name)"
        try database.server.run("""
            CREATE ROLE \(role) LOGIN IN ROLE "sweeps:retention";
            GRANT CONNECT ON DATABASE \(database.name) TO \(role);
            GRANT USAGE ON SCHEMA public TO \(role);
            GRANT SELECT, INSERT, DELETE ON ALL TABLES IN SCHEMA public TO \(role);
            """, database: database.name)
        return try SweepsPostgresDatabase.connect(
            url: "postgresql://\(role)@\(database.server.host):\(database.server.port)/\(database.name)", clock: clock.function)
    }

    @Test(arguments: Backend.allCases) func rowsHeldBackByARestrictReferenceOrTheArchiveAreReported(_ backend: Backend) throws {
        try withSweeps(backend) { db, _ in try rowsHeldBack(db) }
    }

    func rowsHeldBack(_ db: some SweepsBackendDatabase) throws {
        let old = clock.now
        for id in Int64(1)...4 { try db.events.insert(Event(id: id, name: "event \(id)", createdAt: old)) }
        // Event 2 is referenced with `restrict`; the archive already holds event 3's key.
        try db.eventNotes.insert(EventNote(id: 1, eventID: 2, body: "keep"))
        try db.eventsArchive.insert(EventsArchive(id: 3, name: "archived before", createdAt: old))
        clock.advance(days: 40)
        try db.events.insert(Event(id: 5, name: "recent", createdAt: clock.now))
        let first = try db.sweep(now: clock.now)
        #expect(first["events"] == report("events", archived: 2, heldBack: 2))
        #expect(first["events_archive"] == report("events_archive"))
        #expect(first.total == 2)
        #expect(try db.events.all().all().map(\.id) == [2, 3, 5])
        #expect(try db.eventsArchive.all().all().map(\.id) == [1, 3, 4])
        #expect(try db.eventsArchive.get(id: 3)?.name == "archived before")
        // Once the note goes, event 2 leaves; event 3 stays held back.
        #expect(try db.eventNotes.delete(id: 1))
        #expect(try db.sweep(now: clock.now)["events"] == report("events", archived: 1, heldBack: 1))
        #expect(try db.events.all().all().map(\.id) == [3, 5])
    }

    @Test(arguments: Backend.allCases) func ownerScopedTableIsSweptAcrossOwners(_ backend: Backend) throws {
        try withSweeps(backend) { db, database in try ownerScopedTable(db, database) }
    }

    func ownerScopedTable(_ db: some SweepsBackendDatabase, _ database: PostgresDatabase?) throws {
        let old = clock.now
        try db.drafts(ownedBy: 1).insert(Draft(id: 1, ownerID: 1, body: "old", createdAt: old))
        try db.drafts(ownedBy: 2).insert(Draft(id: 2, ownerID: 2, body: "old", createdAt: old))
        clock.advance(days: 8)
        try db.drafts(ownedBy: 1).insert(Draft(id: 3, ownerID: 1, body: "new", createdAt: clock.now))
        guard let database else {
            #expect(try db.sweep(now: clock.now)["drafts"] == report("drafts", expired: 2))
            #expect(try db.drafts(ownedBy: 1).all().all().map(\.id) == [3])
            #expect(try db.drafts(ownedBy: 2).count() == 0)
            return
        }
        // On the server, row-level security hides every draft from a role that names no owner:
        // the sweep reaches them as the retention role, of which this login role is a member.
        let retention = try sweeper(database)
        defer { retention.close() }
        #expect(try retention.sweep(now: clock.now).reports == [report("events"), report("events_archive"), report("drafts", expired: 2),
                                                             report("reminders"), report("readings")])
        #expect(try database.query("SELECT id FROM drafts ORDER BY id") == [["3"]])
    }

    @Test(arguments: Backend.allCases) func ownerScopedHandledRulesRunThroughTheDatabaseSweep(_ backend: Backend) throws {
        try withSweeps(backend) { db, database in try ownerScopedHandledRules(db, database) }
    }

    /// `handled delete at due_at` on an owner-scoped table: `db.sweep(now:)` leaves the due rows;
    /// `db.sweep(now:handleReminder:)` passes every owner's due rows to the handler and deletes
    /// each one it returned for (on PostgreSQL as the retention role, under row-level security).
    func ownerScopedHandledRules(_ db: some SweepsBackendDatabase, _ database: PostgresDatabase?) throws {
        let start = clock.now
        try db.reminders(ownedBy: 1).insert(Reminder(id: 1, ownerID: 1, text: "standup", dueAt: start + 60))
        try db.reminders(ownedBy: 2).insert(Reminder(id: 2, ownerID: 2, text: "call", dueAt: start + 30))
        try db.reminders(ownedBy: 2).insert(Reminder(id: 3, ownerID: 2, text: "undeliverable", dueAt: start + 90))
        try db.reminders(ownedBy: 1).insert(Reminder(id: 4, ownerID: 1, text: "tomorrow", dueAt: start + 86_400))
        clock.advance(days: 120.0 / 86_400)
        let retention = try database.map { try self.sweeper($0) }
        defer { retention?.close() }
        func sweep(_ handle: (Reminder) throws -> Void) throws -> DatabaseSweepReport {
            if let retention { return try retention.sweep(now: clock.now, handleReminder: handle) }
            return try db.sweep(now: clock.now, handleReminder: handle)
        }
        #expect(try (retention?.sweep(now: clock.now) ?? db.sweep(now: clock.now))["reminders"] == report("reminders"))
        #expect(try db.reminders(ownedBy: 1).count() + db.reminders(ownedBy: 2).count() == 4)
        var sent: [Int64] = []
        let swept = try sweep { reminder in
            if reminder.id == 3 { throw RefusedPunishment(userID: reminder.ownerID) }
            sent.append(reminder.id)
        }
        #expect(sent == [1, 2])
        #expect(swept["reminders"] == report("reminders", handled: 2,
                                             failures: [HandlerFailure(key: [.int(3)], message: "user 2 is still appealing")]))
        #expect(swept["drafts"] == report("drafts"))
        #expect(try db.reminders(ownedBy: 1).all().all().map(\.id) == [4])
        #expect(try db.reminders(ownedBy: 2).all().all().map(\.id) == [3])
        clock.advance(days: 1)
        #expect(try sweep { _ in }["reminders"] == report("reminders", handled: 2))
        #expect(try db.reminders(ownedBy: 1).count() + db.reminders(ownedBy: 2).count() == 0)
    }

    @Test(arguments: Backend.allCases) func rowsPastAKeepNewestCountHeldBackByARestrictReferenceAreReported(_ backend: Backend) throws {
        try withSweeps(backend) { db, _ in try cappedRowsHeldBack(db) }
    }

    /// `keep newest 2 per sensor`: a reading past the count that an alert references stays,
    /// counted in `heldBack` (the newer ones are not deleted in its place), and leaves once the
    /// alert goes. Moving readings into a sensor (an update; caps run after inserts) puts it past the count.
    func cappedRowsHeldBack(_ db: some SweepsBackendDatabase) throws {
        let start = clock.now
        for (id, sensor) in [(1, 1), (2, 1), (3, 2), (4, 2)] as [(Int64, Int64)] {
            try db.readings.insert(Reading(id: id, sensor: sensor, takenAt: start + Double(id) * 60))
        }
        try db.alerts.insert(Alert(id: 1, readingID: 1))
        for id: Int64 in [3, 4] { _ = try db.readings.update(id: id) { $0.sensor = 1 } }
        let first = try db.sweep(now: clock.now)
        #expect(first["readings"] == report("readings", capped: 1, heldBack: 1))
        #expect(try db.readings.all().all().map(\.id) == [1, 3, 4])
        #expect(try db.alerts.delete(id: 1))
        #expect(try db.sweep(now: clock.now)["readings"] == report("readings", capped: 1))
        #expect(try db.readings.all().all().map(\.id) == [3, 4])
    }

    @Test(arguments: Backend.allCases) func anInsertPastAKeepNewestCountLeavesARowARestrictReferenceHolds(_ backend: Backend) throws {
        try withSweeps(backend) { db, _ in try insertTimeCapLeavesHeldRows(db) }
    }

    /// The cap applied after an insert leaves a row past the count that an alert references, as
    /// the sweep and the SQL job do (the insert succeeds; no newer row goes in its place), and
    /// deletes it with the next insert once the alert is gone.
    func insertTimeCapLeavesHeldRows(_ db: some SweepsBackendDatabase) throws {
        let start = clock.now
        func insert(_ id: Int64) throws { try db.readings.insert(Reading(id: id, sensor: 1, takenAt: start + Double(id) * 60)) }
        try insert(1)
        try insert(2)
        try db.alerts.insert(Alert(id: 1, readingID: 1))
        try insert(3)
        #expect(try db.readings.all().all().map(\.id) == [1, 2, 3])
        try insert(4)
        #expect(try db.readings.all().all().map(\.id) == [1, 3, 4])
        #expect(try db.sweep(now: clock.now)["readings"] == report("readings", heldBack: 1))
        #expect(try db.alerts.delete(id: 1))
        try insert(5)
        #expect(try db.readings.all().all().map(\.id) == [4, 5])
    }

    @Test(arguments: Backend.allCases) func arrayEntryRulesOfACollectionRunOnlyWhereTheCollectionLives(_ backend: Backend) throws {
        try withSweeps(backend) { db, _ in try arrayEntryRules(db, backend) }
    }

    func arrayEntryRules(_ db: some SweepsBackendDatabase, _ backend: Backend) throws {
        let old = clock.now
        clock.advance(days: 40)
        let visits = [Visit(at: old, page: "/old"), Visit(at: clock.now, page: "/new")]
        switch backend {
        case .store:
            let profile = try db.profiles.insert(Profile(id: ObjectID(), name: "ann", visits: visits))
            var expected = SweepReport(entity: "profiles")
            expected.expiredEntries = 1
            #expect(try db.sweep(now: clock.now)["profiles"] == expected)
            #expect(try db.profiles.get(id: profile.id)?.visits.map(\.page) == ["/new"])
        case .postgres:
            // The collection lives in MongoDB: the facade's sweep leaves it out, and its own
            // sweep is refused with the reason, before anything runs.
            #expect(try db.sweep(now: clock.now).reports.map(\.entity) == ["events", "events_archive", "drafts", "reminders", "readings"])
            #expect(throws: PostgresSweepRefusal(entity: "profiles", reason: .notATable)) {
                try db.profiles.sweep(now: clock.now)
            }
        }
    }

    @Test func anArrayEntryRuleOnAPostgresTableIsRefusedWithItsReason() throws {
        let database = try PostgresDatabase(sweepsFixture: ())
        try database.server.run("CREATE TABLE histories (id bigint PRIMARY KEY, entries bytea);", database: database.name)
        let schema = StoreSchema(tables: [
            TableDefinition("histories", columns: [.init("id", .int), .init("entries", .bytes, nullable: true)], primaryKey: ["id"]),
        ])
        let access = try PostgresAccess.connect(url: database.url, schema: schema, retention: ["histories": [PostgresRetentionJob(sql: nil)]])
        defer { access.close() }
        let rule = RetentionAction.expireEntries(column: "entries", age: 60) { _, _ in nil }
        #expect(throws: PostgresSweepRefusal(entity: "histories", reason: .arrayEntries(column: "entries"))) {
            try access.withTransaction { tx in
                try Retention.sweep(entity: "histories", table: "histories", primaryKey: [0], rules: [rule], in: tx, now: Date())
            }
        }
        // A facade of another schema version: refused, naming both counts.
        let stale = try PostgresAccess.connect(url: database.url, schema: schema, retention: [:])
        defer { stale.close() }
        #expect(throws: PostgresSweepRefusal(entity: "histories", reason: .jobsOutOfDate(rules: 1, jobs: 0))) {
            try stale.withTransaction { tx in
                try Retention.sweep(entity: "histories", table: "histories", primaryKey: [0],
                                    rules: [.expire(column: "id", age: 1, condition: nil)], in: tx, now: Date())
            }
        }
    }

    @Test(arguments: Backend.allCases) func backgroundSweeperRunsUntilStopped(_ backend: Backend) async throws {
        switch backend {
        case .store:
            let db = try SweepsDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try await backgroundSweeperRunsUntilStopped(db)
        case .postgres:
            let database = try PostgresDatabase(sweepsFixture: ())
            let db = try SweepsPostgresDatabase.connect(url: database.url, clock: clock.function)
            defer { db.close() }
            try await backgroundSweeperRunsUntilStopped(db)
            // Closing the database ends a running sweeper by itself.
            let sweeper = db.startSweeping(every: .milliseconds(20), onError: nil)
            db.close()
            try await eventually { sweeper.isStopped }
        }
    }

    func backgroundSweeperRunsUntilStopped(_ db: some SweepsBackendDatabase) async throws {
        let old = clock.now
        clock.advance(days: 40)
        try db.events.insert(Event(id: 1, name: "due", createdAt: old))
        let failures = SweeperErrors()
        let sweeper = db.startSweeping(every: .milliseconds(20)) { failures.append($0) }
        try await eventually { try db.events.count() == 0 }
        #expect(try db.eventsArchive.get(id: 1)?.name == "due")
        await sweeper.stop()
        #expect(sweeper.isStopped)
        try db.events.insert(Event(id: 2, name: "due after the stop", createdAt: old))
        try await Task.sleep(for: .milliseconds(200))
        #expect(try db.events.get(id: 2) != nil)
        #expect(failures.messages.isEmpty)
    }

    /// Waits until `condition` holds, polling up to 1,000 times 20 ms apart. Counted in polls, not
    /// wall time: while parallel tests hold every thread of the concurrency pool, neither this
    /// loop nor the sweeper runs, and that time must not count against the sweeper.
    func eventually(_ condition: () throws -> Bool) async throws {
        for _ in 0..<1_000 {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        if try !condition() { Issue.record("the condition did not hold after 1,000 polls") }
    }
}

/// The errors a background sweeper reported.
final class SweeperErrors: @unchecked Sendable {
    // @unchecked: `list` is only touched with `lock` held.
    private let lock = NSLock()
    private var list: [String] = []

    func append(_ error: any Error) { lock.withLock { list.append(String(describing: error)) } }
    var messages: [String] { lock.withLock { list } }
}
