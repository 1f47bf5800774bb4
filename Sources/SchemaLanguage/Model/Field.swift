/// A field of an entity, nested type or cache key, resolved.
public struct Field: Sendable, Hashable {
    /// Logical name as written (`user_id`).
    public var name: String
    /// Physical name: column or document key (`_id`), the logical name unless given.
    public var physicalName: String
    /// Earlier names (from `was`).
    public var previousNames: [String]
    /// Documentation.
    public var doc: [String]
    /// The value type (without optionality).
    public var type: FieldType
    /// Whether the field may be null / absent.
    public var isOptional: Bool
    /// Auto-increment (integers) or generated on insert (`objectid`, `uuid`).
    public var isAuto: Bool
    /// The default value, if any.
    public var defaultValue: DefaultValue?
    /// Set to the current time on every write.
    public var updatesOnWrite: Bool
    /// The foreign key, if any.
    public var reference: Reference?
    /// Value checks.
    public var checks: FieldChecks
    /// Array cap: appending keeps only the newest N elements.
    public var keepNewest: Int?
    /// The physical SQL storage the schema chose (header defaults merged with the field's `as`).
    public var storage: SQLStorage = SQLStorage()
    /// Where it is declared: byte offsets into the schema file (line and column only when shown).
    public var range: SourceRange

    /// Creates a field.
    public init(name: String, physicalName: String? = nil, previousNames: [String] = [], doc: [String] = [],
                type: FieldType, isOptional: Bool = false, isAuto: Bool = false, defaultValue: DefaultValue? = nil,
                updatesOnWrite: Bool = false, reference: Reference? = nil, checks: FieldChecks = FieldChecks(),
                keepNewest: Int? = nil, range: SourceRange) {
        self.name = name
        self.physicalName = physicalName ?? name
        self.previousNames = previousNames
        self.doc = doc
        self.type = type
        self.isOptional = isOptional
        self.isAuto = isAuto
        self.defaultValue = defaultValue
        self.updatesOnWrite = updatesOnWrite
        self.reference = reference
        self.checks = checks
        self.keepNewest = keepNewest
        self.range = range
    }

    /// Whether a writer must supply a value (required, no default, not generated).
    public var isRequiredOnInsert: Bool { !isOptional && defaultValue == nil && !isAuto }
}

/// The value type of a field.
public indirect enum FieldType: Sendable, Hashable {
    case int32
    case int64
    case double
    case decimal(precision: Int, scale: Int)
    case bool
    /// Text, optionally at most this many characters.
    case string(maxLength: Int?)
    case text
    case timestamp
    case date
    case uuid
    case bytes
    /// Free-form JSON object.
    case json
    case objectID
    case enumeration(EnumType)
    /// A nested type, by name (look it up with ``Schema/type(named:)``).
    case nested(String)
    case array(FieldType)

    /// Whether values are integers or floating point / decimal numbers.
    public var isNumeric: Bool {
        switch self {
        case .int32, .int64, .double, .decimal: true
        default: false
        }
    }

    /// Whether values are integers.
    public var isInteger: Bool { self == .int32 || self == .int64 }

    /// Whether values are text (`string` or `text`).
    public var isText: Bool {
        switch self {
        case .string, .text: true
        default: false
        }
    }

    /// Whether values are points in time.
    public var isTemporal: Bool { self == .timestamp || self == .date }

    /// Whether SQL stores it as a JSON document (nested types, arrays, json).
    public var isDocument: Bool {
        switch self {
        case .json, .nested, .array: true
        default: false
        }
    }

    /// The schema spelling, for messages and docs (`string(255)`, `[Entry]`, `enum(a, b)`).
    public var spelling: String {
        switch self {
        case .int32: "int32"
        case .int64: "int64"
        case .double: "double"
        case .decimal(let precision, let scale): "decimal(\(precision), \(scale))"
        case .bool: "bool"
        case .string(let maxLength): maxLength.map { "string(\($0))" } ?? "string"
        case .text: "text"
        case .timestamp: "timestamp"
        case .date: "date"
        case .uuid: "uuid"
        case .bytes: "bytes"
        case .json: "json"
        case .objectID: "objectid"
        case .enumeration(let type): type.isInline ? "enum(\(type.cases.map(\.name).joined(separator: ", ")))" : type.name
        case .nested(let name): name
        case .array(let element): "[\(element.spelling)]"
        }
    }
}

/// A field's default value.
public enum DefaultValue: Sendable, Hashable {
    case integer(Int64)
    /// A decimal or floating value with its spelling.
    case number(Double, text: String)
    case string(String)
    case bool(Bool)
    case null
    /// The current time at insert.
    case now
    /// A newly generated UUID.
    case generatedUUID
    /// An enum case, by case name.
    case enumCase(EnumCase)
    case emptyArray
    case emptyObject
}

/// A foreign key: the referenced entity and field, and what deleting the parent does.
public struct Reference: Sendable, Hashable {
    /// The referenced entity's logical name.
    public var entity: String
    /// The referenced field's logical name.
    public var field: String
    /// What happens on delete of the parent (restrict when not written: nothing dangles).
    public var onDelete: ReferentialAction

    /// Creates a reference.
    public init(entity: String, field: String, onDelete: ReferentialAction) {
        self.entity = entity
        self.field = field
        self.onDelete = onDelete
    }
}

/// Value checks on a field.
public struct FieldChecks: Sendable, Hashable {
    /// Minimum numeric value (inclusive).
    public var minimum: Double?
    /// Maximum numeric value (inclusive).
    public var maximum: Double?
    /// The spellings of the bounds, so output shows `0`, not `0.0`.
    public var minimumText: String?
    /// See ``minimumText``.
    public var maximumText: String?
    /// Minimum length in characters.
    public var minLength: Int?
    /// Maximum length in characters (also set by `string(n)`).
    public var maxLength: Int?
    /// A regular expression the whole value must match.
    public var pattern: String?

    /// No checks.
    public init() {}

    /// Whether there is nothing to check.
    public var isEmpty: Bool {
        minimum == nil && maximum == nil && minLength == nil && maxLength == nil && pattern == nil
    }
}
