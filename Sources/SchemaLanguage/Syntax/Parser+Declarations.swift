extension Parser {
    /// file := header? declaration*
    mutating func parseFile() -> SchemaFileSyntax {
        var header: HeaderSyntax?
        var declarations: [DeclarationSyntax] = []
        var trailing: [String] = []
        while true {
            let trivia = collectTrivia()
            if atEnd {
                trailing = closingComments(trivia)
                break
            }
            let before = index
            if current.isKeyword("schema") {
                let parsed = parseHeader(trivia)
                if header != nil {
                    diagnostics.error("a file has exactly one schema header; this is a second one",
                                      hint: "merge the two headers or split the file", at: parsed.name.range)
                } else {
                    if !declarations.isEmpty {
                        diagnostics.error("the schema header must come before every declaration",
                                          hint: "move 'schema \(parsed.name.text) { ... }' to the top of the file",
                                          at: parsed.range)
                    }
                    header = parsed
                }
            } else if let declaration = parseDeclaration(trivia) {
                declarations.append(declaration)
            } else {
                expected("a declaration",
                         hint: "top-level declarations are schema, table, collection, type, enum, cache and namespace")
                skipStatement()
                if current.kind == .rightBrace { advance() }
            }
            if index == before { advance() }
        }
        return SchemaFileSyntax(file: file, header: header, declarations: declarations, trailingComments: trailing)
    }

    mutating func parseDeclaration(_ trivia: Trivia) -> DeclarationSyntax? {
        guard current.kind == .identifier else { return nil }
        switch current.text {
        case "table", "collection":
            return .entity(parseEntity(trivia))
        case "enum" where peek().kind == .identifier:
            return .enumeration(parseEnum(trivia))
        case "type" where peek().kind == .identifier:
            return .type(parseTypeDeclaration(trivia))
        case "cache" where peek().kind == .identifier:
            return .cache(parseCache(trivia))
        case "namespace" where peek().kind == .identifier:
            return .namespace(parseNamespace(trivia))
        default:
            return nil
        }
    }

    /// header := 'schema' name '{' (targets | database | about | ('timestamps' | 'auto' | 'enums') choice)* '}'
    mutating func parseHeader(_ trivia: Trivia) -> HeaderSyntax {
        let start = advance().range.start
        let name = expectName("the schema's name", hint: "write 'schema my_bot { targets sqlite }'")
            ?? NameSyntax(text: "", range: current.range)
        var header = HeaderSyntax(trivia: trivia, name: name, targets: [], targetsRange: nil, database: nil,
                                  about: nil, closingComments: [], range: SourceRange(start: start, end: start))
        let block = parseBlock("schema header") { parser, itemTrivia in
            let start = parser.current.range.start
            var kind: HeaderItemKind?
            if let keyword = parser.consumeKeyword("targets") {
                var targets: [NameSyntax] = []
                repeat {
                    if let target = parser.expectName("a target (sqlite, postgres, mysql, mongo)") { targets.append(target) }
                } while parser.consume(.comma) != nil
                header.targets += targets
                header.targetsRange = keyword.range.union(targets.last?.range ?? keyword.range)
                kind = .targets(targets)
            } else if let keyword = parser.consumeKeyword("database") {
                if parser.current.kind == .string {
                    // A second line would silently replace the first: report it instead.
                    if header.database != nil {
                        parser.diagnostics.error("the schema header names its database twice",
                                                 hint: "keep one 'database' line", at: keyword.range)
                    }
                    let database = parser.parseString()
                    header.database = database
                    kind = .database(database)
                } else {
                    parser.expected("the database's name as a string", hint: "write database \"botdb\"")
                }
            } else if parser.current.isKeyword("about"), parser.peek().kind == .leftBrace {
                let keyword = parser.advance()
                if header.about != nil {
                    parser.diagnostics.error("a second 'about' block in the schema header",
                                             hint: "merge it into the first one", at: keyword.range)
                }
                let about = parser.parseAbout()
                header.about = about
                kind = .about(about)
            } else if ["timestamps", "auto", "enums"].contains(parser.current.text), parser.current.kind == .identifier,
                      parser.peek().kind == .identifier {
                let subject = parser.advance()
                if let choice = parser.parseStorageChoice() {
                    kind = .storage(subject: NameSyntax(text: subject.text, range: subject.range), choice: choice)
                }
            } else {
                parser.expected("'targets', 'database', 'about', 'timestamps', 'auto' or 'enums'")
                parser.skipStatement()
            }
            let range = SourceRange(start: start, end: parser.previousEnd)
            parser.endStatement(&itemTrivia)
            if let kind { header.items.append(HeaderItemSyntax(trivia: itemTrivia, kind: kind, range: range)) }
        }
        header.closingComments = block.closingComments
        header.range = SourceRange(start: start, end: previousEnd)
        return header
    }

    /// entity := ('table' | 'collection') name ('like' name | 'named' string | 'was' name)* '{' member* '}'
    mutating func parseEntity(_ trivia: Trivia) -> EntitySyntax {
        let keyword = advance()
        let kind: EntityKind = keyword.text == "table" ? .table : .collection
        let name = expectName("the \(kind.rawValue)'s name") ?? NameSyntax(text: "", range: current.range)
        var entity = EntitySyntax(trivia: trivia, kind: kind, name: name, like: nil, physicalName: nil,
                                  previousName: nil, members: [], closingComments: [],
                                  range: keyword.range)
        var clauses: Set<String> = []
        while current.kind == .identifier {
            noteRepeatedClause(&clauses)
            if consumeKeyword("like") != nil {
                entity.like = expectName("the entity to copy fields from")
            } else if consumeKeyword("named") != nil {
                if current.kind == .string { entity.physicalName = parseString() } else {
                    expected("the physical name as a string", hint: "write named \"tbl_users\"")
                }
            } else if consumeKeyword("was") != nil {
                entity.previousName = expectName("the previous name")
            } else {
                expected("'{', 'like', 'named' or 'was'")
                advance()
            }
        }
        let block = parseBlock("\(kind.rawValue) '\(name.text)'") { parser, memberTrivia in
            let start = parser.current.range.start
            if let member = parser.parseMember() {
                // The range ends before a trailing comment or ';': it covers the statement only.
                let range = SourceRange(start: start, end: parser.previousEnd)
                parser.endStatement(&memberTrivia)
                entity.members.append(MemberSyntax(trivia: memberTrivia, kind: member, range: range))
            } else {
                parser.skipStatement()
            }
        }
        entity.closingComments = block.closingComments
        entity.range = SourceRange(start: keyword.range.start, end: previousEnd)
        return entity
    }

    /// enum := 'enum' name '{' case ((',' | line break) case)* '}'; case := name ('=' string)? ('was' name)?
    mutating func parseEnum(_ trivia: Trivia) -> EnumSyntax {
        let keyword = advance()
        let name = expectName("the enum's name") ?? NameSyntax(text: "", range: current.range)
        var cases: [EnumCaseSyntax] = []
        let block = parseBlock("enum '\(name.text)'") { parser, caseTrivia in
            while true {
                guard let caseName = parser.expectName("an enum case") else {
                    parser.skipStatement()
                    return
                }
                var enumCase = EnumCaseSyntax(trivia: caseTrivia, name: caseName, rawValue: nil)
                if parser.consume(.equals) != nil {
                    if parser.current.kind == .string { enumCase.rawValue = parser.parseString() } else {
                        parser.expected("the case's raw value as a string", hint: "write seven_day = \"7day\"")
                    }
                }
                if parser.consumeKeyword("was") != nil {
                    enumCase.previousName = parser.expectName("the case's previous name")
                }
                if parser.consume(.comma) != nil, parser.current.kind == .identifier {
                    cases.append(enumCase)
                    caseTrivia = Trivia()
                    continue
                }
                parser.endStatement(&caseTrivia)
                enumCase.trivia = caseTrivia
                cases.append(enumCase)
                return
            }
        }
        return EnumSyntax(isSingleLine: block.isSingleLine, trivia: trivia, name: name, cases: cases,
                          closingComments: block.closingComments,
                          range: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// type := 'type' name '{' field* '}'
    mutating func parseTypeDeclaration(_ trivia: Trivia) -> TypeDeclarationSyntax {
        let keyword = advance()
        let name = expectName("the type's name") ?? NameSyntax(text: "", range: current.range)
        var fields: [MemberSyntax] = []
        let block = parseBlock("type '\(name.text)'") { parser, fieldTrivia in
            let start = parser.current.range.start
            guard parser.current.kind == .identifier, let field = parser.parseField() else {
                parser.expected("a field", hint: "a nested type holds fields only: name type attributes")
                parser.skipStatement()
                return
            }
            let range = SourceRange(start: start, end: parser.previousEnd)
            parser.endStatement(&fieldTrivia)
            fields.append(MemberSyntax(trivia: fieldTrivia, kind: .field(field), range: range))
        }
        return TypeDeclarationSyntax(trivia: trivia, name: name, fields: fields,
                                     closingComments: block.closingComments,
                                     range: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// cache := 'cache' name '{' ('key' string | 'ttl' duration | 'value' type | field)* '}'
    mutating func parseCache(_ trivia: Trivia) -> CacheSyntax {
        let keyword = advance()
        let name = expectName("the cache's name") ?? NameSyntax(text: "", range: current.range)
        var items: [CacheItemSyntax] = []
        let block = parseBlock("cache '\(name.text)'") { parser, itemTrivia in
            let start = parser.current.range.start
            var kind: CacheItemKind?
            if parser.current.isKeyword("key"), parser.peek().kind == .string {
                parser.advance()
                kind = .key(parser.parseString())
            } else if parser.current.isKeyword("ttl"), parser.peek().kind == .duration {
                parser.advance()
                kind = .ttl(parser.parseTimeSpan())
            } else if parser.consumeKeyword("value") != nil {
                // `value` always introduces the value type; a key parameter cannot be called `value`.
                if let type = parser.parseType() { kind = .value(type) }
            } else if parser.current.kind == .identifier, let field = parser.parseField() {
                kind = .parameter(field)
            }
            guard let kind else {
                parser.skipStatement()
                return
            }
            let range = SourceRange(start: start, end: parser.previousEnd)
            parser.endStatement(&itemTrivia)
            items.append(CacheItemSyntax(trivia: itemTrivia, kind: kind, range: range))
        }
        return CacheSyntax(trivia: trivia, name: name, items: items, closingComments: block.closingComments,
                           range: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// namespace := 'namespace' name '{' ('owner' name | entity)* '}'
    mutating func parseNamespace(_ trivia: Trivia) -> NamespaceSyntax {
        let keyword = advance()
        let name = expectName("the namespace's name") ?? NameSyntax(text: "", range: current.range)
        var namespace = NamespaceSyntax(trivia: trivia, name: name, owner: nil, ownerTrivia: Trivia(),
                                        entities: [], closingComments: [], range: keyword.range)
        let block = parseBlock("namespace '\(name.text)'") { parser, itemTrivia in
            if parser.current.isKeyword("owner"), parser.peek().kind == .identifier {
                let keyword = parser.advance()
                // A second line would silently replace the first (and its comments): report it.
                if namespace.owner != nil {
                    parser.diagnostics.error("namespace '\(name.text)' names its owner twice",
                                             hint: "keep one 'owner' line", at: keyword.range)
                }
                namespace.owner = parser.expectName("the owner field")
                parser.endStatement(&itemTrivia)
                namespace.ownerTrivia = itemTrivia
            } else if parser.current.isKeyword("table") || parser.current.isKeyword("collection") {
                namespace.entities.append(parser.parseEntity(itemTrivia))
            } else {
                parser.expected("'owner', 'table' or 'collection'")
                parser.skipStatement()
            }
        }
        namespace.closingComments = block.closingComments
        namespace.range = SourceRange(start: keyword.range.start, end: previousEnd)
        return namespace
    }
}
