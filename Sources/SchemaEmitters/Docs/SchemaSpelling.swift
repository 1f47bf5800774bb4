import SchemaLanguage

/// How schema values read in the data dictionary: defaults, literals and conditions in schema
/// syntax, time spans in words.
enum SchemaSpelling {
    /// A default as written in the schema: `0`, `"!"`, `now`, `uuid`, `active`, `[]`, `{}`.
    static func defaultValue(_ value: DefaultValue) -> String {
        switch value {
        case .integer(let number): String(number)
        case .number(_, let text): text
        case .string(let text): quoted(text)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .now: "now"
        case .generatedUUID: "uuid"
        case .enumCase(let enumCase): enumCase.name
        case .emptyArray: "[]"
        case .emptyObject: "{}"
        }
    }

    /// A literal as written in the schema; enum cases by name.
    static func literal(_ literal: Literal) -> String {
        switch literal {
        case .integer(let number): String(number)
        case .number(_, let text): text
        case .string(let text): quoted(text)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .enumCase(let name, _): name
        }
    }

    /// A condition as written in the schema: `status in (completed, failed) and active = true`.
    static func condition(_ condition: Condition) -> String {
        switch condition {
        case .comparison(let field, let comparison, let value):
            return "\(field) \(comparison.rawValue) \(literal(value))"
        case .isIn(let field, let values):
            return "\(field) in (\(values.map(literal).joined(separator: ", ")))"
        case .isNull(let field):
            return "\(field) is null"
        case .isNotNull(let field):
            return "\(field) is not null"
        case .and(let left, let right):
            return [left, right].map { operand in
                if case .or = operand { return "(\(Self.condition(operand)))" }
                return Self.condition(operand)
            }.joined(separator: " and ")
        case .or(let left, let right):
            return "\(Self.condition(left)) or \(Self.condition(right))"
        case .not(let inner):
            switch inner {
            case .and, .or, .not: return "not (\(Self.condition(inner)))"
            default: return "not \(Self.condition(inner))"
            }
        }
    }

    /// A span in words: `90d` → `90 days`, `1h` → `1 hour`, `30m` → `30 minutes`.
    static func words(_ span: TimeSpan) -> String {
        let units: [Character: String] = ["s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week", "y": "year"]
        guard let unit = span.text.last, let word = units[unit], let count = Int64(span.text.dropLast()) else {
            return span.text
        }
        return "\(count) \(word)\(count == 1 ? "" : "s")"
    }

    /// A double-quoted string with `"` and `\` escaped, as in schema source.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// A target's product name.
    static func target(_ target: Target) -> String {
        switch target {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        case .mysql: "MySQL"
        case .mongo: "MongoDB"
        }
    }
}
