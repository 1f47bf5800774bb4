import Foundation

/// What a field's attributes said beyond the ``Field`` itself, for the entity pass to use.
struct FieldExtras {
    var isPrimary: (Bool, SourceRange?) = (false, nil)
    var isUnique: (Bool, SourceRange?) = (false, nil)
    var reference: (entity: NameSyntax, field: NameSyntax)?
}

// Fields: a field's type and attributes, and looking fields up by name.
extension Checker {
    /// Resolves a field's type and attributes. Keys and references are returned as extras for
    /// the entity pass (they need the whole entity, or every entity).
    mutating func resolveField(_ syntax: FieldSyntax, trivia: Trivia, owner: String) -> (Field, FieldExtras)? {
        guard let (type, optional) = resolveType(syntax.type, owner: owner, field: syntax.name.text) else { return nil }
        var field = Field(name: syntax.name.text, doc: trivia.doc, type: type, isOptional: optional,
                          range: syntax.name.range)
        if case .string(let maxLength?) = type { field.checks.maxLength = maxLength }
        var extras = FieldExtras()
        var seen: Set<String> = []
        for attribute in syntax.attributes {
            let key = attributeKey(attribute.kind)
            if !seen.insert(key).inserted {
                bag.error("'\(key)' is given twice for field '\(field.name)'", hint: "keep one", at: attribute.range)
                continue
            }
            apply(attribute, to: &field, extras: &extras)
        }
        mergeStorageDefaults(into: &field)
        if let minimum = field.checks.minimum, let maximum = field.checks.maximum, minimum > maximum {
            bag.error("min \(field.checks.minimumText ?? "") is greater than max \(field.checks.maximumText ?? "")",
                      hint: "swap the bounds", at: syntax.name.range)
        }
        if let low = field.checks.minLength, let high = field.checks.maxLength, low > high {
            bag.error("the minimum length \(low) exceeds the maximum length \(high)",
                      hint: "string(n) also caps the length at n", at: syntax.name.range)
        }
        return (field, extras)
    }

    func attributeKey(_ kind: FieldAttributeKind) -> String {
        switch kind {
        case .primary: "primary"
        case .auto: "auto"
        case .unique: "unique"
        case .defaultValue: "= default"
        case .onUpdateNow: "on update now"
        case .reference: "->"
        case .min: "min"
        case .max: "max"
        case .length: "length"
        case .pattern: "pattern"
        case .keepNewest: "keep newest"
        case .named: "named"
        case .was: "was"
        case .storage: "as"
        }
    }

    mutating func apply(_ attribute: FieldAttributeSyntax, to field: inout Field, extras: inout FieldExtras) {
        let range = attribute.range
        switch attribute.kind {
        case .primary:
            extras.isPrimary = (true, range)
        case .unique:
            extras.isUnique = (true, range)
        case .auto:
            switch field.type {
            case .int32, .int64, .objectID, .uuid: field.isAuto = true
            default:
                bag.error("'auto' needs an int32, int64, objectid or uuid field, not \(field.type.spelling)",
                          hint: "auto-increment integers or generated ids only", at: range)
            }
        case .defaultValue(let value):
            field.defaultValue = resolveDefault(value, for: field)
        case .onUpdateNow:
            if field.type == .timestamp { field.updatesOnWrite = true } else {
                bag.error("'on update now' needs a timestamp field, not \(field.type.spelling)",
                          hint: "declare the field as timestamp", at: range)
            }
        case .reference(let entity, let target, let action):
            extras.reference = (entity, target)
            field.reference = Reference(entity: entity.text, field: target.text, onDelete: action ?? .restrict)
            if action == .setNull && !field.isOptional {
                bag.error("'on delete set null' needs an optional field, but '\(field.name)' is required",
                          hint: "write \(field.type.spelling)? or choose cascade or restrict", at: range)
            }
        case .min(let value), .max(let value):
            guard field.type.isNumeric else {
                bag.error("min and max apply to numbers, not \(field.type.spelling)",
                          hint: "use length A..B for text", at: range)
                return
            }
            let number: Double, text: String
            switch value.kind {
            case .integer(let integer): (number, text) = (Double(integer), String(integer))
            case .number(let double, let spelling): (number, text) = (double, spelling)
            default:
                bag.error("min and max take a number", hint: "write min 0 max 100", at: value.range)
                return
            }
            if case .min = attribute.kind {
                (field.checks.minimum, field.checks.minimumText) = (number, text)
            } else {
                (field.checks.maximum, field.checks.maximumText) = (number, text)
            }
        case .length(let lower, let upper):
            guard field.type.isText else {
                bag.error("length applies to string and text fields, not \(field.type.spelling)",
                          hint: "use min and max for numbers", at: range)
                return
            }
            if let lower { field.checks.minLength = Int(lower.value) }
            if let upper {
                let cap = field.checks.maxLength.map { min($0, Int(upper.value)) } ?? Int(upper.value)
                field.checks.maxLength = cap
            }
        case .pattern(let pattern):
            guard field.type.isText else {
                bag.error("pattern applies to string and text fields, not \(field.type.spelling)",
                          hint: "remove the pattern", at: range)
                return
            }
            // Every target wraps the pattern as `\A(?:pattern)\z` (or its equivalent), so the
            // wrapped form must hold too: `\Q…` or a `(?x)` comment could swallow the closing anchor.
            if (try? NSRegularExpression(pattern: pattern.value)) == nil
                || (try? NSRegularExpression(pattern: "\\A(?:" + pattern.value + ")\\z")) == nil {
                bag.error("pattern \(pattern.source) is not a valid regular expression",
                          hint: "check brackets and escapes", at: pattern.range)
            } else if let flags = Self.inlineFlags(in: pattern.value) {
                bag.error("pattern \(pattern.source) sets flags inline with '\(flags)'",
                          hint: "PostgreSQL accepts inline flags only at the very start of a whole expression; spell the cases out, e.g. [Aa]",
                          at: pattern.range)
            } else {
                field.checks.pattern = pattern.value
            }
        case .keepNewest(let count):
            guard case .array = field.type else {
                bag.error("'keep newest' caps arrays, but '\(field.name)' is \(field.type.spelling)",
                          hint: "to cap rows, use 'keep newest N per f by g' in the entity's retain block", at: range)
                return
            }
            guard count.value >= 1 && count.value <= 1_000_000 else {
                bag.error("keep newest needs a count between 1 and 1000000", hint: "write keep newest 50", at: count.range)
                return
            }
            field.keepNewest = Int(count.value)
        case .named(let name):
            guard !name.value.isEmpty else {
                bag.error("a physical name cannot be empty", hint: "remove 'named' to use the field's name", at: name.range)
                return
            }
            guard checkWrittenName(name, what: "a physical name") else { return }
            field.physicalName = name.value
        case .was(let previous):
            field.previousNames.append(previous.text)
        case .storage(let choice):
            applyStorage(choice, to: &field)
        }
    }

    /// The first inline flag group (`(?i)`, `(?x:`) of a pattern, or nil. Escaped characters are
    /// skipped; `(?:`, lookarounds and `(?#…)` comments are not flags.
    static func inlineFlags(in pattern: String) -> String? {
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            if characters[index] == "\\" { index += 2; continue }
            if characters[index] == "(", index + 2 < characters.count, characters[index + 1] == "?",
               characters[index + 2].isLetter || characters[index + 2] == "-" || characters[index + 2] == "^" {
                var end = index + 2
                while end < characters.count, characters[end] != ")" && characters[end] != ":" { end += 1 }
                return String(characters[index...min(end, characters.count - 1)])
            }
            index += 1
        }
        return nil
    }

    /// The field a name refers to, or an error naming the entity's fields.
    mutating func requireField(_ name: NameSyntax, in entity: Entity, role: String) -> Field? {
        if let field = entity.field(named: name.text) { return field }
        bag.error("\(role) '\(name.text)' is not a field of '\(entity.name)'",
                  hint: "fields are " + entity.fields.map(\.name).prefix(12).joined(separator: ", ")
                    + Self.suggestion(for: name.text, among: entity.fields.map(\.name)), at: name.range)
        return nil
    }

    func rangeOfField(_ name: String, in syntax: EntitySyntax) -> SourceRange {
        for member in syntax.members {
            if case .field(let field) = member.kind, field.name.text == name { return field.name.range }
        }
        return syntax.name.range
    }
}
