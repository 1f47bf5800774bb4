import SchemaLanguage

/// How generated scripts name an entity's collection: its physical name, or for a partitioned
/// collection (`todos_{chat_id}`) an expression over the partition parameters.
struct MongoCollectionName {
    /// One piece of a physical name template.
    enum Piece: Equatable {
        case literal(String)
        case placeholder(String)
    }

    /// The entity named.
    let entity: Entity

    /// Whether there is one collection per partition value.
    var isPartitioned: Bool { !entity.partitionKeys.isEmpty }

    /// The template split into literal text and `{field}` placeholders.
    var pieces: [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(entity.physicalName)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
            pieces.append(.placeholder(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        return pieces
    }

    /// The JavaScript parameter of a partition field (`chat_id` → `chatId`).
    static func parameter(_ field: String) -> String { JavaScriptSyntax.camelCase(field) }

    /// The parameters of the setup function, in partition-key order.
    var parameters: [String] { entity.partitionKeys.map(Self.parameter) }

    /// A JavaScript expression for the name: `"users"`, or `"todos_" + chatId`.
    var expression: String {
        pieces.map { piece in
            switch piece {
            case .literal(let text): JavaScriptSyntax.stringLiteral(text)
            case .placeholder(let field): Self.parameter(field)
            }
        }.joined(separator: " + ")
    }

    /// The name as readers see it: `todos_<chatId>`.
    var readableForm: String {
        pieces.map { piece in
            switch piece {
            case .literal(let text): text
            case .placeholder(let field): "<\(Self.parameter(field))>"
            }
        }.joined()
    }

    /// A regular-expression literal matching every partition's name: `/^todos_.+$/`.
    var pattern: String {
        let body = pieces.map { piece in
            switch piece {
            case .literal(let text): Self.escapedForRegularExpression(text)
            case .placeholder: ".+"
            }
        }.joined()
        return "/^" + body + "$/"
    }

    /// The setup function of a partitioned collection: `setupTodos`.
    var setupFunctionName: String { "setup" + JavaScriptSyntax.pascalCase(entity.name) }

    /// Metacharacters escaped; line terminators and other controls (which would end the literal)
    /// as `\uXXXX`.
    private static func escapedForRegularExpression(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if "\\^$.|?*+()[]{}/-".unicodeScalars.contains(scalar) {
                result += "\\" + String(scalar)
            } else if CommentText.isUnsafe(scalar) {
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
