/// Checks that a planned step names only tables, columns, document types and enum cases its two
/// versions have, so a planner's mistake is reported before anything runs instead of being
/// ignored (or noticed only when a table happens to have rows).
enum StepValidation {
    /// Throws ``StoreError/invalidSchema(_:)`` naming the first name the step gets wrong.
    static func check(_ step: StoreVersionStep, from old: StoreSchema, to new: StoreSchema, version: Int) throws {
        func fail(_ reason: String) -> StoreError { .invalidSchema("the step to version \(version) \(reason)") }
        let oldTables = Dictionary(old.tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newTables = Dictionary(new.tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (table, source) in step.tableSources.sorted(by: { $0.key < $1.key }) {
            guard newTables[table] != nil else { throw fail("names table '\(table)', which the new version does not have") }
            if let source, oldTables[source] == nil { throw fail("takes table '\(table)' from '\(source)', which the old version does not have") }
        }
        for (table, columns) in step.columnSources.sorted(by: { $0.key < $1.key }) {
            guard let definition = newTables[table] else { throw fail("names table '\(table)', which the new version does not have") }
            let planned = step.tableSources[table]
            let source = (planned == nil ? table : planned!).flatMap { oldTables[$0] }
            for (column, rule) in columns.sorted(by: { $0.key < $1.key }) {
                guard definition.columns.contains(where: { $0.name == column }) else {
                    throw fail("names column '\(table).\(column)', which the new version does not have")
                }
                if case .column(let from, _) = rule, source?.columns.contains(where: { $0.name == from }) != true {
                    throw fail("takes column '\(table).\(column)' from '\(from)', which the old table does not have")
                }
            }
        }
        var oldShapes: [String: ValueShape] = [:], newShapes: [String: ValueShape] = [:]
        for t in old.tables { for c in t.columns { if let s = c.shape { collect(s, into: &oldShapes) } } }
        for t in new.tables { for c in t.columns { if let s = c.shape { collect(s, into: &newShapes) } } }
        for (name, source) in step.documentSources.sorted(by: { $0.key < $1.key }) {
            guard case .document(_, let fields)? = newShapes[name] else { throw fail("maps document type '\(name)', which the new version does not have") }
            guard case .document(_, let oldFields)? = oldShapes[source.oldName] else {
                throw fail("takes document type '\(name)' from '\(source.oldName)', which the old version does not have")
            }
            for (field, rule) in source.fields.sorted(by: { $0.key < $1.key }) {
                guard fields.contains(where: { $0.name == field }) else { throw fail("names field '\(name).\(field)', which the new version does not have") }
                if case .column(let from, _) = rule, !oldFields.contains(where: { $0.name == from }) {
                    throw fail("takes field '\(name).\(field)' from '\(from)', which the old type does not have")
                }
            }
        }
        for (name, renames) in step.enumCaseRenames.sorted(by: { $0.key < $1.key }) {
            guard case .enumeration(_, let cases)? = newShapes[name] else { throw fail("renames cases of enum '\(name)', which the new version does not have") }
            for (from, to) in renames.sorted(by: { $0.key < $1.key }) where !cases.contains(to) {
                throw fail("renames case '\(from)' of enum '\(name)' to '\(to)', which the enum does not have")
            }
        }
    }

    /// Every document and enum shape inside `shape`, by name.
    private static func collect(_ shape: ValueShape, into shapes: inout [String: ValueShape]) {
        switch shape {
        case .document(let name, let fields):
            shapes[name] = shape
            fields.forEach { collect($0.shape, into: &shapes) }
        case .enumeration(let name, _): shapes[name] = shape
        case .array(let element, _): collect(element, into: &shapes)
        default: break
        }
    }
}
