import SchemaLanguage

/// Emits SQL for the schema's SQL targets: per dialect the DDL (`sql/<dialect>.sql`) and the
/// retention job (`sql/<dialect>.retention.sql`). Only tables are emitted; collections belong
/// to MongoDB. A schema without SQL targets yields no files.
public struct SQLEmitter: SchemaEmitter {
    /// The schema's versions (``VersionedSchema/chain(snapshots:current:checksums:)``), newest last:
    /// the DDL records the migrations that hold its version as applied. Empty: nothing recorded.
    public var versions: [VersionedSchema]

    /// Creates the emitter.
    public init(versions: [VersionedSchema] = []) { self.versions = versions }

    /// A short name for messages.
    public var name: String { "sql" }

    /// The files for one schema, in target order.
    public func emit(_ schema: Schema) -> [EmittedFile] {
        schema.targets.compactMap(SQLDialect.init(target:)).flatMap { dialect in
            [
                EmittedFile(path: dialect.ddlFileName,
                            contents: DDLScript(schema: schema, dialect: dialect, versions: versions).render()),
                EmittedFile(path: dialect.retentionFileName,
                            contents: RetentionScript(schema: schema, dialect: dialect).render()),
            ]
        }
    }

    /// The DDL of one dialect, whatever the schema's targets (tests apply every seed everywhere).
    public func ddl(_ schema: Schema, for dialect: SQLDialect) -> String {
        DDLScript(schema: schema, dialect: dialect).render()
    }

    /// The retention job of one dialect, whatever the schema's targets.
    public func retention(_ schema: Schema, for dialect: SQLDialect) -> String {
        RetentionScript(schema: schema, dialect: dialect).render()
    }
}
