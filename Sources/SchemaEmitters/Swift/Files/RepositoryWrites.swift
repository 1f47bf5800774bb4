import SchemaLanguage

/// The writes of a repository, each extension constrained to the capability the schema's access
/// rules name, and its retention sweep.
struct RepositoryWrites {
    let names: SwiftNames
    let entity: SwiftEntity
    var model: String { entity.typeName }
    var operations: String { "RecordOperations<\(model)>" }

    private var keyParameters: [String] { entity.primaryKey.map { "\($0.parameter): \($0.baseType)" } }

    /// `try access.withTransaction { tx in try RecordOperations<Model>.<call>(…) }`.
    private func transaction(_ call: String, _ arguments: [SwiftArgument], now: Bool = true, last: [SwiftArgument] = []) -> [SwiftStatement] {
        let tail = (now ? [SwiftArgument("now", .code("access.now"))] : []) + [SwiftArgument("scope", .code("scope"))] + last
        return [.expression(.call("try access.withTransaction", [], trailingClosure: SwiftClosure("tx", [
            .expression("try ", .call("\(operations).\(call)", arguments + [SwiftArgument("in", .code("tx"))] + tail)),
        ])))]
    }

    private func write(_ doc: [String], _ name: String, _ parameters: [String], returns: String, _ body: [SwiftStatement]) -> SwiftDeclaration {
        .function(SwiftFunction(doc: doc, attributes: ["@discardableResult"], name: name, parameters: parameters, effects: "throws",
                                returnType: returns, body: body))
    }

    private func writes(_ constraint: String, _ members: [SwiftDeclaration]) -> SwiftDeclaration {
        .type(SwiftTypeDeclaration(keyword: "extension", name: entity.repositoryName, whereClause: "Access: \(constraint)", members: members))
    }

    func declarations() -> [SwiftDeclaration] {
        var declarations: [SwiftDeclaration] = []
        let insert = entity.capability(.insert).constraint, update = entity.capability(.update).constraint
        let record = SwiftArgument(nil, .code("record"))
        let key = SwiftArgument("primaryKey", .array(entity.primaryKey.map { .code("\($0.parameter).storeValue") }))
        if let insert {
            declarations.append(writes(insert, [
                write(["Inserts `record`: applies defaults and auto-updated timestamps, validates (throwing a",
                       "`ValidationError` that lists every failure, writing nothing), assigns an auto-increment",
                       "key and returns the record as stored. Unique keys and foreign keys throw `StoreError`s."],
                      "insert", ["_ record: \(model)"], returns: model, transaction("insert", [record])),
                write(["Inserts `records` in order, each as `insert(_:)` would, in one transaction: all or none.",
                       "Validates every record first (throwing the first invalid one's `ValidationError`, writing",
                       "nothing), then writes them as one batch (on PostgreSQL multi-row statements); a unique or",
                       "foreign-key error of any record is the error its `insert(_:)` throws and stores none.",
                       "Returns the records as stored, in the same order."],
                      "insertAll", ["_ records: [\(model)]"], returns: "[\(model)]",
                      transaction("insertAll", [SwiftArgument(nil, .code("records"))])),
                write(["The stored record with `record`'s primary key or any of its unique keys; otherwise",
                       "inserts `record`. Returns the record and whether it was created."],
                      "getOrCreate", ["_ record: \(model)"], returns: "(record: \(model), created: Bool)", transaction("getOrCreate", [record])),
            ]))
        }
        if let update {
            var members = [
                write(["Replaces the stored record with `record`'s primary key (validated; throws",
                       "`RecordError.notFound` when there is none) and returns it as stored."],
                      "update", ["_ record: \(model)"], returns: model, transaction("update", [record])),
                write(["Reads the record with this key, applies `change` and writes it back in one transaction;",
                       "returns the stored result, or nil when there is no such record."],
                      "update", keyParameters + ["_ change: (inout \(model)) throws -> Void"], returns: "\(model)?",
                      transaction("modify", [key], last: [SwiftArgument(nil, .code("change"))])),
            ]
            for field in entity.fields {
                guard let cap = field.field.keepNewest, case .array(let element) = field.field.type else { continue }
                let method = SwiftSchemaNames.appendMethod(field.field.name)
                let keyArguments = entity.primaryKey.map { SwiftArgument($0.bareParameter, .code($0.parameter)) }
                members.append(write(["Appends to `\(field.physical)` of the record with this key, keeping the newest \(cap) elements."],
                                     method, ["_ elements: [\(SwiftNames.swiftType(element))]"] + keyParameters, returns: "\(model)?",
                                     [.expression(.call("try update", keyArguments, trailingClosure: SwiftClosure([.code("$0.\(method)(elements)")])))]))
            }
            declarations.append(writes(update, members))
        }
        if let insert, let update {
            declarations.append(writes(insert == update ? insert : "\(insert) & \(update)", [
                write(["Inserts `record`, or replaces the stored record with its primary key or any of its unique",
                       "keys (keeping the stored primary key and insert defaults). Returns the record as stored."],
                      "upsert", ["_ record: \(model)"], returns: model, transaction("upsert", [record])),
            ]))
        }
        if let delete = entity.capability(.delete).constraint {
            declarations.append(writes(delete, [
                write(["Deletes the record with this key, applying the schema's on-delete actions to referencing",
                       "records; returns whether it existed\(entity.isScoped ? " in the scope" : "")."],
                      "delete", keyParameters, returns: "Bool", transaction("delete", [key], now: false)),
            ]))
        }
        if let sweep = sweep() { declarations.append(sweep) }
        return declarations
    }

    /// The retention rules and `sweep(now:)`, when the entity has rules.
    private func sweep() -> SwiftDeclaration? {
        let retention = RetentionActions(names: names, entity: entity)
        let rules = retention.actions()
        guard !rules.isEmpty else { return nil }
        // Rules with a named period are made from the periods in force (`periods:`, the schema's defaults unless given).
        let periodsType = names.types.retentionPeriodsType
        let usesPeriods = retention.usesPeriods
        let ruleList = usesPeriods ? "try Self.retentionRules(periods: periods)" : "Self.retentionRules"
        let periodsParameter = usesPeriods ? ["periods: \(periodsType) = \(periodsType)()"] : []
        let periodsDoc = usesPeriods
            ? ["Named periods come from `periods` (the schema's defaults unless given; the database's `sweep` passes the",
               "periods it was opened with); an unusable one throws `RetentionError.invalidPeriod` before any row changes."]
            : []
        let handled = retention.hasHandledRules
        let scope = entity.isScoped ? " to all scopes" : ""
        // `sweep(now:…)` running `Retention.sweep` through the access (on the store one write
        // transaction; a backend that sweeps itself decides), with `handle` when given.
        func sweepFunction(_ doc: [String], handle: (parameter: String, argument: SwiftArgument)? = nil) -> SwiftDeclaration {
            let call = SwiftExpression.call("try Retention.sweep", [
                SwiftArgument("entity", .code("\(model).entityName")), SwiftArgument("table", .code("\(model).tableName")),
                SwiftArgument("primaryKey", .code("\(model).primaryKeyPositions")), SwiftArgument("rules", .code(ruleList)),
                SwiftArgument("through", .code("access")), SwiftArgument("now", .code("now")),
            ] + (handle.map { [$0.argument] } ?? []))
            return .function(SwiftFunction(
                doc: doc + periodsDoc, modifiers: entity.isScoped ? "" : "public", name: "sweep",
                parameters: ["now: Date"] + periodsParameter + (handle.map { [$0.parameter] } ?? []), effects: "throws",
                returnType: "SweepReport", body: [.expression("return ", call)]))
        }
        let rulesDoc = ["The retention rules of `\(entity.entity.name)`:"] + retention.sources().map { "- `\($0)`" }
        let rulesDeclaration: SwiftDeclaration = usesPeriods
            ? .function(SwiftFunction(doc: rulesDoc, modifiers: "static", name: "retentionRules", parameters: ["periods: \(periodsType)"],
                                      effects: "throws", returnType: "[RetentionAction]", body: [.expression("return ", .array(rules))]))
            : .property(SwiftProperty(doc: rulesDoc, keyword: "static var", name: "retentionRules", type: "[RetentionAction]",
                                      getter: [.expression(.array(rules))]))
        var members: [SwiftDeclaration] = [
            rulesDeclaration,
            sweepFunction(["Applies every retention rule\(scope) in one transaction (on PostgreSQL one per rule) and reports what it did."]
                + (handled ? ["`handled delete` rules are skipped: they run only through ``sweep(now:\(usesPeriods ? "periods:" : "")handle:)``."] : [])),
        ]
        if entity.isScoped {
            // A database facade of another module (PostgreSQL's) cannot make the unscoped
            // repository its `sweep` needs: this is its way in.
            members.append(.function(SwiftFunction(
                doc: ["Applies every retention rule to all scopes, as ``sweep(now:\(usesPeriods ? "periods:" : ""))`` of the unscoped",
                      "repository does: the entry for a database of another module (the PostgreSQL facade's `sweep`)."]
                    + (handled ? ["`handled delete` rules are skipped."] : []) + periodsDoc,
                modifiers: "public static", name: "sweepAllScopes",
                parameters: ["through access: Access", "now: Date"] + periodsParameter, effects: "throws", returnType: "SweepReport",
                body: [.expression("return ", .call("try Self(access: access, scope: nil).sweep", [SwiftArgument("now", .code("now"))]
                    + (usesPeriods ? [SwiftArgument("periods", .code("periods"))] : [])))])))
        }
        if entity.isScoped && handled {
            // The PostgreSQL facade's `sweep` runs the handled rules of every owner through this.
            members.append(.function(SwiftFunction(
                doc: ["Applies every retention rule to all scopes, as ``sweep(now:\(usesPeriods ? "periods:" : "")handle:)`` of the unscoped",
                      "repository does, `handled delete` rules through `handle`: the entry for a database of another module."]
                    + periodsDoc,
                modifiers: "public static", name: "sweepAllScopes",
                parameters: ["through access: Access", "now: Date"] + periodsParameter + ["handle: (\(model)) throws -> Void"],
                effects: "throws", returnType: "SweepReport",
                body: [.expression("return ", .call("try Self(access: access, scope: nil).sweep", [SwiftArgument("now", .code("now"))]
                    + (usesPeriods ? [SwiftArgument("periods", .code("periods"))] : []) + [SwiftArgument("handle", .code("handle"))]))])))
        }
        if handled {
            members.append(sweepFunction(
                ["Applies every retention rule\(scope) in one transaction (on PostgreSQL one per rule), calling `handle` with each",
                 "due record of a `handled delete` rule first: the record is deleted only when `handle` returns;",
                 "when it throws the record stays and the report's `handlerFailures` lists it. `handle` runs",
                 "inside the sweep's write transaction (do not write to this database from it) and may see a",
                 "record again if the sweep fails later, so make it idempotent."],
                handle: ("handle: (\(model)) throws -> Void", SwiftArgument("handle", .code("{ row in try handle(\(model)(row: row)) }")))))
        }
        return writes("WriteAccess", members)
    }
}
