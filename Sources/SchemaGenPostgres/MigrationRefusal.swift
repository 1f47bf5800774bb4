/// Why the database does not match the migrations a build expects, and what to run about it.
public struct MigrationRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// What does not match.
    public enum Reason: Sendable, Hashable {
        /// The database has no `schemagen_migrations` table: it was not made by schemagen's DDL or migrations.
        case noBookkeeping
        /// Migrations the build has and the database lacks, oldest first (by folder name).
        case pending([String])
        /// A version recorded with a different checksum than the build's: the migration (or the
        /// schema it leads to) was edited after the database was migrated.
        case checksumMismatch(version: Int, name: String)
        /// Versions the database has and the build does not know: the database is newer than the code.
        case databaseAhead([Int])
    }

    /// The schema (`schema_name` in the bookkeeping table).
    public var schema: String
    /// What does not match.
    public var reason: Reason

    /// What to run to resolve it.
    public var remedy: String {
        switch reason {
        case .noBookkeeping:
            return "create the database from generated/\(schema)/sql/postgres.sql, or apply "
                + "schema/migrations/\(schema)/*/postgres.up.sql in order (psql -v ON_ERROR_STOP=1 -f …, "
                + "or the generated applyPendingMigrations(url:from:))"
        case .pending(let names):
            let scripts = names.map { "schema/migrations/\(schema)/\($0)/postgres.up.sql" }
            return "apply, in order: " + scripts.joined(separator: ", ")
                + " (psql -v ON_ERROR_STOP=1 -f …), or call the generated applyPendingMigrations(url:from:) "
                + "with schema/migrations/\(schema)"
        case .checksumMismatch:
            return "run `schemagen migrate check` to find the migration edited after it was applied; "
                + "restore it from version control and add a new migration with `schemagen migrate new <name>`"
        case .databaseAhead(let versions):
            return "deploy a build that includes migration versions \(versions.map(String.init).joined(separator: ", ")), "
                + "or roll the database back with those versions' postgres.down.sql, newest first"
        }
    }

    /// The problem and its remedy in one sentence each.
    public var description: String {
        let problem: String
        switch reason {
        case .noBookkeeping: problem = "the database has no schemagen_migrations table"
        case .pending(let names): problem = "the database lacks migrations \(names.joined(separator: ", "))"
        case .checksumMismatch(let version, let name):
            problem = "migration \(name) (version \(version)) was applied with a different checksum than this build's"
        case .databaseAhead(let versions):
            problem = "the database has migration versions \(versions.map(String.init).joined(separator: ", ")) this build does not know"
        }
        return "schema \(schema): \(problem). To fix: \(remedy)."
    }
}
