import SchemaLanguage

/// Renders `mongo/setup.js`: a mongosh script creating every collection with its `$jsonSchema`
/// validator and indexes. Re-running it is safe: a missing collection is created, an existing one
/// gets the current validator with `collMod`, and `createIndex` does nothing for an index that
/// already exists with the same options. A partitioned collection gets a function instead
/// (`setupTodos(chatId)` for `todos_{chat_id}`), called by the application when a partition is
/// first used. Read-only modules get their roles last (``MongoReadRoles``).
struct MongoSetupScript {
    /// The schema scripted.
    let schema: Schema

    /// The script's text.
    func render() -> String {
        var lines = MongoScriptHeader.lines(for: schema, describing: description)
        lines.append(MongoScriptHeader.databaseDeclaration(for: schema))
        lines += MongoRetentionPeriods.declaration(for: schema)
        lines.append("")
        lines += Self.applyValidatorFunction
        lines.append("")
        lines += Self.ensureIndexFunction
        for entity in schema.collections {
            lines.append("")
            lines += section(for: entity)
        }
        let roles = MongoReadRoles(schema: schema).setupLines()
        if !roles.isEmpty {
            lines.append("")
            lines += roles
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var description: [String] {
        var text = [
            "MongoDB setup of \(schema.name): every collection with its $jsonSchema validator and indexes.",
            "Run: mongosh \"<connection string>\" setup.js",
            "Safe to re-run: missing collections are created, existing ones get the current validator",
            "(collMod); an index that exists with the same options is left alone, one whose options",
            "changed (e.g. a new TTL) is dropped and built again.",
        ]
        if !schema.retentionPeriods.isEmpty {
            text += ["", "TTL indexes of named retention periods hold the period in force when this script runs; to use",
                     "another, run it as retentionPeriods = { name: seconds }; load(\"setup.js\") and the index is rebuilt."]
        }
        let partitioned = schema.collections.map(MongoCollectionName.init).filter(\.isPartitioned)
        if !partitioned.isEmpty {
            text += ["", "Partitioned collections (one per partition value) are set up by a function each; call it",
                     "when a partition is first used, e.g. load(\"setup.js\"); \(partitioned[0].setupFunctionName)(...):"]
            text += partitioned.map { name in
                "  \(name.setupFunctionName)(\(name.parameters.joined(separator: ", "))) sets up \(name.readableForm)"
            }
        }
        return text
    }

    /// The helper every collection uses: create with validator, or `collMod` it.
    static let applyValidatorFunction = [
        "// Creates the collection with the validator, or sets the validator of an existing one.",
        "function applyValidator(name, validator) {",
        "  const options = { validator: validator, validationLevel: \"strict\", validationAction: \"error\" };",
        "  if (database.getCollectionInfos({ name: name }, { nameOnly: true }).length > 0) {",
        "    database.runCommand(Object.assign({ collMod: name }, options));",
        "  } else {",
        "    database.createCollection(name, options);",
        "  }",
        "}",
    ]

    /// The helper every index uses: `createIndex`, rebuilding an index whose definition changed.
    static let ensureIndexFunction = [
        "// Creates the index. An index with the same name or keys but other options (IndexOptionsConflict,",
        "// IndexKeySpecsConflict) is dropped and built again, so changed options take effect.",
        "function ensureIndex(name, keys, options) {",
        "  const collection = database.getCollection(name);",
        "  try {",
        "    collection.createIndex(keys, options);",
        "  } catch (error) {",
        "    if (error.code !== 85 && error.code !== 86) throw error;",
        "    const sameKeys = (index) => JSON.stringify(index.key) === JSON.stringify(keys);",
        "    const existing = collection.getIndexes().filter((index) => index.name === options.name || sameKeys(index));",
        "    existing.forEach((index) => collection.dropIndex(index.name));",
        "    collection.createIndex(keys, options);",
        "  }",
        "}",
    ]

    /// The lines setting up one collection: inline, or as a function for a partitioned one.
    func section(for entity: Entity) -> [String] {
        let name = MongoCollectionName(entity: entity)
        var lines = [JavaScriptSyntax.comment(headline(for: entity, name: name))]
        let validator = MongoValidator(schema: schema).validator(for: entity)
        let plan = MongoIndexPlan(entity: entity)
        guard name.isPartitioned else {
            let call = "applyValidator(\(name.expression), "
            lines.append(call + validator.rendered(indent: 0, column: call.count) + ");")
            lines += indexLines(plan, collection: name.expression, indent: "")
            return lines
        }
        lines.append("// Returns the collection's name.")
        lines.append("function \(name.setupFunctionName)(\(name.parameters.joined(separator: ", "))) {")
        lines.append("  const name = \(name.expression);")
        lines.append("  applyValidator(name, " + validator.rendered(indent: 2, column: 23) + ");")
        lines += indexLines(plan, collection: "name", indent: "  ")
        lines += MongoReadRoles.partitionGrants(entity, in: schema, indent: "  ")
        lines.append("  return name;")
        lines.append("}")
        return lines
    }

    private func headline(for entity: Entity, name: MongoCollectionName) -> String {
        var text = "\(name.readableForm)"
        if entity.name != entity.physicalName && !name.isPartitioned { text += " (\(entity.name))" }
        if let namespace = entity.namespace { text += ", namespace \(namespace)" }
        if name.isPartitioned { text += ", one collection per \(entity.partitionKeys.joined(separator: ", "))" }
        if let doc = entity.doc.first { text += ": \(doc)" }
        return text
    }

    private func indexLines(_ plan: MongoIndexPlan, collection: String, indent: String) -> [String] {
        plan.indexes.flatMap { index -> [String] in
            var lines: [String] = []
            if let note = index.note { lines.append(JavaScriptSyntax.comment(note, indent: indent)) }
            let call = "ensureIndex(\(collection), \(index.keySpec.renderedInline()), "
            let options = index.options.rendered(indent: indent.count, column: indent.count + call.count, lineWidth: 120)
            lines.append(indent + call + options + ");")
            return lines
        }
    }
}
