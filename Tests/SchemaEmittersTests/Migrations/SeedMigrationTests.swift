import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// The seeds' migrations: the checked-in migrations, applied in order, build exactly what the
/// seed's DDL builds and their downs, in reverse, remove it again; and one realistic next version
/// of every seed migrates
/// up and down with its data (four phases on each SQL engine, documents under node for MongoDB).
@Suite("Seed migrations")
struct SeedMigrationTests {
    static let sqlSeeds: [(String, SQLDialect)] = SQLTestSupport.seedsWithTables.flatMap { name in
        (try? SeedSchemas.load(name))?.targets.compactMap(SQLDialect.init(target:)).map { (name, $0) } ?? []
    }

    /// The checked-in migration folders of a seed that have a script for the dialect, in order.
    static func migrationFolders(_ name: String, _ dialect: SQLDialect) throws -> [URL] {
        let root = SeedSchemas.packageRoot.appendingPathComponent("schema/migrations/\(name)")
        return try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { $0.first?.isNumber == true }
            .sorted()
            .map { root.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("\(dialect.rawValue).up.sql").path) }
    }

    @Test(arguments: sqlSeeds)
    func migrationsBuildTheSeedAndTheirDownsRemoveIt(_ name: String, _ dialect: SQLDialect) throws {
        let folders = try Self.migrationFolders(name, dialect)
        #expect(folders.first?.lastPathComponent == "0001_initial")
        func script(_ folder: URL, _ direction: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent("\(dialect.rawValue).\(direction).sql"), encoding: .utf8)
        }
        let empty = try SQLTestDatabase.fresh(dialect)
        try empty.run(MigrationBookkeeping.createTable(in: dialect))
        let emptyCatalog = try MigrationCatalog.read(empty)

        let migrated = try SQLTestDatabase.fresh(dialect)
        for folder in folders { try migrated.run(try script(folder, "up")) }
        let fresh = try SQLTestDatabase.fresh(dialect)
        try fresh.run(SQLEmitter().ddl(try SeedSchemas.load(name), for: dialect))
        let built = try MigrationCatalog.read(migrated)
        let expected = try MigrationCatalog.read(fresh)
        #expect(built == expected, "\(built.differences(from: expected))")
        #expect(try migrated.column("SELECT name FROM \(dialect.quote(MigrationBookkeeping.tableName)) ORDER BY version")
                == folders.map(\.lastPathComponent))

        for folder in folders.reversed() { try migrated.run(try script(folder, "down")) }
        let removed = try MigrationCatalog.read(migrated)
        #expect(removed == emptyCatalog, "\(removed.differences(from: emptyCatalog))")
    }

    /// A next version of each seed, as its team might write it.
    static let evolutions: [String: [(String, String)]] = [
        "discord_bot": [
            ("  message    text\n  remind_at", "  body       text was message\n  repeat     string(20)?\n  remind_at"),
            ("  index (remind_at, completed) named \"idx_reminders_time\"\n", "  index (remind_at, completed) named \"idx_reminders_time\"\n  index (user_id)\n"),
        ],
        "gryag_bot": [
            ("  /// User's full name\n  full_name  string(255)\n", "  /// User's full name\n  full_name  string(255)\n  /// Whether the account is a bot\n  is_bot     bool = false\n"),
        ],
        "setai_bot": [
            ("  /// Hex color code\n  color       string?\n  /// Role permissions", "  /// Hex color code\n  color       string(7)?\n  mentionable bool?\n  /// Role permissions"),
            ("  index (server_id) // supports the foreign key\n  query of_server \"Channels of a server\" where server_id\n}\n\n/// Roles",
             "  index (server_id) // supports the foreign key\n  index (name)\n  query of_server \"Channels of a server\" where server_id\n}\n\n/// Roles"),
        ],
        "mozaiks_core": [
            ("  title      string\n  message    text\n", "  title      string\n  body       text was message\n  read_at    timestamp?\n"),
        ],
        "syncara_bot": [
            ("  /// Admin who warned\n  warned_by  int64\n", "  /// Admin who warned\n  warned_by  int64\n  expires_at timestamp?\n"),
        ],
    ]

    static func evolved(_ name: String) throws -> (old: String, new: String) {
        let text = try String(contentsOf: SeedSchemas.packageRoot.appendingPathComponent("schema/\(name).schema"), encoding: .utf8)
        var new = text
        for (find, replace) in evolutions[name] ?? [] {
            #expect(new.components(separatedBy: find).count == 2, "\(name): edit '\(find)' must match once")
            new = new.replacingOccurrences(of: find, with: replace)
        }
        return (text, new)
    }

    static let sqlEvolutions: [(String, SQLDialect)] = SQLTestSupport.seedsWithTables.flatMap { name in
        SQLDialect.allCases.map { (name, $0) }
    }

    @Test(arguments: sqlEvolutions)
    func nextVersionOfASQLSeedRoundTrips(_ name: String, _ dialect: SQLDialect) throws {
        let (old, new) = try Self.evolved(name)
        try MigrationRoundTripTests.roundTrip(from: old, to: new, in: dialect, withRows: true)
    }

    @Test(arguments: ["mozaiks_core", "syncara_bot"])
    func nextVersionOfAMongoSeedRoundTrips(_ name: String) throws {
        let (old, new) = try Self.evolved(name)
        try MongoMigrationTests.roundTrip(from: old, to: new)
    }
}
