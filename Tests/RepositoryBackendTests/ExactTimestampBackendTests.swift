import Foundation
import HostileNamesPostgres
import NamesData
import SchemaGenRuntime
import Testing

/// The store holds a timestamp as `Int64` microseconds since 1970; PostgreSQL as microseconds
/// since 2000. The facade maps one to the other without a `Date` in between, so instants far
/// from 2001 keep their last microsecond on both backends, and one PostgreSQL cannot hold is
/// refused naming the column, with nothing written.
@Suite struct ExactTimestampBackendTests {
    /// 0001-01-01T00:00:00.000001Z, 9999-12-31T23:59:59.999999Z, a microsecond before 1970, the
    /// server's first instant (4714-11-24 BC) and the store's last (`Int64.max`, AD 294247).
    static let extremes: [Int64] = [-62_135_596_800_000_000 + 1, 253_402_300_799_999_999, -1,
                                    -210_866_803_200_000_000, .max]
    /// One microsecond before the server's first instant.
    static let beforePostgres: Int64 = -210_866_803_200_000_001

    /// Writes `micros` into `every_types.at` of row `id` through the facade's table writer.
    static func setAt(_ micros: Int64, id: Int64, in db: some NamesBackendDatabase) throws {
        try db.access.withTransaction { tx in
            let position = try #require(try tx.tableCatalog.table("every_types").columns.firstIndex { $0.name == "at" })
            var row = try #require(try tx.get("every_types", primaryKey: [.int(id)]))
            row[position] = .timestamp(micros)
            try tx.update(row, in: "every_types")
        }
    }

    /// `every_types.at` of row `id` as the facade reads it.
    static func at(id: Int64, in db: some NamesBackendDatabase) throws -> StoreValue? {
        try db.access.withSnapshot { reader in
            let position = try #require(try reader.tableCatalog.table("every_types").columns.firstIndex { $0.name == "at" })
            return try reader.get("every_types", primaryKey: [.int(id)])?[position]
        }
    }

    @Test(arguments: Backend.allCases) func extremeInstantsRoundTripToTheMicrosecond(_ backend: Backend) throws {
        try EveryValueTypeBackendTests().withDatabase(backend) { db in try Self.extremeInstantsRoundTrip(db) }
    }

    static func extremeInstantsRoundTrip(_ db: some NamesBackendDatabase) throws {
        let id = try db.everyTypes.insert(EveryValueTypeBackendTests.sparse).id
        for micros in Self.extremes {
            try Self.setAt(micros, id: id, in: db)
            #expect(try Self.at(id: id, in: db) == .timestamp(micros))
        }
        // Through the typed records too: 9999-12-31 to the nearest microsecond a `Date` holds.
        var record = EveryValueTypeBackendTests.sparse
        record.at = StoreTime.date(253_402_300_799_999_000)
        let written = try db.everyTypes.insert(record)
        #expect(try db.everyTypes.get(id: written.id)?.at == record.at)
        #expect(try Self.at(id: written.id, in: db) == StoreTime.value(record.at))
        // A bound before PostgreSQL's range compares as `-infinity` there, as the store compares it.
        let beforeAll = StoreTime.date(beforePostgres - 1_000_000_000)
        #expect(try db.everyTypes.filter { $0.at > beforeAll }.count() == 2)
        #expect(try db.everyTypes.filter { $0.at <= beforeAll }.count() == 0)
    }

    /// A fresh row's id (its `at` is 1970-01-01).
    static func insertSparse(_ db: some NamesBackendDatabase) throws -> Int64 {
        try db.everyTypes.insert(EveryValueTypeBackendTests.sparse).id
    }

    @Test func anInstantBeforePostgresRangeIsRefusedNamingTheColumn() throws {
        try EveryValueTypeBackendTests().withDatabase(.postgres) { db in
            let id = try Self.insertSparse(db)
            #expect(throws: StoreError.invalidRow(table: "every_types", reason: "column 'at' cannot hold timestamp(-210866803200000001) on "
                    + "PostgreSQL (timestamptz): outside PostgreSQL's timestamp range (4713 BC to 294276 AD)")) {
                try Self.setAt(Self.beforePostgres, id: id, in: db)
            }
            #expect(try Self.at(id: id, in: db) == .timestamp(0))
        }
        // The store holds it.
        try EveryValueTypeBackendTests().withDatabase(.store) { db in
            let id = try Self.insertSparse(db)
            try Self.setAt(Self.beforePostgres, id: id, in: db)
            #expect(try Self.at(id: id, in: db) == .timestamp(Self.beforePostgres))
        }
    }

    /// The store has no infinities: a server `infinity` written outside the facade is reported
    /// on read, naming the column, rather than read as some far instant.
    @Test func aServerInfinityIsReportedOnRead() throws {
        let database = try PostgresDatabase(ddlFile: "Tests/Fixtures/hostile_names/names/sql/postgres.sql")
        let db = try NamesPostgresDatabase.connect(url: database.url)
        defer { db.close() }
        let id = try Self.insertSparse(db)
        try database.server.run("UPDATE every_types SET at = '-infinity'", database: database.name)
        #expect(throws: StoreError.invalidRow(table: "every_types", reason: "column 'at' read -infinity from PostgreSQL, which the store's timestamps cannot hold")) {
            try Self.at(id: id, in: db)
        }
    }
}
