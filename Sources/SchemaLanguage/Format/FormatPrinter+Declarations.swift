extension FormatPrinter {
    mutating func printFile(_ syntax: SchemaFileSyntax) {
        if let header = syntax.header {
            printHeader(header)
        }
        for declaration in syntax.declarations {
            // Exactly one blank line between top-level declarations, whatever the author left.
            blankLine()
            switch declaration {
            case .entity(let entity): printEntity(entity, blankBefore: false)
            case .enumeration(let enumeration): printEnum(enumeration)
            case .type(let type): printType(type)
            case .cache(let cache): printCache(cache)
            case .namespace(let namespace): printNamespace(namespace)
            }
        }
        if !syntax.trailingComments.isEmpty {
            blankLine()
            closing(syntax.trailingComments)
        }
    }

    /// `{`, the body one level deeper, the closing comments, `}`; an empty body prints `{ }`.
    mutating func block(_ opener: String, isEmpty: Bool, closingComments: [String], suffix: String = "",
                        body: (inout FormatPrinter) -> Void) {
        if isEmpty && closingComments.isEmpty {
            line(opener + " { }" + suffix)
            return
        }
        line(opener + " {")
        depth += 1
        body(&self)
        closing(closingComments)
        depth -= 1
        line("}" + suffix)
    }

    mutating func printHeader(_ header: HeaderSyntax) {
        leading(header.trivia, at: header.range.start, blankBefore: false)
        block("schema \(header.name.text)", isEmpty: header.items.isEmpty, closingComments: header.closingComments) { printer in
            for (position, item) in header.items.enumerated() {
                printer.leading(item.trivia, at: item.range.start, blankBefore: item.trivia.blankLineBefore && position > 0)
                let trailing = printer.trailing(item.trivia)
                switch item.kind {
                case .targets(let targets):
                    printer.line("targets " + targets.map(\.text).joined(separator: ", ") + trailing)
                case .database(let name):
                    printer.line("database \(name.source)" + trailing)
                case .about(let about):
                    printer.printAbout(about, suffix: trailing)
                case .storage(let subject, let choice):
                    printer.line("\(subject.text) \(choice.text)" + trailing)
                }
            }
        }
    }

    mutating func printEntity(_ entity: EntitySyntax, blankBefore: Bool) {
        leading(entity.trivia, at: entity.range.start, blankBefore: blankBefore)
        var opener = "\(entity.kind.rawValue) \(entity.name.text)"
        if let like = entity.like { opener += " like \(like.text)" }
        if let physical = entity.physicalName { opener += " named \(physical.source)" }
        if let previous = entity.previousName { opener += " was \(previous.text)" }
        block(opener, isEmpty: entity.members.isEmpty, closingComments: entity.closingComments) { printer in
            printer.printMembers(entity.members)
        }
    }

    mutating func printEnum(_ enumeration: EnumSyntax) {
        leading(enumeration.trivia, at: enumeration.range.start, blankBefore: false)
        let opener = "enum \(enumeration.name.text)"
        let oneLine = "\(opener) { \(enumeration.cases.map(SyntaxText.enumCase).joined(separator: ", ")) }"
        let quiet = enumeration.closingComments.isEmpty && !enumeration.cases.contains { $0.trivia.hasComments }
        if enumeration.isSingleLine && quiet && fits(oneLine) && !enumeration.cases.isEmpty {
            line(oneLine)
            return
        }
        block(opener, isEmpty: enumeration.cases.isEmpty, closingComments: enumeration.closingComments) { printer in
            for (position, enumCase) in enumeration.cases.enumerated() {
                printer.leading(enumCase.trivia, at: enumCase.name.range.start,
                                blankBefore: enumCase.trivia.blankLineBefore && position > 0)
                printer.line(SyntaxText.enumCase(enumCase) + printer.trailing(enumCase.trivia))
            }
        }
    }

    mutating func printType(_ type: TypeDeclarationSyntax) {
        leading(type.trivia, at: type.range.start, blankBefore: false)
        block("type \(type.name.text)", isEmpty: type.fields.isEmpty, closingComments: type.closingComments) { printer in
            printer.printMembers(type.fields)
        }
    }

    mutating func printCache(_ cache: CacheSyntax) {
        leading(cache.trivia, at: cache.range.start, blankBefore: false)
        // `key`, `ttl` and `value` line up with each other; key parameters form their own columns.
        let keywordWidth = cache.items.map { item -> Int in
            switch item.kind {
            case .key, .ttl: 3
            case .value: 5
            case .parameter: 0
            }
        }.max() ?? 0
        let parameters = FieldColumns(cache.items.compactMap { item in
            if case .parameter(let field) = item.kind { field } else { nil }
        })
        block("cache \(cache.name.text)", isEmpty: cache.items.isEmpty, closingComments: cache.closingComments) { printer in
            for (position, item) in cache.items.enumerated() {
                printer.leading(item.trivia, at: item.range.start, blankBefore: item.trivia.blankLineBefore && position > 0)
                printer.interior(item.range)
                let text = switch item.kind {
                case .key(let key): "key".padded(to: keywordWidth) + " " + key.source
                case .ttl(let ttl): "ttl".padded(to: keywordWidth) + " " + ttl.text
                case .value(let type): "value".padded(to: keywordWidth) + " " + SyntaxText.type(type)
                case .parameter(let field):
                    parameters.line(field, hasTrailingComment: item.trivia.trailingComment != nil)
                }
                printer.line(text + printer.trailing(item.trivia))
            }
        }
    }

    mutating func printNamespace(_ namespace: NamespaceSyntax) {
        leading(namespace.trivia, at: namespace.range.start, blankBefore: false)
        let isEmpty = namespace.owner == nil && namespace.entities.isEmpty
        block("namespace \(namespace.name.text)", isEmpty: isEmpty, closingComments: namespace.closingComments) { printer in
            // The owner applies to every entity, so it is printed first wherever it was written.
            if let owner = namespace.owner {
                let keywordStart = printer.tokenIndex(startingAt: owner.range.start)
                    .map { printer.tokens[max(0, $0 - 1)].range.start } ?? owner.range.start
                printer.leading(namespace.ownerTrivia, at: keywordStart, blankBefore: false)
                printer.line("owner \(owner.text)" + printer.trailing(namespace.ownerTrivia))
            }
            for (position, entity) in namespace.entities.enumerated() {
                let blank = entity.trivia.blankLineBefore && (position > 0 || namespace.owner != nil)
                printer.printEntity(entity, blankBefore: blank)
            }
        }
    }
}
