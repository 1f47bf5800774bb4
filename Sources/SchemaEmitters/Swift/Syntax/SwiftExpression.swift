/// A Swift expression of generated code, as a tree the printer can break over several lines:
/// calls and array literals that do not fit the line width put one element per line.
indirect enum SwiftExpression: Sendable, Hashable {
    /// Source text written as given (`access.now`, `.cascade`, `Columns.id`); never broken.
    case code(String)
    /// A string literal of `text`, escaped (see ``SwiftCode/literal(_:)``).
    case string(String)
    /// `callee(label: value, …)`, optionally followed by a trailing closure.
    case call(String, [SwiftArgument], trailingClosure: SwiftClosure? = nil)
    /// `[a, b, …]`.
    case array([SwiftExpression])
    /// `[key: value, …]`, in the order given; empty prints `[:]`.
    case dictionary([SwiftDictionaryEntry])
    /// `{ parameters in statements }`.
    case closure(SwiftClosure)
    /// `left <operator> right` (`(scope?.values ?? []) + [id.storeValue]`).
    case infix(SwiftExpression, String, SwiftExpression)
    /// `base.member` (`Repository(…).sweep(now: now)`).
    case member(SwiftExpression, String)

    /// `self.member`.
    func member(_ name: String) -> SwiftExpression { .member(self, name) }

    /// `nil`.
    static let `nil` = SwiftExpression.code("nil")

    /// An integer literal.
    static func integer(_ value: Int) -> SwiftExpression { .code(String(value)) }

    /// A string literal, or `nil` when there is no text.
    static func optionalString(_ text: String?) -> SwiftExpression { text.map(SwiftExpression.string) ?? .nil }

    /// `callee(a, b)` with unlabelled arguments.
    static func call(_ callee: String, _ values: [SwiftExpression]) -> SwiftExpression {
        .call(callee, values.map { SwiftArgument(nil, $0) })
    }
}

/// One argument of a call: `label: value`, or `value` alone.
struct SwiftArgument: Sendable, Hashable {
    let label: String?
    let value: SwiftExpression

    init(_ label: String?, _ value: SwiftExpression) {
        self.label = label
        self.value = value
    }
}

/// One `key: value` entry of a dictionary literal.
struct SwiftDictionaryEntry: Sendable, Hashable {
    let key: SwiftExpression
    let value: SwiftExpression

    init(_ key: SwiftExpression, _ value: SwiftExpression) {
        self.key = key
        self.value = value
    }

    /// `key: value` on one line.
    var inline: String { key.inline + ": " + value.inline }
}

/// A closure: `{ tx in try … }` or `{ $0.tags.map(\.storeValue) }`.
struct SwiftClosure: Sendable, Hashable {
    /// The parameter list before `in`, or nil for `$0` closures.
    let parameters: String?
    let body: [SwiftStatement]

    init(_ parameters: String?, _ body: [SwiftStatement]) {
        self.parameters = parameters
        self.body = body
    }

    /// A `$0` closure.
    init(_ body: [SwiftStatement]) { self.init(nil, body) }
}

extension SwiftExpression {
    /// The expression on one line.
    var inline: String {
        switch self {
        case .code(let text): return text
        case .string(let text): return SwiftCode.literal(text)
        case .call(let callee, let arguments, let closure):
            let list = arguments.isEmpty && closure != nil ? "" : "(" + arguments.map(\.inline).joined(separator: ", ") + ")"
            return callee + list + (closure.map { " " + $0.inline } ?? "")
        case .array(let elements): return "[" + elements.map(\.inline).joined(separator: ", ") + "]"
        case .dictionary(let entries):
            return entries.isEmpty ? "[:]" : "[" + entries.map(\.inline).joined(separator: ", ") + "]"
        case .closure(let closure): return closure.inline
        case .infix(let left, let op, let right): return left.inline + " \(op) " + right.inline
        case .member(let base, let name): return base.inline + "." + name
        }
    }

    /// Lines of the expression starting at `column` of a line indented by `indent` spaces: one
    /// line when it fits `width`, otherwise calls and arrays one element per line, four spaces
    /// deeper. The first line carries no indentation (it continues the current line).
    func lines(indent: Int, column: Int, width: Int) -> [String] {
        let single = inline
        if column + single.count <= width { return [single] }
        let inner = String(repeating: " ", count: indent + 4)
        let outer = String(repeating: " ", count: indent)
        switch self {
        case .call(let callee, let arguments, let closure) where !arguments.isEmpty || closure != nil:
            var lines: [String]
            if arguments.isEmpty {
                lines = [callee]
            } else {
                let head = callee + "("
                let compact = arguments.map(\.inline).joined(separator: ", ")
                if closure != nil, column + head.count + compact.count + 3 <= width {
                    lines = [head + compact + ")"]
                } else {
                    lines = [head]
                    for (position, argument) in arguments.enumerated() {
                        let label = argument.label.map { "\($0): " } ?? ""
                        let room = position < arguments.count - 1 ? width - 1 : width  // for the comma
                        var value = argument.value.lines(indent: indent + 4, column: indent + 4 + label.count, width: room)
                        value[0] = inner + label + value[0]
                        if position < arguments.count - 1 { value[value.count - 1] += "," }
                        lines += value
                    }
                    lines.append(outer + ")")
                }
            }
            if let closure {
                // The first line continues the current one; later lines carry their indentation.
                let end = lines.count == 1 ? column + lines[0].count : lines[lines.count - 1].count
                let body = closure.lines(indent: indent, column: end + 1, width: width)
                lines[lines.count - 1] += " " + body[0]
                lines += body.dropFirst()
            }
            return lines
        case .array(let elements) where !elements.isEmpty:
            var lines = ["["]
            for element in elements {
                var value = element.lines(indent: indent + 4, column: indent + 4, width: width - 1)
                value[0] = inner + value[0]
                value[value.count - 1] += ","
                lines += value
            }
            return lines + [outer + "]"]
        case .dictionary(let entries) where !entries.isEmpty:
            // Keys stay on the entry's line; a value too long for it breaks like any expression.
            var lines = ["["]
            for entry in entries {
                let key = entry.key.inline + ": "
                var value = entry.value.lines(indent: indent + 4, column: indent + 4 + key.count, width: width - 1)
                value[0] = inner + key + value[0]
                value[value.count - 1] += ","
                lines += value
            }
            return lines + [outer + "]"]
        case .closure(let closure):
            return closure.lines(indent: indent, column: column, width: width)
        case .infix(let left, let op, let right):
            var lines = left.lines(indent: indent, column: column, width: width)
            let last = lines[lines.count - 1]
            let tail = right.lines(indent: indent, column: (lines.count == 1 ? column : 0) + last.count + op.count + 2, width: width)
            lines[lines.count - 1] += " \(op) " + tail[0]
            return lines + tail.dropFirst()
        case .member(let base, let name):
            var lines = base.lines(indent: indent, column: column, width: width)
            lines[lines.count - 1] += "." + name
            return lines
        default:
            return [single]
        }
    }
}

extension SwiftArgument {
    var inline: String { (label.map { "\($0): " } ?? "") + value.inline }
}

extension SwiftClosure {
    /// `{ body }`, or `{ parameters in body }`, on one line.
    var inline: String {
        let head = parameters.map { "{ \($0) in " } ?? "{ "
        return head + body.map(\.inline).joined(separator: "; ") + " }"
    }

    /// The closure on one line when it fits and holds one statement, else its body on lines of its own.
    func lines(indent: Int, column: Int, width: Int) -> [String] {
        let single = inline
        if body.count <= 1, column + single.count <= width { return [single] }
        let head = parameters.map { "{ \($0) in" } ?? "{"
        return [head] + SwiftPrinter(width: width).lines(body, indent: indent + 4) + [String(repeating: " ", count: indent) + "}"]
    }
}
