// Header: the schema's name, targets, database and lifecycle; targets that generate nothing.
extension Checker {
    mutating func checkHeader() {
        guard let header = syntax.header else {
            bag.error("the file has no schema header",
                      hint: "start the file with 'schema my_bot { targets sqlite, postgres }'",
                      at: SourceRange(start: 0, end: 0))
            return
        }
        schema.doc = header.trivia.doc
        if let database = header.database, checkWrittenName(database, what: "a database name") {
            schema.databaseName = database.value
        }
        if let about = header.about { schema.about = resolveAbout(about) }
        checkStorageDefaults(header)
        if header.targets.isEmpty {
            bag.error("the schema names no targets", hint: "add 'targets sqlite, postgres, mysql, mongo' (any of them)",
                      at: header.name.range)
        }
        for target in header.targets {
            guard let resolvedTarget = Target(rawValue: target.text) else {
                bag.error("unknown target '\(target.text)'", hint: "targets are sqlite, postgres, mysql and mongo"
                          + Self.suggestion(for: target.text, among: Target.allCases.map(\.rawValue)), at: target.range)
                continue
            }
            if schema.targets.contains(resolvedTarget) {
                bag.error("target '\(target.text)' is listed twice", hint: "remove the repeated target", at: target.range)
            } else {
                schema.targets.append(resolvedTarget)
            }
        }
        // Only a header that names targets gets more: one naming none stays an error.
        if !header.targets.isEmpty {
            for target in addedTargets where !schema.targets.contains(target) { schema.targets.append(target) }
        }
    }

    func resolveAbout(_ about: AboutSyntax) -> Lifecycle {
        var lifecycle = Lifecycle()
        for entry in about.entries {
            switch entry.section {
            case .represents: lifecycle.represents.append(entry.text.value)
            case .grows: lifecycle.grows.append(entry.text.value)
            case .cleaned: lifecycle.cleaned.append(entry.text.value)
            case .touchedBy: lifecycle.touchedBy.append(entry.text.value)
            }
        }
        return lifecycle
    }

    mutating func warnUnusedTargets() {
        guard let header = syntax.header, let range = header.targetsRange else { return }
        if schema.targets(.mongo) && schema.collections.isEmpty {
            bag.warning("target 'mongo' generates nothing: the schema has no collections",
                        hint: "remove the target or declare collections", at: range)
        }
        if schema.targets.contains(where: \.isSQL) && schema.tables.isEmpty {
            bag.warning("SQL targets generate nothing: the schema has no tables",
                        hint: "remove the SQL targets or declare tables", at: range)
        }
    }
}
