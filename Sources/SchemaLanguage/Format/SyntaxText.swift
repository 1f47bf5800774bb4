/// The canonical one-line spelling of syntax nodes. Strings keep their source spelling and
/// numbers and durations their written form, so formatting changes layout, never values.
enum SyntaxText {
    static func type(_ syntax: TypeSyntax) -> String {
        switch syntax {
        case .named(let name, let arguments):
            return arguments.isEmpty ? name.text : "\(name.text)(\(arguments.map { String($0.value) }.joined(separator: ", ")))"
        case .array(let element, _):
            return "[\(type(element))]"
        case .inlineEnum(let cases, _):
            return "enum(\(cases.map(enumCase).joined(separator: ", ")))"
        case .optional(let inner, _):
            return type(inner) + "?"
        }
    }

    static func enumCase(_ syntax: EnumCaseSyntax) -> String {
        (syntax.rawValue.map { "\(syntax.name.text) = \($0.source)" } ?? syntax.name.text)
            + (syntax.previousName.map { " was \($0.text)" } ?? "")
    }

    static func value(_ syntax: ValueSyntax) -> String {
        switch syntax.kind {
        case .integer(let integer): String(integer)
        case .number(_, let text): text
        case .string(let string): string.source
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .identifier(let name): name
        case .emptyArray: "[]"
        case .emptyObject: "{}"
        }
    }

    /// Conditions print as parsed: the tree keeps parentheses, and `and`/`or` chains are
    /// left-nested exactly as the parser builds them, so no parentheses need adding.
    static func condition(_ syntax: ConditionSyntax) -> String {
        switch syntax {
        case .comparison(let field, let comparison, let value):
            "\(field.text) \(comparison.rawValue) \(self.value(value))"
        case .isIn(let field, let values, _):
            "\(field.text) in (\(values.map(value).joined(separator: ", ")))"
        case .isNull(let field, let negated, _):
            "\(field.text) is \(negated ? "not " : "")null"
        case .and(let left, let right):
            "\(condition(left)) and \(condition(right))"
        case .or(let left, let right):
            "\(condition(left)) or \(condition(right))"
        case .not(let inner, _):
            "not \(condition(inner))"
        case .parenthesized(let inner, _):
            "(\(condition(inner)))"
        case .relatedIsNotNull(let field, let related, _):
            "\(field.text) -> \(related.entity.text).\(related.field.text) is not null"
        }
    }

    /// Canonical attribute order: primary, auto, unique, = default, on update now, -> reference,
    /// min, max, length, pattern, keep newest, named, was, as.
    static func rank(_ kind: FieldAttributeKind) -> Int {
        switch kind {
        case .primary: 0
        case .auto: 1
        case .unique: 2
        case .defaultValue: 3
        case .onUpdateNow: 4
        case .reference: 5
        case .min: 6
        case .max: 7
        case .length: 8
        case .pattern: 9
        case .keepNewest: 10
        case .named: 11
        case .was: 12
        case .storage: 13
        }
    }

    static func attribute(_ kind: FieldAttributeKind) -> String {
        switch kind {
        case .primary: "primary"
        case .auto: "auto"
        case .unique: "unique"
        case .defaultValue(let value): "= \(self.value(value))"
        case .onUpdateNow: "on update now"
        case .reference(let entity, let field, let action):
            "-> \(entity.text).\(field.text)" + (action.map { " on delete \($0.rawValue)" } ?? "")
        case .min(let value): "min \(self.value(value))"
        case .max(let value): "max \(self.value(value))"
        case .length(let lower, let upper):
            "length \(lower.map { String($0.value) } ?? "")..\(upper.map { String($0.value) } ?? "")"
        case .pattern(let pattern): "pattern \(pattern.source)"
        case .keepNewest(let count): "keep newest \(count.value)"
        case .named(let name): "named \(name.source)"
        case .was(let name): "was \(name.text)"
        case .storage(let choice): "as \(choice.text)"
        }
    }

    /// The attributes in canonical order (a stable sort keeps repeats, which the checker reports).
    static func attributes(_ attributes: [FieldAttributeSyntax]) -> String {
        attributes.enumerated()
            .sorted { (rank($0.element.kind), $0.offset) < (rank($1.element.kind), $1.offset) }
            .map { attribute($0.element.kind) }
            .joined(separator: " ")
    }

    static func index(_ syntax: IndexSyntax) -> String {
        let columns = syntax.columns.map { column in
            column.name.text + (column.descending ? " desc" : column.explicitAscending ? " asc" : "")
        }
        var text = "\(syntax.writtenAsUnique ? "unique" : "index") (\(columns.joined(separator: ", ")))"
        if syntax.isUnique && !syntax.writtenAsUnique { text += " unique" }
        if let condition = syntax.condition { text += " where \(self.condition(condition))" }
        if let ttl = syntax.ttl { text += " ttl \(ttl.text)" }
        if let name = syntax.name { text += " named \(name.source)" }
        if let previous = syntax.previousName { text += " was \(previous.source)" }
        return text
    }

    /// `roll up into e by g, day = day(t) add n = count, s = sum(x)`.
    static func rollUp(_ syntax: RollUpSyntax) -> String {
        let groups = syntax.groups.map { group in
            guard let source = group.source else { return group.field.text }
            return group.byDay ? "\(group.field.text) = day(\(source.text))" : "\(group.field.text) = \(source.text)"
        }
        let aggregates = syntax.aggregates.map { aggregate in
            "\(aggregate.field.text) = \(aggregate.function.text)" + (aggregate.argument.map { "(\($0.text))" } ?? "")
        }
        return "roll up into \(syntax.into.text) by \(groups.joined(separator: ", ")) add \(aggregates.joined(separator: ", "))"
    }

    static func rule(_ kind: RetentionRuleKind, relatedTime: RelatedTimeSyntax? = nil) -> String {
        func filter(_ condition: ConditionSyntax?) -> String {
            condition.map { " where \(self.condition($0))" } ?? ""
        }
        let related = relatedTime.map { " -> \($0.entity.text).\($0.field.text)" } ?? ""
        switch kind {
        case .deleteAfter(let age, let by, let condition):
            return "delete after \(age.spelledWithPeriod) by \(by.text)\(related)" + filter(condition)
        case .deleteAt(let at, let condition):
            return "delete at \(at.text)" + filter(condition)
        case .deactivate(let age, let by, let set, let value, let condition):
            return "deactivate after \(age.spelledWithPeriod) by \(by.text) set \(set.text) = \(self.value(value))" + filter(condition)
        case .deactivateAt(let at, let set, let value, let condition):
            return "deactivate at \(at.text) set \(set.text) = \(self.value(value))" + filter(condition)
        case .archive(let age, let by, let into, let condition):
            return "archive after \(age.spelledWithPeriod) by \(by.text)\(related) into \(into.text)" + filter(condition)
        case .keepNewest(let count, let per, let by):
            let groups = per.isEmpty ? "" : " per " + per.map(\.text).joined(separator: ", ")
            return "keep newest \(count.value)\(groups) by \(by.text)"
        case .deleteEntries(let array, let age, let by):
            return "delete \(array.text) entries after \(age.spelledWithPeriod) by \(by.text)"
        case .appendOnly:
            return "append only"
        case .forever:
            return "forever"
        }
    }

    static func access(_ kind: AccessItemKind) -> String {
        switch kind {
        case .writers(let verb, let modules): "\(verb.rawValue): " + modules.map(\.text).joined(separator: ", ")
        case .owner(let name): "owner \(name.text)"
        }
    }

    static func member(_ kind: MemberKind) -> String? {
        switch kind {
        case .primaryKey(let names): "primary (\(names.map(\.text).joined(separator: ", ")))"
        case .index(let index): self.index(index)
        case .partition(let names): "partition by " + names.map(\.text).joined(separator: ", ")
        case .query(let query): self.query(query)
        case .pageLimit(let count): "pages at most \(count.value)"
        case .field, .retain, .access, .about: nil
        }
    }
}

/// Column widths for the field lines of one body. Names are padded to the longest name. Types
/// are padded to the longest type among fields that carry attributes, so attributes line up
/// without one long type (`enum(kick, ban, mute, warn)`) pushing every attribute far right; a
/// field with only a trailing comment pads its type the same way, so comments line up too.
struct FieldColumns {
    var nameWidth = 0
    var typeWidth = 0

    init(_ fields: [FieldSyntax]) {
        for field in fields {
            nameWidth = max(nameWidth, field.name.text.count)
            if !field.attributes.isEmpty { typeWidth = max(typeWidth, SyntaxText.type(field.type).count) }
        }
    }

    /// The field's line, without its trailing comment (`hasTrailingComment` pads for it).
    func line(_ field: FieldSyntax, hasTrailingComment: Bool = false) -> String {
        let type = SyntaxText.type(field.type)
        let name = field.name.text.padded(to: nameWidth)
        if field.attributes.isEmpty {
            return name + " " + (hasTrailingComment ? type.padded(to: typeWidth) : type)
        }
        return name + " " + type.padded(to: typeWidth) + " " + SyntaxText.attributes(field.attributes)
    }
}
