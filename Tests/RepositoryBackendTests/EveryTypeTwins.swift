import Foundation
import NamesData
import HostileNamesPostgres
import SchemaGenRuntime

/// The hostile-names store and a PostgreSQL database made from its DDL, both holding the same
/// `every_types` rows: what the pushdown differential tests compare.
struct EveryTypeTwins {
    let store: NamesDatabase
    let postgres: NamesPostgresDatabase
    /// Keeps the server database while the twins live.
    private let database: PostgresDatabase

    init(storeAt path: String, rows: [EveryType]) throws {
        store = try NamesDatabase.open(at: path, options: StoreOptions(durability: .unsynced))
        do {
            database = try PostgresDatabase(ddlFile: "Tests/Fixtures/hostile_names/names/sql/postgres.sql")
            postgres = try NamesPostgresDatabase.connect(url: database.url)
        } catch {
            store.close()
            throw error
        }
        try store.write { tx in for row in rows { _ = try tx.everyTypes.insert(row) } }
        try postgres.write { tx in for row in rows { _ = try tx.everyTypes.insert(row) } }
    }

    func close() {
        postgres.close()
        store.close()
    }
}
