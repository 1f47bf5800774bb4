extension Parser {
    // MARK: Literals

    mutating func parseString() -> StringSyntax {
        let token = advance()
        return StringSyntax(value: Lexer.unescape(token.text), source: token.text, range: token.range)
    }

    mutating func parseInteger() -> IntegerSyntax {
        let token = advance()
        guard let value = Int64(token.text) else {
            diagnostics.error("integer \(token.text) is too large", hint: "integers are 64-bit", at: token.range)
            return IntegerSyntax(value: 0, range: token.range)
        }
        return IntegerSyntax(value: value, range: token.range)
    }

    mutating func parseTimeSpan() -> TimeSpanSyntax {
        let token = advance()
        let span = TimeSpan(token.text)
        if span == nil {
            diagnostics.error("duration \(token.text) is too large", hint: "use a larger unit", at: token.range)
        }
        return TimeSpanSyntax(span: span, text: token.text, range: token.range)
    }

    /// value := integer | number | string | true | false | null | identifier | '[' ']' | '{' '}'
    mutating func parseValue(_ what: String) -> ValueSyntax? {
        let token = current
        switch token.kind {
        case .integer:
            let integer = parseInteger()
            return ValueSyntax(kind: .integer(integer.value), range: integer.range)
        case .number:
            advance()
            return ValueSyntax(kind: .number(Double(token.text) ?? 0, text: token.text), range: token.range)
        case .string:
            let string = parseString()
            return ValueSyntax(kind: .string(string), range: string.range)
        case .identifier:
            advance()
            switch token.text {
            case "true": return ValueSyntax(kind: .bool(true), range: token.range)
            case "false": return ValueSyntax(kind: .bool(false), range: token.range)
            case "null": return ValueSyntax(kind: .null, range: token.range)
            default: return ValueSyntax(kind: .identifier(token.text), range: token.range)
            }
        case .leftBracket where peek().kind == .rightBracket:
            advance()
            let close = advance()
            return ValueSyntax(kind: .emptyArray, range: token.range.union(close.range))
        case .leftBrace where peek().kind == .rightBrace:
            advance()
            let close = advance()
            return ValueSyntax(kind: .emptyObject, range: token.range.union(close.range))
        default:
            expected(what, hint: "values are numbers, \"strings\", true, false, null, now, uuid, enum cases, [] and {}")
            return nil
        }
    }

    // MARK: Conditions

    /// condition := and ('or' and)*
    mutating func parseCondition() -> ConditionSyntax? {
        guard var left = parseConjunction() else { return nil }
        while consumeKeyword("or") != nil {
            guard let right = parseConjunction() else { return nil }
            left = .or(left, right)
        }
        return left
    }

    mutating func parseConjunction() -> ConditionSyntax? {
        guard var left = parseNegation() else { return nil }
        while consumeKeyword("and") != nil {
            guard let right = parseNegation() else { return nil }
            left = .and(left, right)
        }
        return left
    }

    mutating func parseNegation() -> ConditionSyntax? {
        if let not = consumeKeyword("not") {
            guard let inner = parseNegation() else { return nil }
            return .not(inner, range: SourceRange(start: not.range.start, end: previousEnd))
        }
        return parseComparison()
    }

    /// comparison := '(' condition ')' | field op value | field 'in' '(' values ')' | field 'is' 'not'? 'null'
    ///             | field '->' entity '.' field 'is' 'not' 'null'
    mutating func parseComparison() -> ConditionSyntax? {
        if let open = consume(.leftParen) {
            skipLineBreaks()
            guard let inner = parseCondition() else { return nil }
            skipLineBreaks()
            guard expect(.rightParen, "')' to close the condition") != nil else { return nil }
            return .parenthesized(inner, range: SourceRange(start: open.range.start, end: previousEnd))
        }
        guard let field = expectName("a field in the condition", hint: "write status = completed") else { return nil }
        if current.kind == .arrow {
            var related: RelatedTimeSyntax?
            guard parseRelatedTime(&related), let related else { return nil }
            let hint = "write \(field.text) -> \(related.entity.text).\(related.field.text) is not null"
            guard expectKeyword("is", hint: hint), expectKeyword("not", hint: hint), expectKeyword("null", hint: hint) else { return nil }
            return .relatedIsNotNull(field, related, range: SourceRange(start: field.range.start, end: previousEnd))
        }
        if consumeKeyword("in") != nil {
            guard expect(.leftParen, "'(' before the list of values") != nil else { return nil }
            var values: [ValueSyntax] = []
            skipLineBreaks()
            while current.kind != .rightParen && !atEnd {
                guard let value = parseValue("a value") else { return nil }
                values.append(value)
                skipLineBreaks()
                if consume(.comma) == nil { break }
                skipLineBreaks()
            }
            guard expect(.rightParen, "')' to close the list of values") != nil else { return nil }
            return .isIn(field, values, range: SourceRange(start: field.range.start, end: previousEnd))
        }
        if consumeKeyword("is") != nil {
            let negated = consumeKeyword("not") != nil
            guard expectKeyword("null", hint: "write 'is null' or 'is not null'") else { return nil }
            return .isNull(field, negated: negated, range: SourceRange(start: field.range.start, end: previousEnd))
        }
        let operators: [TokenKind: ComparisonOperator] = [
            .equals: .equal, .notEquals: .notEqual, .less: .less, .lessOrEqual: .lessOrEqual,
            .greater: .greater, .greaterOrEqual: .greaterOrEqual,
        ]
        guard let comparison = operators[current.kind] else {
            expected("a comparison (=, !=, <, <=, >, >=, in, is null)")
            return nil
        }
        advance()
        guard let value = parseValue("a value to compare with") else { return nil }
        return .comparison(field, comparison, value)
    }

    // MARK: retain, access, about

    /// retain := '{' rule ((';' | line break) rule)* '}'
    mutating func parseRetain() -> RetainSyntax {
        var rules: [RetentionRuleSyntax] = []
        let block = parseBlock("retain block") { parser, ruleTrivia in
            let start = parser.current.range.start
            let handled = parser.consumeKeyword("handled")
            if handled != nil && !parser.current.isKeyword("delete") {
                parser.expected("'delete' after 'handled'",
                                hint: "only deletes can be handled: handled delete at expires_at, handled delete after 30d by created_at")
                parser.skipStatement()
                return
            }
            guard let (kind, relatedTime) = parser.parseRetentionRule() else {
                parser.skipStatement()
                return
            }
            // The range ends before a trailing comment or ';' (it becomes RetentionRule.source).
            let range = SourceRange(start: start, end: parser.previousEnd)
            var rollUp: RollUpSyntax?
            // `roll up into …` continues the rule, on its own line or the same one.
            if parser.current.kind == .newline && parser.peek().isKeyword("roll") { parser.advance() }
            if parser.current.isKeyword("roll") {
                guard let parsed = parser.parseRollUp() else {
                    parser.skipStatement()
                    return
                }
                rollUp = parsed
            }
            parser.endStatement(&ruleTrivia)
            rules.append(RetentionRuleSyntax(trivia: ruleTrivia, kind: kind, range: range, isHandled: handled != nil,
                                             relatedTime: relatedTime, rollUp: rollUp))
        }
        return RetainSyntax(isSingleLine: block.isSingleLine, rules: rules, closingComments: block.closingComments)
    }

    /// A rule and, for `delete after`/`archive after` only, the related time after its `by` field
    /// (`by user_id -> users.last_seen`).
    mutating func parseRetentionRule() -> (RetentionRuleKind, RelatedTimeSyntax?)? {
        let hint = "rules are: delete after 30d by f, delete at f, handled delete at f, deactivate after 90d by f set g = v, "
            + "archive after 90d by f into e, keep newest 50 per f by g, delete history entries after 30d by f, append only, forever"
        var relatedTime: RelatedTimeSyntax?
        guard let kind = parseRetentionRuleKind(hint: hint, relatedTime: &relatedTime) else { return nil }
        return (kind, relatedTime)
    }

    /// `-> entity.field` after a rule's `by` field, when present; false after an error.
    mutating func parseRelatedTime(_ relatedTime: inout RelatedTimeSyntax?) -> Bool {
        guard consume(.arrow) != nil else { return true }
        let example = "write by user_id -> users.last_seen (the foreign key, then the referenced entity's time field)"
        guard let entity = expectName("the entity the foreign key references", hint: example),
              expect(.dot, "'.' between the referenced entity and its time field", hint: example) != nil,
              let field = expectName("the referenced entity's timestamp field", hint: example) else { return false }
        relatedTime = RelatedTimeSyntax(entity: entity, field: field)
        return true
    }

    mutating func parseRetentionRuleKind(hint: String, relatedTime: inout RelatedTimeSyntax?) -> RetentionRuleKind? {
        guard current.kind == .identifier else {
            expected("a retention rule", hint: hint)
            return nil
        }
        let word = advance()
        switch word.text {
        case "delete":
            if consumeKeyword("at") != nil {
                guard let field = expectName("the timestamp field whose time expires the row") else { return nil }
                return .deleteAt(field, condition: parseOptionalWhere())
            }
            if current.kind == .identifier && peek().isKeyword("entries") {
                // `delete history entries after 30d by timestamp`: the array's old elements, not the row.
                guard let array = expectName("the array field whose entries expire"), consumeKeyword("entries") != nil,
                      let (age, by) = parseAgeClause(rule: "delete \(array.text) entries") else { return nil }
                return .deleteEntries(of: array, age, by: by)
            }
            guard let (age, by) = parseAgeClause(rule: "delete"), parseRelatedTime(&relatedTime) else { return nil }
            return .deleteAfter(age, by: by, condition: parseOptionalWhere())
        case "deactivate":
            var at: NameSyntax?
            var ageClause: (TimeSpanSyntax, NameSyntax)?
            if consumeKeyword("at") != nil {
                guard let field = expectName("the timestamp field whose time deactivates the row") else { return nil }
                at = field
            } else {
                guard let clause = parseAgeClause(rule: "deactivate") else { return nil }
                ageClause = clause
            }
            guard expectKeyword("set", hint: "write deactivate after 90d by created_at set active = false; a condition comes last (… set active = false where f is not null)"),
                  let target = expectName("the field to set"),
                  expect(.equals, "'=' and the value to set") != nil,
                  let value = parseValue("the value to set") else { return nil }
            if let at { return .deactivateAt(at, set: target, value: value, condition: parseOptionalWhere()) }
            guard let (age, by) = ageClause else { return nil }
            return .deactivate(age, by: by, set: target, value: value, condition: parseOptionalWhere())
        case "archive":
            guard let (age, by) = parseAgeClause(rule: "archive"), parseRelatedTime(&relatedTime) else { return nil }
            guard expectKeyword("into", hint: "write archive after 90d by created_at into orders_archive; a condition comes last (… into orders_archive where f is not null)"),
                  let target = expectName("the archive entity") else { return nil }
            return .archive(age, by: by, into: target, condition: parseOptionalWhere())
        case "keep":
            guard expectKeyword("newest", hint: "write keep newest 50 per user_id by created_at") else { return nil }
            guard current.kind == .integer else {
                expected("how many rows to keep")
                return nil
            }
            let count = parseInteger()
            var per: [NameSyntax] = []
            if consumeKeyword("per") != nil {
                repeat {
                    if let name = expectName("a grouping field") { per.append(name) } else { return nil }
                } while consume(.comma) != nil
            }
            guard expectKeyword("by", hint: "name the field that orders rows: by created_at"),
                  let by = expectName("the ordering field") else { return nil }
            return .keepNewest(count, per: per, by: by)
        case "append":
            guard expectKeyword("only", hint: "write append only") else { return nil }
            return .appendOnly
        case "forever":
            return .forever
        default:
            diagnostics.error("unknown retention rule '\(word.text)'", hint: hint, at: word.range)
            return nil
        }
    }

    /// roll-up := 'roll' 'up' 'into' entity 'by' group (',' group)* 'add' aggregate (',' aggregate)*
    /// group := field | field '=' field | field '=' 'day' '(' field ')'
    /// aggregate := field '=' 'count' | field '=' 'sum' '(' field ')'
    mutating func parseRollUp() -> RollUpSyntax? {
        let example = "write roll up into daily_stats by guild_id, day = day(created_at) add rows = count, amount = sum(amount)"
        let start = current.range.start
        advance()
        guard expectKeyword("up", hint: example), expectKeyword("into", hint: example),
              let into = expectName("the summary entity", hint: example),
              expectKeyword("by", hint: example) else { return nil }
        var groups: [RollUpGroupSyntax] = []
        repeat {
            guard let field = expectName("a summary key field", hint: example) else { return nil }
            guard consume(.equals) != nil else {
                groups.append(RollUpGroupSyntax(field: field, source: nil, byDay: false))
                continue
            }
            guard let name = expectName("the field the key comes from", hint: example) else { return nil }
            guard name.text == "day", consume(.leftParen) != nil else {
                groups.append(RollUpGroupSyntax(field: field, source: name, byDay: false))
                continue
            }
            guard let source = expectName("the time field whose day is the key", hint: example),
                  expect(.rightParen, "')' after the day's time field", hint: example) != nil else { return nil }
            groups.append(RollUpGroupSyntax(field: field, source: source, byDay: true))
        } while consume(.comma) != nil
        guard expectKeyword("add", hint: example) else { return nil }
        var aggregates: [RollUpAggregateSyntax] = []
        repeat {
            guard let field = expectName("a summary field that accumulates", hint: example),
                  expect(.equals, "'=' and count or sum(field)", hint: example) != nil,
                  let function = expectName("count or sum(field)", hint: example) else { return nil }
            var argument: NameSyntax?
            if consume(.leftParen) != nil {
                guard let name = expectName("the summed field", hint: example),
                      expect(.rightParen, "')' after the summed field", hint: example) != nil else { return nil }
                argument = name
            }
            aggregates.append(RollUpAggregateSyntax(field: field, function: function, argument: argument))
        } while consume(.comma) != nil
        return RollUpSyntax(into: into, groups: groups, aggregates: aggregates,
                            range: SourceRange(start: start, end: previousEnd))
    }

    /// `after <duration> by <field>` or, with a named period, `after <name> = <duration> by <field>`.
    mutating func parseAgeClause(rule: String) -> (TimeSpanSyntax, NameSyntax)? {
        let example = "write \(rule) after 30d by created_at, or name the period: \(rule) after keep_for = 30d by created_at"
        guard expectKeyword("after", hint: example) else { return nil }
        var period: NameSyntax?
        if current.kind == .identifier {
            let name = advance()
            guard expect(.equals, "'=' and the period's default after '\(name.text)'",
                         hint: "a named period has a default: \(rule) after \(name.text) = 30d by created_at") != nil else { return nil }
            period = NameSyntax(text: name.text, range: name.range)
        }
        guard current.kind == .duration else {
            expected("a duration such as 30d", hint: example)
            return nil
        }
        var age = parseTimeSpan()
        age.period = period
        guard expectKeyword("by", hint: example), let field = expectName("the timestamp field") else { return nil }
        return (age, field)
    }

    mutating func parseOptionalWhere() -> ConditionSyntax? {
        consumeKeyword("where") != nil ? parseCondition() : nil
    }

    /// access := '{' (verb ':' module (',' module)* | 'owner' field)* '}'
    mutating func parseAccess() -> AccessSyntax {
        var items: [AccessItemSyntax] = []
        let block = parseBlock("access block") { parser, itemTrivia in
            let start = parser.current.range.start
            var kind: AccessItemKind?
            if parser.current.isKeyword("owner") {
                parser.advance()
                kind = parser.expectName("the owner field", hint: "write owner user_id").map(AccessItemKind.owner)
            } else if parser.current.kind == .identifier, let verb = AccessVerb(rawValue: parser.current.text) {
                parser.advance()
                if parser.expect(.colon, "':' after '\(verb.rawValue)'", hint: "write \(verb.rawValue): module_a, module_b") != nil {
                    var modules: [ModuleNameSyntax] = []
                    repeat {
                        var parts: [NameSyntax] = []
                        repeat {
                            guard let part = parser.expectName("a module name") else { break }
                            parts.append(part)
                        } while parser.consume(.dot) != nil
                        if parts.isEmpty { break }
                        modules.append(ModuleNameSyntax(parts: parts))
                    } while parser.consume(.comma) != nil
                    if !modules.isEmpty { kind = .writers(verb, modules) }
                }
            } else {
                parser.expected("insert:, update:, delete:, write:, read: or owner",
                                hint: "write insert: moderation or owner user_id")
            }
            guard let kind else {
                parser.skipStatement()
                return
            }
            let range = SourceRange(start: start, end: parser.previousEnd)
            parser.endStatement(&itemTrivia)
            items.append(AccessItemSyntax(trivia: itemTrivia, kind: kind, range: range))
        }
        return AccessSyntax(isSingleLine: block.isSingleLine, items: items, closingComments: block.closingComments)
    }

    /// about := '{' (section string)* '}'
    mutating func parseAbout() -> AboutSyntax {
        var entries: [AboutEntrySyntax] = []
        let block = parseBlock("about block") { parser, entryTrivia in
            let start = parser.current.range.start
            guard parser.current.kind == .identifier, let section = AboutSection(rawValue: parser.current.text) else {
                parser.expected("represents, grows, cleaned or touched_by")
                parser.skipStatement()
                return
            }
            parser.advance()
            guard parser.current.kind == .string else {
                parser.expected("the text as a string", hint: "write \(section.rawValue) \"...\"")
                parser.skipStatement()
                return
            }
            let text = parser.parseString()
            let range = SourceRange(start: start, end: parser.previousEnd)
            parser.endStatement(&entryTrivia)
            entries.append(AboutEntrySyntax(trivia: entryTrivia, section: section, text: text, range: range))
        }
        return AboutSyntax(isSingleLine: block.isSingleLine, entries: entries, closingComments: block.closingComments)
    }
}
