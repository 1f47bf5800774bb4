/// A Swift expression built from calls, arrays and dictionaries, written on one line when it
/// fits in ``maxWidth`` columns and otherwise broken one argument per line, so generated data
/// tables stay readable however deep their values nest. Text reaches it already escaped
/// (string literals come from ``SwiftCode/literal(_:)``).
indirect enum CatalogExpression: Sendable {
    /// Text that is never broken (a name, a number, a string literal).
    case atom(String)
    /// `callee(arguments)`; an empty argument list renders `callee()`.
    case call(String, [CatalogExpression])
    /// `[elements]`.
    case array([CatalogExpression])
    /// `[key: value, …]`; empty renders `[:]`. Keys are rendered atoms.
    case dictionary([(key: String, value: CatalogExpression)])
    /// `label: value` (an argument label).
    case labeled(String, CatalogExpression)

    /// The widest line the renderer aims for (a long string literal may still exceed it).
    static let maxWidth = 120

    /// A string literal atom.
    static func string(_ text: String) -> CatalogExpression { .atom(SwiftCode.literal(text)) }

    /// The expression on one line.
    var inline: String {
        switch self {
        case .atom(let text): text
        case .call(let callee, let arguments): callee + "(" + arguments.map(\.inline).joined(separator: ", ") + ")"
        case .array(let elements): "[" + elements.map(\.inline).joined(separator: ", ") + "]"
        case .dictionary(let entries):
            entries.isEmpty ? "[:]" : "[" + entries.map { "\($0.key): \($0.value.inline)" }.joined(separator: ", ") + "]"
        case .labeled(let label, let value): label + ": " + value.inline
        }
    }

    /// The lines of `prefix` followed by the expression and `suffix`, continuation lines indented by `indent`.
    func lines(prefix: String, indent: String, suffix: String = "") -> [String] {
        let one = prefix + inline + suffix
        if one.count <= Self.maxWidth { return [one] }
        let inner = indent + "    "
        switch self {
        case .atom: return [one]
        case .labeled(let label, let value):
            return value.lines(prefix: prefix + label + ": ", indent: indent, suffix: suffix)
        case .call(let callee, let arguments):
            guard !arguments.isEmpty else { return [one] }
            return [prefix + callee + "("] + arguments.enumerated().flatMap { position, argument in
                argument.lines(prefix: inner, indent: inner, suffix: position == arguments.count - 1 ? "" : ",")
            } + [indent + ")" + suffix]
        case .array(let elements):
            return [prefix + "["] + elements.flatMap { $0.lines(prefix: inner, indent: inner, suffix: ",") } + [indent + "]" + suffix]
        case .dictionary(let entries):
            guard !entries.isEmpty else { return [one] }
            return [prefix + "["] + entries.flatMap { entry in
                entry.value.lines(prefix: inner + entry.key + ": ", indent: inner, suffix: ",")
            } + [indent + "]" + suffix]
        }
    }
}
