// Roll-up before delete: `delete after 365d by created_at … roll up into daily_stats by guild_id,
// day = day(created_at) add rows = count, amount = sum(amount)`.
//
// The summary's primary key is exactly the group fields, so each group of due rows adds into one
// summary row (SQL upserts on that key); every other summary field either accumulates or may be
// left out of an insert. Group values must never be null: a null key cannot find its summary row
// again, so a second run would insert a duplicate instead of adding.
extension Checker {
    /// The roll-up of a resolved rule, with the fields of the swept entity checked now and the
    /// summary entity queued for ``checkRollUps()``; nil after an error.
    mutating func resolveRollUp(_ syntax: RollUpSyntax, rule: RetentionRule, in entity: Entity) -> RollUp? {
        guard case .expire(_, _, let condition) = rule.kind, !rule.isHandled else {
            bag.error("only a 'delete after … by <time field>' rule rolls up its rows",
                      hint: "write delete after 365d by created_at, then roll up into … on the next line", at: syntax.range)
            return nil
        }
        if syntax.into.text == entity.name {
            bag.error("'\(entity.name)' cannot roll up into itself", hint: "declare a summary table keyed by the group fields",
                      at: syntax.into.range)
            return nil
        }
        guard entitySyntax[syntax.into.text] != nil else {
            bag.error("summary entity '\(syntax.into.text)' is not declared",
                      hint: "add 'table \(syntax.into.text) { … primary (\(syntax.groups.map(\.field.text).joined(separator: ", "))) }'",
                      at: syntax.into.range)
            return nil
        }
        var groups: [RollUp.Group] = [], aggregates: [RollUp.Aggregate] = []
        var failed = false
        for group in syntax.groups {
            let sourceName = group.source ?? group.field
            guard let source = requireField(sourceName, in: entity, role: "roll-up key field") else { failed = true; continue }
            if group.byDay && !source.type.isTemporal {
                bag.error("day(\(source.name)) needs a timestamp or date, but '\(source.name)' is \(source.type.spelling)",
                          hint: "take the day of a time field", at: sourceName.range)
                failed = true
            } else if source.isOptional && condition?.requiresNotNull(source.name) != true {
                bag.error("roll-up key '\(source.name)' may be null, and a null key cannot find its summary row again",
                          hint: "make '\(source.name)' required, or end the rule with 'where \(source.name) is not null'",
                          at: sourceName.range)
                failed = true
            }
            groups.append(RollUp.Group(field: group.field.text, source: source.name, byDay: group.byDay))
        }
        for aggregate in syntax.aggregates {
            switch (aggregate.function.text, aggregate.argument) {
            case ("count", nil):
                aggregates.append(RollUp.Aggregate(field: aggregate.field.text, function: .count))
            case ("sum", let argument?):
                guard let source = requireField(argument, in: entity, role: "summed field") else { failed = true; continue }
                guard Self.summedType(source.type) != nil else {
                    bag.error("sum(\(source.name)) adds numbers, but '\(source.name)' is \(source.type.spelling)",
                              hint: "sum an int32, int64 or double field", at: argument.range)
                    failed = true
                    continue
                }
                aggregates.append(RollUp.Aggregate(field: aggregate.field.text, function: .sum(source.name)))
            default:
                bag.error("'\(aggregate.function.text)\(aggregate.argument.map { "(\($0.text))" } ?? "")' is not an aggregate",
                          hint: "write \(aggregate.field.text) = count or \(aggregate.field.text) = sum(<number field>)",
                          at: aggregate.function.range)
                failed = true
            }
        }
        let names = syntax.groups.map(\.field) + syntax.aggregates.map(\.field)
        for (position, name) in names.enumerated() where names[..<position].contains(where: { $0.text == name.text }) {
            bag.error("summary field '\(name.text)' is named twice", hint: "give each summary field one source", at: name.range)
            failed = true
        }
        guard !failed else { return nil }
        rollUpChecks.append((entity.name, syntax))
        return RollUp(into: syntax.into.text, groups: groups, aggregates: aggregates)
    }

    /// The summary field type a sum of `type` needs: int64 for integers (a sum outgrows int32),
    /// double for doubles; nil for what cannot be summed.
    static func summedType(_ type: FieldType) -> FieldType? {
        switch type {
        case .int32, .int64: .int64
        case .double: .double
        default: nil
        }
    }

    /// Whether a key of type `type` holds exactly the values of `expected`: the same storage type,
    /// or two enums with the same stored values (an inline enum of the summary is another type).
    static func sameStoredValues(_ type: FieldType, _ expected: FieldType) -> Bool {
        if case .enumeration(let own) = type, case .enumeration(let other) = expected { return own.rawValues == other.rawValues }
        return storageType(type) == expected
    }

    /// The summary entity: the same kind as the swept one, keyed by exactly the group fields of
    /// matching types, accumulating fields required and of the aggregate's type, nothing else
    /// left out of an insert unless optional.
    mutating func checkRollUps() {
        for (entityName, syntax) in rollUpChecks {
            guard let entity = resolved[entityName], let summary = resolved[syntax.into.text] else { continue }
            if summary.kind != entity.kind {
                bag.error("'\(entity.name)' is a \(entity.kind.rawValue) but summary '\(summary.name)' is a \(summary.kind.rawValue)",
                          hint: "roll up into the same kind of entity", at: syntax.into.range)
                continue
            }
            let keys = syntax.groups.map(\.field.text)
            if Set(summary.primaryKey) != Set(keys) || summary.primaryKey.count != keys.count {
                bag.error("summary '\(summary.name)' is keyed by (\(summary.primaryKey.joined(separator: ", "))), not by the roll-up's (\(keys.joined(separator: ", ")))",
                          hint: "declare primary (\(keys.joined(separator: ", "))) in '\(summary.name)': each group adds into the row with its key",
                          at: syntax.into.range)
            }
            for group in syntax.groups {
                guard let field = requireField(group.field, in: summary, role: "summary key field"),
                      let source = entity.field(named: (group.source ?? group.field).text) else { continue }
                let expected: FieldType = group.byDay ? .date : Self.storageType(source.type)
                if !Self.sameStoredValues(field.type, expected) {
                    bag.error("summary key '\(summary.name).\(field.name)' is \(field.type.spelling) but its value is \(expected.spelling)",
                              hint: "declare \(field.name) \(expected.spelling)", at: group.field.range)
                }
            }
            for aggregate in syntax.aggregates {
                guard let field = requireField(aggregate.field, in: summary, role: "summary field") else { continue }
                let expected: FieldType? = switch aggregate.argument {
                case nil: .int64
                case let argument?: entity.field(named: argument.text).flatMap { Self.summedType($0.type) }
                }
                guard let expected else { continue }
                if field.type != expected || field.isOptional {
                    bag.error("summary field '\(summary.name).\(field.name)' is \(field.type.spelling)\(field.isOptional ? "?" : "") but accumulates \(expected.spelling)",
                              hint: "declare \(field.name) \(expected.spelling) = 0 (required: a null would swallow what is added)",
                              at: aggregate.field.range)
                }
            }
            let written = Set(keys + syntax.aggregates.map(\.field.text))
            for field in summary.fields where !written.contains(field.name) && !field.isOptional {
                bag.error("summary '\(summary.name)' requires field '\(field.name)', which the roll-up does not write",
                          hint: "make it optional: the roll-up writes only the key and the totals", at: syntax.into.range)
            }
        }
    }
}
