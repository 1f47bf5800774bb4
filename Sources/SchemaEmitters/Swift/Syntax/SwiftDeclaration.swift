/// A statement in a generated function, initializer or closure body.
indirect enum SwiftStatement: Sendable, Hashable {
    /// `prefix` then an expression that may break over lines (`return `, `self.id = `, `try `).
    case expression(String, SwiftExpression)
    /// `header {` statements `}` (`if let value = x`, `guard row.count == 3 else`).
    case block(String, [SwiftStatement])

    /// A statement of verbatim source text (`_ = now`).
    static func code(_ text: String) -> SwiftStatement { .expression("", .code(text)) }

    /// An expression statement.
    static func expression(_ expression: SwiftExpression) -> SwiftStatement { .expression("", expression) }

    /// The statement on one line, for closures short enough to stay on one.
    var inline: String {
        switch self {
        case .expression(let prefix, let expression): prefix + expression.inline
        case .block(let header, let body): "\(header) { " + body.map(\.inline).joined(separator: "; ") + " }"
        }
    }
}

/// A declaration: a type or extension, function, property, enum case or comment.
indirect enum SwiftDeclaration: Sendable, Hashable {
    case type(SwiftTypeDeclaration)
    case function(SwiftFunction)
    case property(SwiftProperty)
    /// `case name = "raw"` (raw value optional), with its doc comment.
    case enumCase(doc: [String], name: String, rawValue: String?)

    /// Whether it is one line of a run that needs no blank line between its members (stored
    /// properties and enum cases).
    var isCompact: Bool {
        switch self {
        case .enumCase(let doc, _, _): doc.count <= 1
        case .property(let property): property.getter == nil
        default: false
        }
    }
}

/// `public struct Name<…>: Conformances where … { members }`, or an extension.
struct SwiftTypeDeclaration: Sendable, Hashable {
    var doc: [String] = []
    /// The introducer: `public struct`, `public enum`, `public protocol`, `extension`, `enum`.
    let keyword: String
    /// The name, with generic parameters (`WarningRepository<Access: ReadAccess>`).
    let name: String
    var conformances: [String] = []
    var whereClause: String? = nil
    var members: [SwiftDeclaration] = []
}

/// A function or initializer.
struct SwiftFunction: Sendable, Hashable {
    var doc: [String] = []
    /// `@discardableResult` and the like, one line each.
    var attributes: [String] = []
    /// `public`, `public static`, `public mutating` (empty for internal).
    var modifiers: String = "public"
    /// `func name<T>` or `init`.
    let name: String
    var parameters: [String] = []
    /// `throws`, `rethrows` or empty.
    var effects: String = ""
    var returnType: String? = nil
    var whereClause: String? = nil
    /// Nil for a protocol requirement.
    var body: [SwiftStatement]? = []

    /// The declaration up to the parameter list: `public static func open`.
    var introducer: String {
        let head = name == "init" ? "init" : "func \(name)"
        return modifiers.isEmpty ? head : "\(modifiers) \(head)"
    }

    /// What follows the parameter list: ` throws -> Warning where …`.
    var signatureTail: String {
        (effects.isEmpty ? "" : " \(effects)") + (returnType.map { " -> \($0)" } ?? "") + (whereClause.map { " where \($0)" } ?? "")
    }
}

/// A stored or computed property (`public static let tableName = "warnings"`, `var x: T { … }`),
/// or a protocol's property requirement or associated type.
struct SwiftProperty: Sendable, Hashable {
    var doc: [String] = []
    /// `@available(…)` and the like, one line each.
    var attributes: [String] = []
    /// `public static let`, `public var`, `let`, `var` (for protocol requirements too).
    let keyword: String
    let name: String
    var type: String? = nil
    /// `= value` of a stored property.
    var value: SwiftExpression? = nil
    /// The body of a computed property (nil for a stored one).
    var getter: [SwiftStatement]? = nil
    /// The setter's body of a computed property that has one (`newValue` is the value set).
    var setter: [SwiftStatement]? = nil
    /// `{ get }` for a protocol requirement.
    var isRequirement = false
}
