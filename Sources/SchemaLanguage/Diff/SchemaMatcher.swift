/// Works out which old object each new object continues: by name, or by a `was` hint when the
/// name is new. Reports hints that name nothing and drop-plus-add pairs that look like a rename
/// written without a hint.
struct SchemaMatcher {
    let old: Schema
    let new: Schema
    private(set) var diagnostics: [Diagnostic] = []

    init(old: Schema, new: Schema) {
        self.old = old
        self.new = new
    }

    mutating func match() -> SchemaMatching {
        var matching = SchemaMatching()
        matching.entities = matchNamed(
            old: old.entities, new: new.entities, container: nil, keyword: { $0.kind.rawValue },
            name: \.name, previous: \.previousNames, shape: Self.shape, range: \.range)
        for (oldName, newName) in matching.entities {
            guard let before = old.entity(named: oldName), let after = new.entity(named: newName) else { continue }
            let fields = matchNamed(old: before.fields, new: after.fields, container: "'\(newName)'",
                                    keyword: { _ in "field" }, name: \.name, previous: \.previousNames,
                                    shape: Self.shape, range: \.range)
            matching.fields[newName] = fields
            matching.indexes[newName] = matchIndexes(before, after, fields: fields)
            for (oldField, newField) in fields {
                matchInlineEnums(before.field(named: oldField)?.type, after.field(named: newField)?.type, into: &matching)
            }
        }
        for after in new.types {
            guard let before = old.type(named: after.name) else { continue }
            let fields = matchNamed(old: before.fields, new: after.fields, container: "type '\(after.name)'",
                                    keyword: { _ in "field" }, name: \.name, previous: \.previousNames,
                                    shape: Self.shape, range: \.range)
            matching.typeFields[after.name] = fields
            for (oldField, newField) in fields {
                matchInlineEnums(before.fields.first { $0.name == oldField }?.type,
                                 after.fields.first { $0.name == newField }?.type, into: &matching)
            }
        }
        for enumType in new.enums where !enumType.isInline && old.enums.contains(where: { $0.name == enumType.name }) {
            matching.enums[enumType.name] = enumType.name
        }
        for (oldName, newName) in matching.enums {
            guard let before = old.enums.first(where: { $0.name == oldName }),
                  let after = new.enums.first(where: { $0.name == newName }) else { continue }
            matching.enumCases[newName] = matchNamed(
                old: before.cases, new: after.cases, container: "enum '\(after.name)'", keyword: { _ in "case" },
                name: \.name, previous: \.previousNames, shape: nil, range: { _ in after.range })
        }
        return matching
    }

    /// Inline enums are named after their owner, so they follow the owner's match.
    private func matchInlineEnums(_ before: FieldType?, _ after: FieldType?, into matching: inout SchemaMatching) {
        switch (before, after) {
        case (.enumeration(let a)?, .enumeration(let b)?) where a.isInline && b.isInline:
            matching.enums[a.name] = b.name
        case (.array(let a)?, .array(let b)?):
            matchInlineEnums(a, b, into: &matching)
        default:
            break
        }
    }

    /// Indexes match by name, by `was`, and (for names derived from the table and fields, never
    /// written by the user) by definition: renaming a table or field renames its derived index.
    private mutating func matchIndexes(_ before: Entity, _ after: Entity, fields: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        let oldNames = Set(before.indexes.map(\.name))
        let newNames = Set(after.indexes.map(\.name))
        for index in after.indexes {
            if oldNames.contains(index.name) {
                result[index.name] = index.name
            } else if let hint = index.previousNames.first {
                if oldNames.contains(hint) && !newNames.contains(hint) && !result.keys.contains(hint) {
                    result[hint] = index.name
                } else {
                    diagnostics.append(Diagnostic(
                        .error, "'was \"\(hint)\"' of index '\(index.name)' matches no index of '\(before.name)' in the old schema",
                        hint: "name an index the old schema has (\(before.indexes.map { "\"\($0.name)\"" }.joined(separator: ", "))), or remove the hint",
                        in: new.source, at: index.range))
                }
            }
        }
        for index in after.indexes where !index.isNamed && !result.values.contains(index.name) {
            let definition = IndexKey(index, fields: nil)
            if let twin = before.indexes.first(where: { old in
                !old.isNamed && result[old.name] == nil && !newNames.contains(old.name) && IndexKey(old, fields: fields) == definition
            }) {
                result[twin.name] = index.name
            }
        }
        return result
    }

    /// Matches a list of named things by name, then by `was`; reports stale hints and
    /// unhinted drop+add pairs of the same shape.
    private mutating func matchNamed<Item>(
        old: [Item], new: [Item], container: String?, keyword: (Item) -> String, name: KeyPath<Item, String>,
        previous: KeyPath<Item, [String]>, shape: ((Item) -> String)?, range: (Item) -> SourceRange
    ) -> [String: String] {
        var result: [String: String] = [:]
        let of = container.map { " of \($0)" } ?? ""
        let oldNames = Set(old.map { $0[keyPath: name] })
        let newNames = Set(new.map { $0[keyPath: name] })
        for item in new {
            let itemName = item[keyPath: name]
            if oldNames.contains(itemName) {
                result[itemName] = itemName
                continue
            }
            guard let hint = item[keyPath: previous].first else { continue }
            if oldNames.contains(hint) && !newNames.contains(hint) && result[hint] == nil {
                result[hint] = itemName
            } else {
                let reason = newNames.contains(hint) ? "the new schema still has '\(hint)'"
                    : result[hint] != nil ? "another \(keyword(item)) already continues '\(hint)'"
                    : "the old schema has no '\(hint)'"
                diagnostics.append(Diagnostic(
                    .error, "'was \(hint)' of \(keyword(item)) '\(itemName)'\(of) matches nothing: \(reason)",
                    hint: "name the \(keyword(item))'s name in the old schema, or remove the hint if it is new",
                    in: self.new.source, at: range(item)))
            }
        }
        guard let shape else { return result }
        let dropped = old.filter { !result.keys.contains($0[keyPath: name]) }
        for item in new where !result.values.contains(item[keyPath: name]) {
            guard let twin = dropped.first(where: { shape($0) == shape(item) }) else { continue }
            let twinName = twin[keyPath: name]
            diagnostics.append(Diagnostic(
                .error, "\(keyword(item)) '\(item[keyPath: name])'\(of) replaces '\(twinName)', which has the same shape: "
                    + "this reads as a rename, but without a hint it would drop '\(twinName)' and its data",
                hint: "if it was renamed, write 'was \(twinName)' on '\(item[keyPath: name])'; if not, drop '\(twinName)' in a change of its own first",
                in: self.new.source, at: range(item)))
        }
        return result
    }

    /// What must match for a dropped and an added field to look like one renamed field.
    static func shape(_ field: Field) -> String {
        field.type.spelling + (field.isOptional ? "?" : "")
    }

    /// What must match for a dropped and an added entity to look like one renamed entity.
    static func shape(_ entity: Entity) -> String {
        entity.kind.rawValue + "{" + entity.fields.map { "\($0.name) \(shape($0))" }.joined(separator: ";") + "}"
    }
}
