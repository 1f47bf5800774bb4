extension Parser {
    /// One entity member. Keywords are contextual: `index (` starts an index, `index int32` a field.
    mutating func parseMember() -> MemberKind? {
        guard current.kind == .identifier else {
            expected("a field, key, index, query, retain, access or about line")
            return nil
        }
        let next = peek().kind
        switch current.text {
        case "primary" where next == .leftParen:
            advance()
            return .primaryKey(parseNameList("a primary-key field"))
        case "unique" where next == .leftParen, "index" where next == .leftParen:
            return .index(parseIndex())
        case "retain" where next == .leftBrace:
            advance()
            return .retain(parseRetain())
        case "access" where next == .leftBrace:
            advance()
            return .access(parseAccess())
        case "about" where next == .leftBrace:
            advance()
            return .about(parseAbout())
        case "partition" where peek().isKeyword("by"):
            advance()
            advance()
            var fields: [NameSyntax] = []
            repeat {
                if let field = expectName("a partition field") { fields.append(field) }
            } while consume(.comma) != nil
            return .partition(fields)
        case "query" where startsQueryDeclaration():
            return parseQuery().map(MemberKind.query)
        case "pages" where peek().isKeyword("at"):
            advance()
            advance()
            guard expectKeyword("most", hint: "write pages at most 100") else { return nil }
            guard current.kind == .integer else {
                expected("the largest page size", hint: "write pages at most 100")
                return nil
            }
            return .pageLimit(parseInteger())
        default:
            return parseField().map(MemberKind.field)
        }
    }

    /// `( name, name, ... )`; line breaks allowed inside.
    mutating func parseNameList(_ what: String) -> [NameSyntax] {
        var names: [NameSyntax] = []
        guard expect(.leftParen, "'(' before the list of \(what)s") != nil else { return names }
        skipLineBreaks()
        while current.kind != .rightParen && !atEnd {
            guard let name = expectName(what) else { break }
            names.append(name)
            skipLineBreaks()
            if consume(.comma) == nil { break }
            skipLineBreaks()
        }
        _ = expect(.rightParen, "')' to close the list")
        return names
    }

    /// index := ('unique' | 'index') '(' column (',' column)* ')' ('unique' | 'where' cond | 'ttl' d | 'named' s | 'was' s)*
    mutating func parseIndex() -> IndexSyntax {
        let writtenAsUnique = advance().text == "unique"
        var index = IndexSyntax(columns: [], isUnique: writtenAsUnique, writtenAsUnique: writtenAsUnique,
                                condition: nil, ttl: nil, name: nil)
        advance() // (
        skipLineBreaks()
        while current.kind != .rightParen && !atEnd {
            guard let name = expectName("an indexed field") else { break }
            var column = IndexColumnSyntax(name: name, descending: false, explicitAscending: false)
            if consumeKeyword("desc") != nil { column.descending = true }
            else if consumeKeyword("asc") != nil { column.explicitAscending = true }
            index.columns.append(column)
            skipLineBreaks()
            if consume(.comma) == nil { break }
            skipLineBreaks()
        }
        _ = expect(.rightParen, "')' to close the index's fields")
        var clauses: Set<String> = []
        while current.kind == .identifier {
            noteRepeatedClause(&clauses)
            if consumeKeyword("unique") != nil {
                index.isUnique = true
            } else if consumeKeyword("where") != nil {
                index.condition = parseCondition()
            } else if consumeKeyword("ttl") != nil {
                if current.kind == .duration { index.ttl = parseTimeSpan() } else {
                    expected("a duration such as 30d", hint: "write ttl 30d")
                }
            } else if consumeKeyword("named") != nil {
                if current.kind == .string { index.name = parseString() } else {
                    expected("the index's name as a string", hint: "write named \"idx_users_email\"")
                }
            } else if consumeKeyword("was") != nil {
                if current.kind == .string { index.previousName = parseString() } else {
                    expected("the index's previous name as a string", hint: "write was \"idx_users_mail\"")
                }
            } else {
                expected("'unique', 'where', 'ttl', 'named' or 'was'")
                skipStatement()
            }
        }
        return index
    }

    /// field := name type attribute*
    mutating func parseField() -> FieldSyntax? {
        let nameToken = advance()
        let name = NameSyntax(text: nameToken.text, range: nameToken.range)
        guard let type = parseType() else { return nil }
        var attributes: [FieldAttributeSyntax] = []
        while ![.newline, .semicolon, .rightBrace, .comment, .docComment, .endOfFile].contains(current.kind) {
            let start = current.range.start
            guard let kind = parseFieldAttribute() else {
                skipStatement()
                break
            }
            attributes.append(FieldAttributeSyntax(kind: kind, range: SourceRange(start: start, end: previousEnd)))
        }
        return FieldSyntax(name: name, type: type, attributes: attributes)
    }

    /// type := ('[' type ']' | 'enum' '(' cases ')' | name ('(' int (',' int)* ')')?) '?'?
    mutating func parseType() -> TypeSyntax? {
        let start = current.range.start
        var type: TypeSyntax
        if consume(.leftBracket) != nil {
            guard let element = parseType() else { return nil }
            _ = expect(.rightBracket, "']' to close the array type")
            type = .array(element, range: SourceRange(start: start, end: previousEnd))
        } else if current.isKeyword("enum"), peek().kind == .leftParen {
            advance()
            advance()
            var cases: [EnumCaseSyntax] = []
            skipLineBreaks()
            while current.kind != .rightParen && !atEnd {
                guard let name = expectName("an enum case") else { break }
                var enumCase = EnumCaseSyntax(trivia: Trivia(), name: name, rawValue: nil)
                if consume(.equals) != nil {
                    if current.kind == .string { enumCase.rawValue = parseString() } else {
                        expected("the case's raw value as a string")
                    }
                }
                if consumeKeyword("was") != nil { enumCase.previousName = expectName("the case's previous name") }
                cases.append(enumCase)
                skipLineBreaks()
                if consume(.comma) == nil { break }
                skipLineBreaks()
            }
            _ = expect(.rightParen, "')' to close the inline enum")
            type = .inlineEnum(cases, range: SourceRange(start: start, end: previousEnd))
        } else if current.kind == .identifier {
            let nameToken = advance()
            var arguments: [IntegerSyntax] = []
            if consume(.leftParen) != nil {
                repeat {
                    if current.kind == .integer {
                        arguments.append(parseInteger())
                    } else {
                        expected("an integer type argument", hint: "write string(255) or decimal(10, 2)")
                        break
                    }
                } while consume(.comma) != nil
                _ = expect(.rightParen, "')' to close the type's arguments")
            }
            type = .named(NameSyntax(text: nameToken.text, range: nameToken.range), arguments: arguments)
        } else {
            expected("a type", hint: "types are int32, int64, double, decimal(p, s), bool, string, text, "
                     + "timestamp, date, uuid, bytes, json, objectid, enum(...), [T] or a named type or enum")
            return nil
        }
        if consume(.question) != nil {
            type = .optional(type, range: SourceRange(start: start, end: previousEnd))
        }
        return type
    }

    mutating func parseFieldAttribute() -> FieldAttributeKind? {
        switch current.kind {
        case .equals:
            advance()
            return parseValue("a default value").map(FieldAttributeKind.defaultValue)
        case .arrow:
            advance()
            guard let entity = expectName("the referenced entity", hint: "write -> users.user_id") else { return nil }
            guard expect(.dot, "'.' between the referenced entity and field", hint: "write -> users.user_id") != nil,
                  let field = expectName("the referenced field") else { return nil }
            var action: ReferentialAction?
            if current.isKeyword("on"), peek().isKeyword("delete") {
                advance()
                advance()
                if consumeKeyword("cascade") != nil { action = .cascade }
                else if consumeKeyword("restrict") != nil { action = .restrict }
                else if current.isKeyword("set"), peek().isKeyword("null") { advance(); advance(); action = .setNull }
                else {
                    expected("cascade, set null or restrict")
                    return nil
                }
            }
            return .reference(entity: entity, field: field, onDelete: action)
        case .identifier:
            break
        default:
            expected("a field attribute", hint: Self.attributeHint)
            return nil
        }
        let word = advance()
        switch word.text {
        case "primary": return .primary
        case "auto": return .auto
        case "unique": return .unique
        case "on":
            guard expectKeyword("update", hint: "write on update now"),
                  expectKeyword("now", hint: "write on update now") else { return nil }
            return .onUpdateNow
        case "min": return parseValue("the minimum").map(FieldAttributeKind.min)
        case "max": return parseValue("the maximum").map(FieldAttributeKind.max)
        case "length":
            var lower: IntegerSyntax?
            var upper: IntegerSyntax?
            if current.kind == .integer { lower = parseInteger() }
            guard expect(.dotDot, "'..' in the length range", hint: "write length 1..100, 1.. or ..100") != nil else {
                return nil
            }
            if current.kind == .integer { upper = parseInteger() }
            if lower == nil && upper == nil {
                diagnostics.error("a length range needs at least one bound", hint: "write length 1..100",
                                  at: word.range)
            }
            return .length(lower: lower, upper: upper)
        case "pattern":
            guard current.kind == .string else {
                expected("the pattern as a string", hint: "write pattern \"^[a-z]+$\"")
                return nil
            }
            return .pattern(parseString())
        case "keep":
            guard expectKeyword("newest", hint: "write keep newest 50") else { return nil }
            guard current.kind == .integer else {
                expected("how many elements to keep", hint: "write keep newest 50")
                return nil
            }
            return .keepNewest(parseInteger())
        case "named":
            guard current.kind == .string else {
                expected("the physical name as a string", hint: "write named \"_id\"")
                return nil
            }
            return .named(parseString())
        case "was":
            return expectName("the field's previous name").map(FieldAttributeKind.was)
        case "as":
            return parseStorageChoice().map(FieldAttributeKind.storage)
        default:
            diagnostics.error("unknown field attribute '\(word.text)'",
                              hint: Self.attributeHint + Self.attributeSuggestion(for: word.text), at: word.range)
            return nil
        }
    }

    /// choice := identifier ('(' integer ')')?  — `naive`, `serial`, `varchar(20)`.
    mutating func parseStorageChoice() -> StorageChoiceSyntax? {
        guard let name = expectName("a SQL storage (naive, zoned, serial, identity, native, varchar(n))",
                                    hint: "write as naive, as serial or as varchar(20)") else { return nil }
        var choice = StorageChoiceSyntax(name: name, length: nil, range: name.range)
        if current.kind == .leftParen {
            advance()
            guard current.kind == .integer else {
                expected("the varchar's length", hint: "write varchar(20)")
                return nil
            }
            choice.length = parseInteger()
            guard let close = expect(.rightParen, "')' after the length", hint: "write varchar(20)") else { return nil }
            choice.range = name.range.union(close.range)
        }
        return choice
    }

    /// The attribute words a mistyped attribute may have meant.
    static let attributeWords = ["primary", "auto", "unique", "on", "min", "max", "length", "pattern", "keep",
                                 "named", "was", "as"]

    /// A "; did you mean 'x'?" suffix when a word is a small edit away from an attribute.
    static func attributeSuggestion(for word: String) -> String {
        Checker.suggestion(for: word, among: attributeWords)
    }

    static let attributeHint = "field attributes are primary, auto, unique, = default, on update now, "
        + "-> entity.field, min, max, length, pattern, keep newest, named, was, as"
}
