import SchemaLanguage

/// A `CHECK` constraint guarding one column's values.
struct CheckConstraint: Equatable {
    /// Constraint name, `ck_<table>_<column>`.
    var name: String
    /// The boolean expression; its parts joined with `AND`.
    var expression: String

    /// The checks a column needs in a dialect, and why any check of the schema was left out.
    ///
    /// Covers the schema's `min`/`max`/`length`/`pattern`, plus what the dialect's types cannot say
    /// themselves: SQLite enums, booleans and JSON validity; JSON shape (array / object) everywhere.
    static func forColumn(_ field: Field, of entity: Entity, in dialect: SQLDialect)
        -> (check: CheckConstraint?, omissions: [String]) {
        let column = dialect.quote(field.physicalName)
        var parts: [String] = []
        var omissions: [String] = []
        let checks = field.checks

        if let minimum = checks.minimumText ?? checks.minimum.map({ "\($0)" }) { parts.append("\(column) >= \(minimum)") }
        if let maximum = checks.maximumText ?? checks.maximum.map({ "\($0)" }) { parts.append("\(column) <= \(maximum)") }

        let length = lengthFunction(dialect) + "(\(column))"
        if let minLength = checks.minLength, minLength > 0 { parts.append("\(length) >= \(minLength)") }
        if let maxLength = checks.maxLength, !typeEnforcesMaxLength(field.type, maxLength, dialect) {
            parts.append("\(length) <= \(maxLength)")
        }

        if let pattern = checks.pattern {
            switch dialect {
            case .postgres: parts.append("\(column) ~ \(dialect.string(WholeMatchPattern.postgres(pattern)))")
            // A binary collation makes REGEXP case-sensitive, as the pattern is written.
            case .mysql: parts.append("\(column) COLLATE utf8mb4_bin REGEXP \(dialect.string(WholeMatchPattern.mysql(pattern)))")
            case .sqlite:
                omissions.append("pattern \"\(pattern)\" (SQLite has no REGEXP function by default)")
            }
        }

        // An enum stored as varchar holds any text of that length: the check keeps it to the values.
        if dialect != .sqlite, case .enumeration(let enumType) = field.type,
           SQLColumnType.varcharLength(of: field, enumType) != nil {
            parts.append("\(column) IN (\(enumType.rawValues.map(dialect.string).joined(separator: ", ")))")
        }
        if dialect == .sqlite {
            switch field.type {
            case .enumeration(let enumType):
                parts.append("\(column) IN (\(enumType.rawValues.map(dialect.string).joined(separator: ", ")))")
            case .bool:
                parts.append("\(column) IN (0, 1)")
            case .json, .nested, .array:
                parts.append("json_valid(\(column))")
            case .timestamp:
                parts.append(SQLiteTimestampText.check(column))
            default:
                break
            }
        }
        if let shape = jsonShape(field.type) {
            switch dialect {
            case .sqlite: parts.append("json_type(\(column)) = '\(shape)'")
            case .postgres: parts.append("jsonb_typeof(\(column)) = '\(shape)'")
            case .mysql: parts.append("JSON_TYPE(\(column)) = '\(shape.uppercased())'")
            }
        }

        guard !parts.isEmpty else { return (nil, omissions) }
        var expression = parts.joined(separator: " AND ")
        // Spelled out for optional columns: SQLite's json_valid(NULL) is 0, not NULL.
        if field.isOptional { expression = "\(column) IS NULL OR (\(expression))" }
        let check = CheckConstraint(name: SQLName.make("ck", entity.physicalName, field.physicalName),
                                    expression: expression)
        return (check, omissions)
    }

    private static func lengthFunction(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "length"
        case .postgres: "char_length"
        case .mysql: "CHAR_LENGTH"
        }
    }

    /// `varchar(n)` rejects longer values itself (MySQL in its default strict mode).
    private static func typeEnforcesMaxLength(_ type: FieldType, _ maxLength: Int, _ dialect: SQLDialect) -> Bool {
        guard dialect != .sqlite, case .string(let declared?) = type else { return false }
        return declared <= maxLength
    }

    /// The JSON type a document column must hold: arrays hold arrays, nested types objects.
    /// Free-form `json` may hold anything valid.
    private static func jsonShape(_ type: FieldType) -> String? {
        switch type {
        case .array: "array"
        case .nested: "object"
        default: nil
        }
    }
}
