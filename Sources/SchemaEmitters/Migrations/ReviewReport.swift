import SchemaLanguage

/// The review report of a diff: Markdown that reads well as a pull-request comment. A summary
/// line, the changes that need attention first, every change per entity with its code, classes
/// and what the embedded store does on open, and the SQL of each dialect folded away.
public struct ReviewReport: Sendable {
    /// The diff reported.
    public let diff: SchemaDiff
    /// The dialects whose SQL the report shows.
    public let dialects: [SQLDialect]
    /// Whether the MongoDB script is shown.
    public let includesMongo: Bool

    /// Creates a report; by default for the new schema's targets.
    public init(diff: SchemaDiff, dialects: [SQLDialect]? = nil, includesMongo: Bool? = nil) {
        self.diff = diff
        self.dialects = dialects ?? diff.new.targets.compactMap(SQLDialect.init(target:))
        self.includesMongo = includesMongo ?? diff.new.targets.contains(.mongo)
    }

    /// The report's text.
    public func render() -> String {
        var lines = ["## Schema changes: \(Markdown.code(diff.new.name))", ""]
        guard !diff.isEmpty else {
            lines.append("No changes.")
            return lines.joined(separator: "\n") + "\n"
        }
        let changes = diff.changes
        var counts: [String] = ["\(changes.count) change\(changes.count == 1 ? "" : "s")"]
        for (flag, name) in ChangeClasses.named {
            let count = changes.filter { $0.classes.contains(flag) }.count
            if count > 0 { counts.append("\(count) \(name)") }
        }
        lines.append(counts.joined(separator: " · "))
        lines.append("")
        let acknowledged = diff.needingAcknowledgement
        if !acknowledged.isEmpty {
            lines.append("> [!WARNING]")
            lines.append("> \(acknowledged.count) change\(acknowledged.count == 1 ? " drops" : "s drop") data and "
                         + "need\(acknowledged.count == 1 ? "s" : "") acknowledgement (`--allow-destructive`):")
            for change in acknowledged {
                lines.append("> - \(Markdown.code(change.code.rawValue)) \(Markdown.text(change.summary))")
            }
            lines.append("")
        }
        let store = StoreStepPlanner(diff: diff).plan()
        lines += storeNotes(store)
        lines += ["| code | change | classes | embedded store, on open |", "| --- | --- | --- | --- |"]
        for (change, planned) in zip(changes, store.changes) {
            lines.append("| \(Markdown.code(change.code.rawValue)) | \(Markdown.cell(change.summary)) | \(change.classes) | "
                         + "\(Markdown.cell(planned.effect)) |")
        }
        for dialect in dialects {
            lines += ["", "<details><summary>\(dialect.displayName)</summary>", "", "```sql"]
            lines.append(Self.fenced(diff.migration(for: dialect).render()))
            lines += ["```", "", "</details>"]
        }
        if includesMongo {
            lines += ["", "<details><summary>MongoDB</summary>", "", "```js"]
            lines.append(Self.fenced(MongoMigration(diff: diff).render()))
            lines += ["```", "", "</details>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What opening an embedded store written with the old schema needs beyond the automatic steps.
    private func storeNotes(_ store: StoreStepPlan) -> [String] {
        var notes: [String] = []
        if !diff.needingAcknowledgement.isEmpty {
            notes.append("> - The embedded store migrates on open only with `.allowDestructive` (it refuses otherwise, changing nothing).")
        }
        var computed: [String] = []
        for table in store.columnSources.keys.sorted() {
            computed += store.columnSources[table]!.filter { $0.value == .transform }.keys.sorted().map { "\(table).\($0)" }
        }
        for type in store.documentSources.keys.sorted() {
            computed += store.documentSources[type]!.fields.filter { $0.value == .transform }.keys.sorted().map { "\(type).\($0)" }
        }
        if !computed.isEmpty {
            notes.append("> - No rule derives \(computed.map(Markdown.code).joined(separator: ", ")): the embedded store needs a "
                         + "transform registered for this step (`StoreTransform`), or refuses to open.")
        }
        return notes.isEmpty ? [] : ["> [!NOTE]"] + notes + [""]
    }

    /// Code for a fenced block: a line of three backticks in it cannot close the fence early.
    static func fenced(_ code: String) -> String {
        code.trimmingTrailingNewlines().split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("```") ? "\u{200B}" + line : String(line)
        }.joined(separator: "\n")
    }
}

extension String {
    /// Without trailing line breaks.
    func trimmingTrailingNewlines() -> String {
        var result = self
        while result.last == "\n" { result.removeLast() }
        return result
    }
}
