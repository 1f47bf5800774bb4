/// A JavaScript value as it appears in generated mongosh scripts: validators, filters, index keys
/// and options. Objects keep their keys in insertion order so output is deterministic.
enum JavaScriptValue: Sendable, Hashable {
    case string(String)
    /// A number written exactly as given (`1`, `-1`, `2592000`, `0.5`).
    case number(String)
    case bool(Bool)
    case null
    case array([JavaScriptValue])
    case object([(key: String, value: JavaScriptValue)])
    /// A JavaScript expression written verbatim (`ago(2592000)`, `now`).
    case expression(String)

    static func == (lhs: JavaScriptValue, rhs: JavaScriptValue) -> Bool { lhs.renderedInline() == rhs.renderedInline() }

    func hash(into hasher: inout Hasher) { hasher.combine(renderedInline()) }

    /// An integer literal.
    static func integer(_ value: Int64) -> JavaScriptValue { .number(String(value)) }

    /// An object from ordered key-value pairs.
    static func object(_ pairs: KeyValuePairs<String, JavaScriptValue>) -> JavaScriptValue {
        .object(pairs.map { (key: $0.key, value: $0.value) })
    }

    /// The value of a key when this is an object.
    subscript(key: String) -> JavaScriptValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }
}

extension JavaScriptValue {
    /// The source text. A value that fits on one line from `column` (where it starts) stays on one
    /// line; longer objects and arrays break one member per line, indented two spaces deeper than
    /// `indent` (the indentation of the line the value starts on).
    func rendered(indent: Int = 0, column: Int? = nil, lineWidth: Int = 100) -> String {
        let inline = renderedInline()
        if (column ?? indent) + inline.count <= lineWidth { return inline }
        let inner = String(repeating: " ", count: indent + 2)
        let outer = String(repeating: " ", count: indent)
        switch self {
        case .array(let elements) where !elements.isEmpty:
            let lines = elements.map { inner + $0.rendered(indent: indent + 2, lineWidth: lineWidth) }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + outer + "]"
        case .object(let pairs) where !pairs.isEmpty:
            let lines = pairs.map { pair in
                let prefix = inner + JavaScriptSyntax.propertyKey(pair.key) + ": "
                return prefix + pair.value.rendered(indent: indent + 2, column: prefix.count, lineWidth: lineWidth)
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + outer + "}"
        default:
            return inline
        }
    }

    /// The source text on one line.
    func renderedInline() -> String {
        switch self {
        case .string(let text): return JavaScriptSyntax.stringLiteral(text)
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .expression(let text): return text
        case .array(let elements):
            return "[" + elements.map { $0.renderedInline() }.joined(separator: ", ") + "]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            let members = pairs.map { JavaScriptSyntax.propertyKey($0.key) + ": " + $0.value.renderedInline() }
            return "{ " + members.joined(separator: ", ") + " }"
        }
    }
}

/// Spelling rules of JavaScript source: string literals, property keys, identifiers.
enum JavaScriptSyntax {
    /// A double-quoted string literal with every character that needs it escaped.
    static func stringLiteral(_ text: String) -> String { JSONStringLiteral.quoted(text) }

    /// A `// ` line comment that stays one line whatever the text holds (U+2028 and U+2029 end
    /// JavaScript lines too; see ``CommentText``).
    static func comment(_ text: String, indent: String = "") -> String {
        (indent + "// " + CommentText.oneLine(text)).trimmingTrailingSpaces()
    }

    /// A property key: bare when it is an identifier (`user_id`, `$jsonSchema`), quoted otherwise.
    static func propertyKey(_ key: String) -> String {
        isIdentifier(key) ? key : stringLiteral(key)
    }

    /// Whether the text is a plain identifier (letters, digits, `_`, `$`, not starting with a digit).
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        func isStart(_ scalar: Unicode.Scalar) -> Bool {
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_" || scalar == "$"
        }
        return isStart(first) && text.unicodeScalars.allSatisfy { isStart($0) || ($0 >= "0" && $0 <= "9") }
    }

    /// `chat_id` → `chatId`: a lower camel-case JavaScript identifier for a schema name.
    static func camelCase(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
        guard let first = words.first else { return "value" }
        let rest = words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }
        let joined = first + rest.joined()
        let identifier = isIdentifier(joined) ? joined : "_" + joined.filter { $0.isLetter || $0.isNumber || $0 == "_" }
        return reservedWords.contains(identifier) ? identifier + "Value" : identifier
    }

    /// `task_manager_tasks` → `TaskManagerTasks`, for function names like `setupTodos`.
    static func pascalCase(_ name: String) -> String {
        let camel = camelCase(name)
        return camel.prefix(1).uppercased() + camel.dropFirst()
    }

    /// Words that may be property keys but not variable or parameter names.
    private static let reservedWords: Set<String> = [
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
        "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
        "let", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var",
        "void", "while", "with", "yield", "await", "static", "implements", "interface", "package", "private",
        "protected", "public", "arguments", "eval",
    ]
}
