import SchemaLanguage

/// Renders conditions (partial indexes, retention filters) and literals as SQL of one dialect.
struct ConditionRenderer {
    let dialect: SQLDialect
    let entity: Entity

    /// The quoted physical column of a logical field name.
    func column(_ field: String) -> String {
        dialect.quote(entity.field(named: field)?.physicalName ?? field)
    }

    /// A literal value. Enum cases are stored as their raw value.
    func literal(_ value: Literal) -> String {
        switch value {
        case .integer(let integer): String(integer)
        case .number(_, let text): text
        case .string(let text): dialect.string(text)
        case .bool(let flag): dialect.bool(flag)
        case .null: "NULL"
        case .enumCase(_, let rawValue): dialect.string(rawValue)
        }
    }

    /// The condition as a SQL expression; compound parts are parenthesised so precedence never
    /// depends on the reader knowing SQL's.
    func render(_ condition: Condition) -> String {
        switch condition {
        case .comparison(let field, let comparison, let value):
            if value == .null {
                return column(field) + (comparison == .notEqual ? " IS NOT NULL" : " IS NULL")
            }
            return "\(column(field)) \(sqlOperator(comparison)) \(literal(value))"
        case .isIn(let field, let values):
            return "\(column(field)) IN (\(values.map(literal).joined(separator: ", ")))"
        case .isNull(let field):
            return "\(column(field)) IS NULL"
        case .isNotNull(let field):
            return "\(column(field)) IS NOT NULL"
        case .and(let left, let right):
            return "\(operand(left)) AND \(operand(right))"
        case .or(let left, let right):
            return "\(operand(left)) OR \(operand(right))"
        case .not(let inner):
            return "NOT (\(render(inner)))"
        }
    }

    private func operand(_ condition: Condition) -> String {
        switch condition {
        case .and, .or: "(\(render(condition)))"
        default: render(condition)
        }
    }

    private func sqlOperator(_ comparison: ComparisonOperator) -> String {
        switch comparison {
        case .equal: "="
        case .notEqual: "<>"
        case .less: "<"
        case .lessOrEqual: "<="
        case .greater: ">"
        case .greaterOrEqual: ">="
        }
    }
}
