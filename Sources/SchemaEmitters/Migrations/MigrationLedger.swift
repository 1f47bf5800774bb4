import SchemaLanguage

/// The migrations of one schema as a chain of checksums, like a `go.sum` whose every line also
/// covers the line before it: editing, inserting, removing or reordering any old migration
/// changes every later sum, so `migrate check` names the first migration that differs.
///
/// A migration's files are hashed normalised: line endings as `\n`, trailing spaces dropped,
/// comment lines (`--`, `//`) and blank lines left out. Reformatting a comment is not a change;
/// changing a statement is.
public struct MigrationLedger: Sendable, Hashable {
    /// One migration: its folder name (`0002_add_bio`) and its files (name → text).
    public struct Entry: Sendable, Hashable {
        /// The folder name.
        public var name: String
        /// File name → contents.
        public var files: [String: String]
        /// Creates an entry.
        public init(name: String, files: [String: String]) {
            self.name = name
            self.files = files
        }
    }

    /// The migrations in order.
    public var entries: [Entry]

    /// Creates a ledger.
    public init(entries: [Entry]) { self.entries = entries }

    /// The chained sum after each migration, in order.
    public var sums: [String] {
        var previous = ""
        return entries.map { entry in
            var text = previous + "\n" + entry.name + "\n"
            for name in entry.files.keys.sorted() {
                text += name + "\n" + Self.normalised(entry.files[name]!) + "\n"
            }
            previous = SHA256.hex(text)
            return previous
        }
    }

    /// The sum file: a header comment, then `<name> <sum>` per migration.
    public var sumFile: String {
        var lines = ["# schemagen migration sums: each line is SHA-256 over the line before it and the",
                     "# migration's files (normalised). Written by 'schemagen migrate new'; do not edit."]
        for (entry, sum) in zip(entries, sums) { lines.append("\(entry.name) \(sum)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What differs between the migrations on disk and a sum file, in order; empty when they agree.
    public func problems(against sumFile: String) -> [String] {
        let recorded = sumFile.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return (name: parts[0], sum: parts.count > 1 ? parts[1] : "")
        }
        let sums = sums
        var problems: [String] = []
        for (position, entry) in entries.enumerated() {
            guard position < recorded.count else {
                problems.append("migration \(entry.name) is not in the sum file (added by hand, or 'migrate new' was interrupted)")
                continue
            }
            let expected = recorded[position]
            if expected.name != entry.name {
                let inSums = recorded.contains { $0.name == entry.name }
                problems.append(inSums
                    ? "migration \(expected.name) was removed or the order changed: \(entry.name) is at position \(position + 1)"
                    : "migration \(entry.name) was inserted before \(expected.name)")
                return problems
            }
            if expected.sum != sums[position] {
                problems.append("migration \(entry.name) was edited after it was written (its sum no longer matches)")
                return problems
            }
        }
        for missing in recorded.dropFirst(entries.count) {
            problems.append("migration \(missing.name) is in the sum file but its folder is missing")
        }
        return problems
    }

    /// Text as hashed: `\n` line ends, no trailing spaces, no comment or blank lines.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { line -> Substring in
                var end = line.endIndex
                while end > line.startIndex, line[line.index(before: end)] == " " || line[line.index(before: end)] == "\t" {
                    end = line.index(before: end)
                }
                return line[..<end]
            }
            .filter { line in
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                return !trimmed.isEmpty && !trimmed.hasPrefix("--") && !trimmed.hasPrefix("//") && !trimmed.hasPrefix("#")
            }
            .joined(separator: "\n")
    }
}

/// The files of one migration between two schema versions: per SQL target `<dialect>.up.sql`
/// and `<dialect>.down.sql` (the down is the same diff reversed), `mongo.up.js` and
/// `mongo.down.js` for MongoDB, and `schema.schema`, the new version's source, which the next
/// migration diffs against and `migrate check` replays.
public enum MigrationFiles {
    /// The files, by name.
    public static func files(diff: SchemaDiff, version: Int, name: String, schemaText: String) -> [String: String] {
        var files = ["schema.schema": schemaText]
        let checksum = SHA256.hex(MigrationLedger.normalised(schemaText))
        let reversed = diff.reversed
        for dialect in diff.new.targets.compactMap(SQLDialect.init(target:)) {
            var up = diff.migration(for: dialect)
            // A database made before it had the table (or by hand) gets it here; it is never dropped.
            up.beforeTransaction.insert(MigrationBookkeeping.createTable(in: dialect), at: 0)
            up.bookkeeping = MigrationBookkeeping.record(schema: diff.new.name, version: version, name: name, checksum: checksum, in: dialect)
            var down = reversed.migration(for: dialect)
            down.bookkeeping = MigrationBookkeeping.forget(schema: diff.new.name, version: version, in: dialect)
            files["\(dialect.rawValue).up.sql"] = up.render()
            files["\(dialect.rawValue).down.sql"] = down.render()
        }
        if diff.new.targets.contains(.mongo) {
            files["mongo.up.js"] = MongoMigration(diff: diff).render()
            files["mongo.down.js"] = MongoMigration(diff: reversed).render()
        }
        return files
    }
}

/// The table every SQL database of a schema keeps its applied migrations in, and the statements
/// that maintain it. Part of every generated DDL file, so a fresh database starts at the version
/// it was created with.
public enum MigrationBookkeeping {
    /// The table's name; the checker reserves it.
    public static let tableName = Checker.migrationsTable

    /// `CREATE TABLE IF NOT EXISTS schemagen_migrations (schema_name, version, name, checksum,
    /// applied_at)`: one table per database, shared by every schema applied to it.
    public static func createTable(in dialect: SQLDialect) -> String {
        let timestamp = dialect == .mysql ? "DATETIME(6)" : dialect == .postgres ? "timestamptz" : "TEXT"
        let text = dialect == .mysql ? "VARCHAR(255)" : "TEXT"
        let options = dialect == .mysql ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" : ""
        let q = dialect.quote
        return """
            -- Applied migrations (schemagen migrate): per schema, the version, its folder, the SHA-256 of its schema, when.
            CREATE TABLE IF NOT EXISTS \(q(tableName)) (
              \(q("schema_name")) \(text) NOT NULL,
              \(q("version")) INTEGER NOT NULL,
              \(q("name")) \(text) NOT NULL,
              \(q("checksum")) CHAR(64) NOT NULL,
              \(q("applied_at")) \(timestamp) NOT NULL DEFAULT \(dialect.currentTimestamp),
              PRIMARY KEY (\(q("schema_name")), \(q("version")))
            )\(options);
            """
    }

    /// Records a migration as applied.
    static func record(schema: String, version: Int, name: String, checksum: String, in dialect: SQLDialect) -> String {
        let q = dialect.quote
        return "INSERT INTO \(q(tableName)) (\(q("schema_name")), \(q("version")), \(q("name")), \(q("checksum"))) "
            + "VALUES (\(dialect.string(schema)), \(version), \(dialect.string(name)), \(dialect.string(checksum)));"
    }

    /// Forgets a migration (its down ran).
    static func forget(schema: String, version: Int, in dialect: SQLDialect) -> String {
        let q = dialect.quote
        return "DELETE FROM \(q(tableName)) WHERE \(q("schema_name")) = \(dialect.string(schema)) AND \(q("version")) = \(version);"
    }
}
