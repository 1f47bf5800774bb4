/// The one printer of generated Swift: indentation (four spaces), blank lines between members,
/// doc comments (escaped by ``CommentText`` and wrapped at word boundaries) and the breaking of
/// signatures, calls and array literals that do not fit ``width``.
struct SwiftPrinter {
    /// The longest line the printer writes, apart from string literals (never broken).
    static let lineWidth = 120

    var width = SwiftPrinter.lineWidth

    /// A whole file: the header comment lines, the imports (`@_exported` for the modules in
    /// `reexporting`), then the declarations separated by blank lines.
    func file(header: [String], imports: [String], reexporting: Set<String> = [], _ declarations: [SwiftDeclaration]) -> String {
        var lines = header + [""]
        lines += imports.map { (reexporting.contains($0) ? "@_exported " : "") + "import \($0)" }
        for declaration in declarations { lines += [""] + self.lines(declaration, indent: 0) }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Declarations

    func lines(_ declaration: SwiftDeclaration, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch declaration {
        case .type(let type):
            let head = "\(type.keyword) \(type.name)"
            let conformances = type.conformances.joined(separator: ", ")
            let clause = type.whereClause.map { " where \($0)" } ?? ""
            let line = pad + head + (conformances.isEmpty ? "" : ": " + conformances) + clause
            // A declaration too long for one line lists its conformances on the next, the brace below.
            var opening = [line + " {"]
            if opening[0].count > width, !conformances.isEmpty {
                opening = [pad + head + ":", pad + "    " + conformances + clause, pad + "{"]
            }
            if type.members.isEmpty, opening.count == 1 { return doc(type.doc, indent: indent) + [line + " {}"] }
            return doc(type.doc, indent: indent) + opening + members(type.members, indent: indent + 4) + [pad + "}"]
        case .function(let function):
            return doc(function.doc, indent: indent) + function.attributes.map { pad + $0 } + self.function(function, indent: indent)
        case .property(let property):
            return doc(property.doc, indent: indent) + property.attributes.map { pad + $0 } + self.property(property, indent: indent)
        case .enumCase(let docLines, let name, let rawValue):
            return doc(docLines, indent: indent) + [pad + "case \(name)" + (rawValue.map { " = " + SwiftCode.literal($0) } ?? "")]
        }
    }

    /// Members, a blank line between them except inside runs of stored properties and enum cases.
    func members(_ members: [SwiftDeclaration], indent: Int) -> [String] {
        var lines: [String] = []
        for (position, member) in members.enumerated() {
            if position > 0, !(member.isCompact && members[position - 1].isCompact) { lines.append("") }
            lines += self.lines(member, indent: indent)
        }
        return lines
    }

    private func function(_ function: SwiftFunction, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let tail = function.signatureTail
        var signature = [pad + function.introducer + "(" + function.parameters.joined(separator: ", ") + ")" + tail]
        if signature[0].count + 2 > width, !function.parameters.isEmpty {
            signature = [pad + function.introducer + "("]
            signature += function.parameters.enumerated().map { position, parameter in
                pad + "    " + parameter + (position < function.parameters.count - 1 ? "," : "")
            }
            signature.append(pad + ")" + tail)
        }
        guard let body = function.body else { return signature }
        return braced(signature, body, indent: indent)
    }

    private func property(_ property: SwiftProperty, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let head = pad + "\(property.keyword) \(property.name)" + (property.type.map { ": \($0)" } ?? "")
        if property.isRequirement { return [head + " { get }"] }
        if let getter = property.getter, let setter = property.setter {
            let accessors = braced([pad + "    get"], getter, indent: indent + 4) + braced([pad + "    set"], setter, indent: indent + 4)
            return [head + " {"] + accessors + [pad + "}"]
        }
        if let getter = property.getter { return braced([head], getter, indent: indent) }
        guard let value = property.value else { return [head] }
        var lines = value.lines(indent: indent, column: head.count + 3, width: width)
        lines[0] = head + " = " + lines[0]
        return lines
    }

    /// `signature { statement }` on one line when it fits, else the body indented below.
    private func braced(_ signature: [String], _ body: [SwiftStatement], indent: Int) -> [String] {
        let last = signature[signature.count - 1]
        if body.isEmpty { return signature.dropLast() + [last + " {}"] }
        if body.count == 1, case .expression = body[0], last.count + body[0].inline.count + 5 <= width {
            return signature.dropLast() + [last + " { " + body[0].inline + " }"]
        }
        return signature.dropLast() + [last + " {"] + lines(body, indent: indent + 4) + [String(repeating: " ", count: indent) + "}"]
    }

    // MARK: Statements

    func lines(_ statements: [SwiftStatement], indent: Int) -> [String] {
        statements.flatMap { lines($0, indent: indent) }
    }

    func lines(_ statement: SwiftStatement, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch statement {
        case .expression(let prefix, let expression):
            var lines = expression.lines(indent: indent, column: indent + prefix.count, width: width)
            lines[0] = pad + prefix + lines[0]
            return lines
        case .block(let header, let body):
            return [pad + header + " {"] + lines(body, indent: indent + 4) + [pad + "}"]
        }
    }

    // MARK: Comments

    /// `///` lines of a doc comment, each paragraph line wrapped to the width.
    func doc(_ lines: [String], indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        return lines.flatMap { line in line.isEmpty ? [pad + "///"] : wrapped(line, prefix: pad + "/// ", indent: indent) }
    }

    /// `text` made one safe comment line, then broken at spaces so each line fits the width
    /// (a word longer than the width stays whole). List items continue two spaces in.
    private func wrapped(_ text: String, prefix: String, indent: Int) -> [String] {
        let safe = CommentText.oneLine(text).trimmingTrailingSpaces()
        if prefix.count + safe.count <= width || safe.hasPrefix("```") { return [prefix + safe] }
        let continuation = safe.hasPrefix("- ") ? prefix + "  " : prefix
        var lines: [String] = []
        var current = ""
        for word in safe.split(separator: " ") {
            let lead = lines.isEmpty ? prefix : continuation
            if !current.isEmpty, lead.count + current.count + 1 + word.count > width {
                lines.append(lead + current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        lines.append((lines.isEmpty ? prefix : continuation) + current)
        return lines.map { $0.trimmingTrailingSpaces() }
    }
}
