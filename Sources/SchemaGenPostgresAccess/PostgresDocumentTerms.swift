import Foundation
import SchemaGenPostgres
import SchemaGenRuntime

/// Terms inside documents and arrays (`jsonb` columns) in SQL with the store's meaning:
/// a member is `column -> 'name' -> …` (SQL NULL when it or a document on the way is absent, as
/// the store's member of a null document is null), read as text (strings and enums, compared by
/// their bytes; UUIDs as their lowercase text), `numeric` (integers, decimals), `float8` (doubles)
/// or `boolean`; an array's count is `jsonb_array_length`; a scalar element is found with
/// `@> jsonb_build_array(element)` (strings by their bytes, numbers by value); JSON values compare
/// as `jsonb` (objects by their members, numbers by value, strings by their bytes: exactly when
/// their canonical texts are equal). Anything else (timestamps, dates and bytes inside documents,
/// whole documents, JSON or document elements, which `@>` matches partially) is checked in Swift.
extension PostgresScanStatement {
    /// The `jsonb` column at `position` as an expression, nil for another server type.
    func jsonb(_ position: Int) -> String? {
        guard case .document(_, binary: true) = table.types[position] else { return nil }
        return table.quoted(position)
    }

    /// The member at `members` inside the `jsonb` expression `document`.
    mutating func member(_ document: String, _ members: [String]) -> String? {
        guard !members.contains(where: { $0.utf8.contains(0) }) else { return nil }
        return members.reduce(document) { "(\($0) -> \(bind(.text($1))))" }
    }

    /// `derived`'s value meeting `inner` (which reads it at position 0), nil without an exact equivalent.
    mutating func derivedCondition<Record>(_ derived: DerivedColumn, _ inner: QueryFilter<Record>) throws -> String? {
        guard let column = jsonb(derived.column.position) else { return nil }
        switch derived.derivation {
        case .member(let members):
            guard let value = member(column, members) else { return nil }
            return valueCondition(inner, value)
        case .count(let members):
            guard let array = member(column, members) else { return nil }
            return valueCondition(inner, "jsonb_array_length(\(array))", counted: true)
        case .canonicalJSON(let members):
            guard let value = member(column, members) else { return nil }
            return canonicalCondition(inner, value)
        }
    }

    /// `inner` on the `jsonb` value `value` (or, `counted`, on the integer `value`).
    private mutating func valueCondition<Record>(_ inner: QueryFilter<Record>, _ value: String, counted: Bool = false) -> String? {
        switch inner {
        case .all: return "TRUE"
        case .null: return "\(value) IS NULL"
        case .compare(let column, let comparison, let operand):
            guard let (expression, placeholder) = scalar(value, operand, column.decimalScale, counted: counted) else { return nil }
            return "\(expression) \(comparison.sqlSymbol) \(placeholder)"
        case .oneOf(let column, let operands):
            guard let first = operands.first else { return "(CASE WHEN \(value) IS NULL THEN NULL ELSE FALSE END)" }
            guard let (expression, _) = scalar(value, first, column.decimalScale, counted: counted, binding: false) else { return nil }
            var placeholders: [String] = []
            for operand in operands {
                guard let (other, placeholder) = scalar(value, operand, column.decimalScale, counted: counted), other == expression else { return nil }
                placeholders.append(placeholder)
            }
            return "\(expression) IN (\(placeholders.joined(separator: ", ")))"
        case .prefix(_, let prefix):
            guard !counted, !prefix.utf8.contains(0) else { return nil }
            return "starts_with((\(value) #>> '{}') COLLATE \"C\", \(bind(.text(prefix))))"
        case .emptyArray:
            return counted ? nil : "jsonb_array_length(\(value)) = 0"
        case .arrayContains(_, let test):
            guard !counted, let element = element(test) else { return nil }
            return "\(value) @> jsonb_build_array(\(element))"
        case .and(let left, let right):
            guard let a = valueCondition(left, value, counted: counted), let b = valueCondition(right, value, counted: counted) else { return nil }
            return "(\(a) AND \(b))"
        case .or(let left, let right):
            guard let a = valueCondition(left, value, counted: counted), let b = valueCondition(right, value, counted: counted) else { return nil }
            return "(\(a) OR \(b))"
        case .not(let inner):
            return valueCondition(inner, value, counted: counted).map { "(NOT \($0))" }
        case .bytesPrefix, .derived:
            return nil
        }
    }

    /// The `jsonb` scalar `value` as an expression comparing as the store compares `operand`'s
    /// type, and a placeholder for `operand` (not bound when `binding` is false); nil when the
    /// comparison would not be exact.
    private mutating func scalar(_ value: String, _ operand: StoreValue, _ decimalScale: Int?, counted: Bool,
                                 binding: Bool = true) -> (String, String)? {
        func placeholder(_ parameter: PostgresValue) -> String { binding ? bind(parameter) : "" }
        if counted {
            guard case .int(let n) = operand else { return nil }
            return (value, placeholder(.int64(n)))
        }
        switch operand {
        case .string(let text):
            guard !text.utf8.contains(0) else { return nil }
            return ("(\(value) #>> '{}') COLLATE \"C\"", placeholder(.text(text)))
        case .int(let n):
            guard let scale = decimalScale else { return ("(\(value))::numeric", placeholder(.numeric(PostgresNumeric(Decimal(n))))) }
            // The store compares a decimal member as its integer scaled by 10^scale and finds
            // none (unknown) when it has more fraction digits or leaves 64 bits: so does this.
            let scaled = "((\(value))::numeric * 1\(String(repeating: "0", count: scale)))"
            let held = "(CASE WHEN \(scaled) = trunc(\(scaled)) AND \(scaled) BETWEEN \(Int64.min) AND \(Int64.max) THEN (\(value))::numeric END)"
            return (held, placeholder(.numeric(ScaledDecimal.numeric(n, scale: scale))))
        case .bool(let flag):
            return ("(\(value))::boolean", placeholder(.bool(flag)))
        case .double(let number):
            // A document holds a finite double as its shortest round-trip digits (-0.0 as 0), and
            // `float8` of them is that double again; `float8` orders as the store's index key
            // (-0 equals 0, NaN equals NaN above +inf), so any operand compares exactly.
            return ("(\(value))::float8", placeholder(.double(number)))
        case .uuid(let uuid):
            // Lowercase hex with hyphens at fixed places: `C` order of the text is byte order.
            return ("(\(value) #>> '{}') COLLATE \"C\"", placeholder(.text(uuid.uuidString.lowercased())))
        // Timestamps and dates stay in Swift: their ISO text is not fixed-width (signed years below
        // 0, five digits above 9999, dates' ` BC`), so it does not sort as the instants do.
        case .null, .timestamp, .bytes:
            return nil
        }
    }

    /// A placeholder for the element `test` looks for, nil when `@>` would not find exactly it.
    mutating func element(_ test: ArrayElementTest) -> String? {
        switch (test.kind, test.element) {
        case (.value, .string(let text)):
            guard !text.utf8.contains(0) else { return nil }
            return bind(.text(text))
        case (.value, .int(let n)): return bind(.int64(n))
        case (.value, .bool(let flag)): return bind(.bool(flag))
        case (.decimal(let decimal), _):
            guard !decimal.isNaN else { return nil }
            return bind(.numeric(PostgresNumeric(decimal)))
        default: return nil
        }
    }

    /// `inner` (equality or membership of canonical JSON texts) on the `jsonb` value `value`.
    private mutating func canonicalCondition<Record>(_ inner: QueryFilter<Record>, _ value: String) -> String? {
        // jsonb has no NUL in strings: an operand holding one is left to Swift (no stored value holds one).
        func document(_ operand: StoreValue) -> PostgresValue? {
            guard case .string(let text) = operand, !text.contains("\\u0000") else { return nil }
            return .jsonb(text)
        }
        switch inner {
        case .compare(_, let comparison, let operand) where comparison == .equal || comparison == .notEqual:
            guard let parameter = document(operand) else { return nil }
            return "\(value) \(comparison.sqlSymbol) \(bind(parameter))"
        case .oneOf(_, let operands):
            guard !operands.isEmpty else { return "(CASE WHEN \(value) IS NULL THEN NULL ELSE FALSE END)" }
            let parameters = operands.compactMap(document)
            guard parameters.count == operands.count else { return nil }
            return "\(value) IN (\(parameters.map { bind($0) }.joined(separator: ", ")))"
        default:
            return nil
        }
    }
}
