import SchemaLanguage

/// One schema version the embedded store may have been written with: a migration's snapshot
/// (`0002_add_bio` is number 2, name `add_bio`) or the current schema file.
public struct VersionedSchema: Sendable {
    /// The version number, from 1.
    public var number: Int
    /// The migration's name (`initial`), or `current` for a schema with no migration yet.
    public var name: String
    /// The checked schema.
    public var schema: Schema
    /// The migration that holds this version (its folder and the checksum its up scripts record in
    /// `schemagen_migrations`); nil for `current`, or when the checksum was not supplied.
    public var migration: MigrationRecord?

    /// Version `number` named `name`.
    public init(number: Int, name: String, schema: Schema, migration: MigrationRecord? = nil) {
        self.number = number
        self.name = name
        self.schema = schema
        self.migration = migration
    }

    /// The versions of a schema: its migration snapshots (folder name and checked schema, oldest
    /// first), then the current schema as `current` unless it equals the newest snapshot both in
    /// the diff and in the store's catalog (a reorder of fields is no change to SQL, but the
    /// store encodes by position, so it is a version of its own).
    /// `checksums`, when given, are the snapshots' migration checksums, in the same order.
    public static func chain(snapshots: [(folder: String, schema: Schema)], current: Schema,
                             checksums: [String] = []) -> [VersionedSchema] {
        var versions = snapshots.enumerated().map { position, snapshot in
            let name = snapshot.folder.range(of: #"^[0-9]+_"#, options: .regularExpression)
                .map { String(snapshot.folder[$0.upperBound...]) } ?? snapshot.folder
            let migration = checksums.indices.contains(position)
                ? MigrationRecord(version: position + 1, folder: snapshot.folder, checksum: checksums[position]) : nil
            return VersionedSchema(number: position + 1, name: name, schema: snapshot.schema, migration: migration)
        }
        let isNewest = versions.last.map { newest in
            // Changes that need no migration (documented queries) are no store version either.
            let pending = SchemaDiff.compare(newest.schema, current).diff?.changesNeedingMigration
            return pending?.isEmpty == true
                && StoreCatalogBuilder(newest.schema).catalog() == StoreCatalogBuilder(current).catalog()
        } ?? false
        if !isNewest {
            versions.append(VersionedSchema(number: versions.count + 1, name: "current", schema: current))
        }
        return versions
    }
}

/// Emits `Swift/<Schema>+StoreEvolution.swift`: every schema version's store catalog (with value
/// shapes) and the planned step between consecutive versions, which the database facade hands the
/// runtime at open. A pure function of the versions; the last one is the schema being built.
public struct StoreEvolutionEmitter: Sendable {
    /// Creates the emitter.
    public init() {}

    /// The file, or the diff's errors when two consecutive versions do not diff (a stale `was`).
    public func emit(_ versions: [VersionedSchema]) -> (files: [EmittedFile], diagnostics: [Diagnostic]) {
        guard let current = versions.last?.schema else { return ([], []) }
        var steps: [(number: Int, plan: StoreStepPlan)] = []
        var diagnostics: [Diagnostic] = []
        for (old, new) in zip(versions, versions.dropFirst()) {
            let result = SchemaDiff.compare(old.schema, new.schema)
            diagnostics += result.diagnostics
            guard let diff = result.diff else { continue }
            steps.append((new.number, StoreStepPlanner(diff: diff, version: new.number).plan()))
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return ([], diagnostics) }
        let names = SwiftSchemaNames(current)
        let type = SwiftTypeDeclaration(
            doc: ["Every store catalog of the `\(current.name)` schema, oldest first, and the steps between them,",
                  "planned by `schemagen build` from `schema/migrations` with the same diff as the SQL migrations."],
            keyword: "public enum", name: names.storeEvolutionType,
            members: members(versions: versions, steps: steps, layout: names.storeLayoutType))
        let text = SwiftPrinter().file(header: SwiftCode.header(current), imports: ["Foundation", "SchemaGenRuntime"], [.type(type)])
        return ([EmittedFile(path: "Swift/\(names.topicFile("StoreEvolution"))", contents: text)], diagnostics)
    }

    /// Each distinct table is declared once: the current version is the store layout itself
    /// (`<Prefix>StoreLayout.schema`, its tables `tableN`), and an older version names the
    /// layout's table or an earlier version's where its table has not changed.
    private func members(versions: [VersionedSchema], steps: [(number: Int, plan: StoreStepPlan)],
                         layout: String) -> [SwiftDeclaration] {
        let evolution = SwiftExpression.call("StoreEvolution", [
            SwiftArgument("versions", .array(versions.map { .code("version\($0.number)") })),
            SwiftArgument("steps", .array(steps.map { .code("step\($0.number)") })),
        ])
        var members: [SwiftDeclaration] = [.property(SwiftProperty(
            doc: ["The versions and steps the database migrates a store through when it opens."],
            keyword: "public static let", name: "evolution", value: evolution))]
        var declared: [StoreCatalog.Table: String] = [:]
        var shapes = NamedShapes()
        if let current = versions.last {
            let catalog = StoreCatalogBuilder(current.schema).catalog()
            for (position, table) in catalog.tables.enumerated() {
                declared[table] = "\(layout).table\(position + 1)"
            }
            shapes = NamedShapes(inheriting: StoreLayoutFile.shapes(of: catalog), owner: layout)
        }
        for version in versions {
            let isCurrent = version.number == versions.last?.number
            let catalog = StoreCatalogBuilder(version.schema).catalog()
            var tables: [String] = []
            var tableDeclarations: [SwiftDeclaration] = []
            for (position, table) in catalog.tables.enumerated() {
                if let name = declared[table] {
                    tables.append(name)
                    continue
                }
                // One declaration per table keeps each expression small for the type checker.
                let name = "version\(version.number)Table\(position + 1)"
                declared[table] = name
                tables.append(name)
                let known = shapes.declarations.count
                shapes.declare([table], prefix: "version\(version.number)")
                tableDeclarations.append(.property(SwiftProperty(keyword: "static let", name: name,
                                                                 value: StoreSwiftValues.table(table, shapes: shapes))))
                tableDeclarations += shapes.declarations[known...]
            }
            let schema = isCurrent ? SwiftExpression.code("\(layout).schema")
                : StoreSwiftValues.schema(tables: tables.map(SwiftExpression.code), keyValueSpaces: catalog.keyValueSpaces)
            let value = SwiftExpression.call("StoreVersion", [
                SwiftArgument("number", .integer(version.number)), SwiftArgument("name", .string(version.name)),
                SwiftArgument("schema", schema),
            ])
            members.append(.property(SwiftProperty(doc: ["Version \(version.number), `\(version.name)`."],
                                                   keyword: "static let", name: "version\(version.number)", value: value)))
            members += tableDeclarations
        }
        for step in steps {
            members.append(.property(SwiftProperty(doc: ["From version \(step.number - 1) to \(step.number)."], keyword: "static let",
                                                   name: "step\(step.number)", value: StoreSwiftValues.step(step.plan))))
        }
        return members
    }
}
