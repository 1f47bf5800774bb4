import Foundation

/// A schema's migrations folder (`schema/migrations/<schema>`), where `schemagen migrate new`
/// writes each version's `postgres.up.sql`: what brings a database up to the migrations a build
/// expects when the application is asked to migrate it itself.
///
///     let folder = MigrationFolder(URL(fileURLWithPath: "schema/migrations/discord_bot"))
///     try await folder.applyPending(schema: "discord_bot", expected: DiscordBotPostgresDatabase.migrations, url: url)
public struct MigrationFolder: Sendable, Hashable {
    /// The folder holding one `<version>_<name>/` folder per migration.
    public let url: URL

    /// The migrations folder at `url`.
    public init(_ url: URL) { self.url = url }

    /// A migration whose up script the folder does not have.
    public struct MissingScript: Error, Sendable, Hashable, CustomStringConvertible {
        /// The migration (`0005_seed_read_access`).
        public let migration: String
        /// Where its script was looked for.
        public let path: String

        /// The error for `migration`, whose script was looked for at `path`.
        public init(migration: String, path: String) {
            self.migration = migration
            self.path = path
        }

        /// A sentence naming the file.
        public var description: String { "migration \(migration) has no up script at \(path)" }
    }

    /// `expected` with each migration's up script read from `<folder>/<name>/postgres.up.sql`.
    /// The checksum each script records is the one the database is then compared with, so a
    /// folder of another version of the schema is refused after applying, never silently kept.
    ///
    /// - Throws: ``MissingScript`` for the first migration without a script.
    public func withUpScripts(_ expected: [PostgresMigration]) throws -> [PostgresMigration] {
        try expected.map { migration in
            let file = url.appendingPathComponent(migration.name).appendingPathComponent("postgres.up.sql")
            guard let script = try? String(contentsOf: file, encoding: .utf8) else {
                throw MissingScript(migration: migration.name, path: file.path)
            }
            var withScript = migration
            withScript.upScript = script
            return withScript
        }
    }

    /// Connects to the database at `url`, applies the migrations of `expected` it has not applied
    /// (``MigrationState/applyPending(schema:expected:on:)``: in order, under an advisory lock, so
    /// concurrent callers apply each once) and returns the state after.
    ///
    /// - Throws: ``MissingScript`` before connecting when a script is missing; `MigrationRefusal`
    ///   (nothing applied) when the database holds an edited or unknown migration; `PostgresError`
    ///   naming the migration when a statement fails.
    @discardableResult
    public func applyPending(schema: String, expected: [PostgresMigration], url: String) async throws -> MigrationState {
        let migrations = try withUpScripts(expected)
        let connection = try await PostgresConnection.connect(url)
        defer { connection.close() }
        return try await MigrationState.applyPending(schema: schema, expected: migrations, on: connection)
    }
}
