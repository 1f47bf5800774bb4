import SchemaLanguage

/// The files of one migration between two schema versions: per SQL target `<dialect>.up.sql`
/// and `<dialect>.down.sql` (the down is the same diff reversed), `mongo.up.js` and
/// `mongo.down.js` for MongoDB, and `schema.schema`, the new version's source, which the next
/// migration diffs against and `migrate check` replays.
public enum MigrationFiles {
    /// The files, by name.
    public static func files(diff: SchemaDiff, version: Int, name: String, schemaText: String) -> [String: String] {
        var files = ["schema.schema": schemaText]
        let checksum = MigrationRecord.checksum(ofSchemaText: schemaText)
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
