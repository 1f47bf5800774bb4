extension Checker {
    // MARK: Writer modules

    /// Modules that differ only in `.` against `_` or in case (`app.plug`, `app_plug`, `App.Plug`)
    /// read as one and did map to one database role, merging their grants: the schema must pick one.
    mutating func checkModuleNames() {
        var byKey: [String: (name: String, entity: Entity)] = [:]
        for entity in schema.entities {
            for module in entity.access.insert + entity.access.update + entity.access.delete {
                let key = module.lowercased().replacingOccurrences(of: ".", with: "_")
                if let earlier = byKey[key] {
                    if earlier.name != module {
                        bag.error("writer modules '\(earlier.name)' (in '\(earlier.entity.name)') and '\(module)' differ only in '.', '_' or case",
                                  hint: "name them alike or clearly apart; they would share one database role",
                                  at: rangeOf(entity.location))
                        byKey[key] = (module, entity)  // report each clash once
                    }
                } else {
                    byKey[key] = (module, entity)
                }
            }
        }
    }

    // MARK: Foreign-key actions

    /// `on delete cascade` and `set null` run with the table owner's rights: a module allowed to
    /// delete a parent row changes the child table too. Warn when that reaches a module the child's
    /// access rules would refuse; listing the parent's deleters on the child says it is intended.
    mutating func warnForeignKeyActionAcrossWriters(entity: Entity, field: Field, target: Entity, at range: SourceRange) {
        guard let action = field.reference?.onDelete, action != .restrict, !entity.isAppendOnly else { return }
        let childOperation: WriteOperation = action == .cascade ? .delete : .update
        guard let childWriters = entity.access.modules(allowedTo: childOperation) else { return }
        let parentDeleters = target.access.modules(allowedTo: .delete)
        let outsiders = parentDeleters.map { $0.filter { !childWriters.contains($0) } }
        guard outsiders == nil || outsiders?.isEmpty == false else { return }
        let who = outsiders.map { "module(s) \($0.map { "'\($0)'" }.joined(separator: ", "))" } ?? "any module"
        let verb = action == .cascade ? "delete" : "update"
        bag.warning("'on delete \(action.rawValue)' on '\(entity.name).\(field.name)' lets \(who) deleting '\(target.name)' rows "
                    + "\(verb) '\(entity.name)' rows, which its access rules do not allow",
                    hint: "use 'on delete restrict', or add the modules to '\(entity.name)' \(verb): to say it is intended",
                    at: range)
    }

    // MARK: Retention

    /// A retention rule never reaches rows whose time field is null; say so unless the rule's own
    /// condition (`where f is not null`) shows that is intended.
    mutating func warnOptionalRetentionTimes() {
        for entity in schema.entities {
            for rule in entity.retention {
                let timing: (field: String, condition: Condition?)? = switch rule.kind {
                case .expire(_, let field, let condition), .expireAt(let field, let condition),
                     .deactivate(_, let field, _, _, let condition), .deactivateAt(let field, _, _, let condition),
                     .archive(_, let field, _, let condition): (field, condition)
                case .cap, .appendOnly, .forever: nil
                }
                guard let timing, let field = entity.field(named: timing.field), field.isOptional,
                      !Self.requires(timing.condition, notNull: field.name) else { continue }
                bag.warning("'\(rule.source)' never reaches rows of '\(entity.name)' whose '\(field.name)' is null",
                            hint: "make '\(field.name)' required, or add 'where \(field.name) is not null' to say so",
                            at: rangeOf(rule.location))
            }
        }
    }

    /// Whether a condition holds only where the field is not null (a top-level `and` term).
    static func requires(_ condition: Condition?, notNull field: String) -> Bool {
        switch condition {
        case .isNotNull(let name)?: name == field
        case .and(let left, let right)?: requires(left, notNull: field) || requires(right, notNull: field)
        default: false
        }
    }
}
