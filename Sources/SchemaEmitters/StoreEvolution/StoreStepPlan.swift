import SchemaLanguage

/// How the embedded store moves from one schema version to the next, as planned at build time
/// from the one diff: the build-time mirror of the runtime's `StoreVersionStep`, plus what the
/// store will do on open for each change (shown by `schemagen diff`).
public struct StoreStepPlan: Sendable, Hashable {
    /// For each table of the new version: the old table its rows come from (`nil`: new and empty).
    public var tableSources: [String: String?]
    /// Per new table that has an old one: where each new column's values come from.
    public var columnSources: [String: [String: StoreColumnSource]]
    /// Per nested type whose shape changed (by new name): the old type and each new field's source.
    public var documentSources: [String: StoreDocumentSource]
    /// Per enum (new name): old raw value → new raw value of each case whose stored value changed.
    public var enumCaseRenames: [String: [String: String]]
    /// Every change of the diff, in its order, with the store's part in it.
    public var changes: [PlannedStoreChange]

    /// Whether some column or document field can only be computed by a transform the bot registers.
    public var needsTransform: Bool {
        columnSources.values.contains { $0.values.contains(.transform) }
            || documentSources.values.contains { $0.fields.values.contains(.transform) }
    }
}

/// Where a new column's (or document field's) value comes from (the runtime's `ColumnSource`).
///
/// `.fill` values and `whenNull` use the representation a column of the field's shape stores:
/// decimals as integers scaled by 10^scale, dates and timestamps as microseconds, enums by raw
/// value, and json, arrays and documents as their `BinaryWriter` encoding in `.bytes`.
public enum StoreColumnSource: Sendable, Hashable {
    /// From the old column (or field) of this name, converted to the new shape; `whenNull`
    /// replaces nulls when the field became required with a default.
    case column(String, whenNull: StoreLiteral?)
    /// A new column: existing rows get this value.
    case fill(StoreLiteral)
    /// No rule derives it: a transform registered for the step computes it.
    case transform
}

/// The fields of one nested type across a step (the runtime's `DocumentSource`).
public struct StoreDocumentSource: Sendable, Hashable {
    /// The type's name in the old version.
    public var oldName: String
    /// Each new field's source, by field name.
    public var fields: [String: StoreColumnSource]
}

/// One change of the diff as the embedded store sees it: the same code and classes as the SQL
/// plan, the store table and column it concerns, and what opening the store will do.
public struct PlannedStoreChange: Sendable, Hashable {
    /// The diff engine's change (code, classes, summary).
    public var change: SchemaChange
    /// The store table (physical name), or the cache's TTL space for cache changes.
    public var table: String?
    /// The store column (physical name), or the nested field's name.
    public var column: String?
    /// What the store does on open, in one line (`builds index 'idx_x' on 'users'`).
    public var effect: String

    /// The class names, in report order (`destructive`, `data-dependent`, …).
    public var classNames: [String] {
        ChangeClasses.named.filter { change.classes.contains($0.0) }.map(\.1)
    }
}

/// Which value conversions the store makes by rule. Widening always holds; narrowing (and a
/// string becoming an enum) is checked row by row at open, failing with the offending keys.
/// Anything else needs a transform.
enum StoreConversion {
    static func isAutomatic(from old: FieldType, to new: FieldType) -> Bool {
        switch (old, new) {
        case (.int32, .int32), (.int64, .int64), (.int32, .int64), (.int64, .int32), (.double, .double), (.bool, .bool),
             (.timestamp, .timestamp), (.date, .date), (.date, .timestamp), (.uuid, .uuid), (.bytes, .bytes),
             (.json, .json), (.objectID, .objectID):
            return true
        case (.int32, .double), (.int32, .decimal), (.int64, .decimal), (.decimal, .decimal):
            return true
        case (.string, .string), (.string, .text), (.text, .string), (.text, .text):
            return true
        case (.enumeration, .string), (.enumeration, .text), (.string, .enumeration), (.text, .enumeration),
             (.enumeration, .enumeration):
            return true
        case (.nested(let a), .nested(let b)):
            return a == b
        case (.array(let a), .array(let b)):
            return isAutomatic(from: a, to: b)
        default:
            return false
        }
    }

    /// A default value as a field of `type` stores it, or nil when it is not one value known at
    /// build time (`now`, a generated UUID, a nested document).
    static func literal(_ value: DefaultValue, for type: FieldType) -> StoreLiteral? {
        switch value {
        case .integer(let number):
            if case .decimal(_, let scale) = type { return scaled(String(number), scale: scale) }
            return type == .double ? .double(String(number)) : .int(number)
        case .number(_, let text):
            if case .decimal(_, let scale) = type { return scaled(text, scale: scale) }
            return .double(text)
        case .string(let text):
            return type.isText || { if case .enumeration = type { true } else { false } }() ? .string(text) : nil
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .enumCase(let enumCase): return .string(enumCase.rawValue)
        case .emptyArray: return .bytes([0])
        case .emptyObject: return type == .json ? .bytes([6, 0]) : nil
        case .now, .generatedUUID: return nil
        }
    }

    /// A decimal's text as an integer scaled by 10^scale (extra digits cut), nil if it does not fit.
    static func scaled(_ text: String, scale: Int) -> StoreLiteral? {
        let negative = text.hasPrefix("-")
        let digits = negative || text.hasPrefix("+") ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let whole = parts[0].isEmpty ? "0" : parts[0]
        var fraction = parts.count > 1 ? parts[1] : ""
        fraction = String(fraction.prefix(scale)) + String(repeating: "0", count: max(0, scale - fraction.count))
        guard let value = Int64(whole + fraction) else { return nil }
        return .int(negative ? -value : value)
    }
}

extension StoreStepPlan {
    /// The plan as `schemagen diff --format store` prints it: per change its code, summary and
    /// classes, then what the embedded store does on open; every line made safe to print.
    public func render() -> String {
        guard !changes.isEmpty else { return "No changes.\n" }
        var lines: [String] = []
        for planned in changes {
            let classes = planned.change.classes.isEmpty ? "safe" : planned.classNames.joined(separator: ", ")
            lines.append(CommentText.oneLine("\(planned.change.code.rawValue) \(planned.change.summary) (\(classes))"))
            lines.append("    on open: " + CommentText.oneLine(planned.effect))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
