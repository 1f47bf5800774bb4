import Foundation

// Access: owners and writer modules, and deletes that reach past a child's writers.
extension Checker {
    mutating func resolveAccess(_ syntax: AccessSyntax, of entity: Entity) -> AccessRules {
        var rules = AccessRules()
        var verbs: Set<AccessVerb> = []
        for item in syntax.items {
            switch item.kind {
            case .owner(let name):
                if rules.owner != nil {
                    bag.error("an entity has one owner field", hint: "remove the second 'owner' line", at: item.range)
                    continue
                }
                guard let field = requireField(name, in: entity, role: "owner field") else { continue }
                if field.isOptional {
                    bag.error("owner field '\(field.name)' must be required", hint: "every row needs an owner: drop the '?'",
                              at: name.range)
                }
                rules.owner = field.name
            case .writers(let verb, let modules):
                // Lists of different verbs merge (`write: a` then `update: b`); one verb twice is a slip.
                if !verbs.insert(verb).inserted {
                    bag.error("'\(verb.rawValue):' is listed twice", hint: "list every module on one line", at: item.range)
                }
                if verb == .read {
                    for module in modules.map(\.text) where !rules.read.contains(module) { rules.read.append(module) }
                    continue
                }
                rules.restrictsWriters = true
                let operations: [WriteOperation] = verb == .write ? WriteOperation.allCases : [WriteOperation(rawValue: verb.rawValue)!]
                for operation in operations {
                    for module in modules.map(\.text) {
                        switch operation {
                        case .insert: if !rules.insert.contains(module) { rules.insert.append(module) }
                        case .update: if !rules.update.contains(module) { rules.update.append(module) }
                        case .delete: if !rules.delete.contains(module) { rules.delete.append(module) }
                        }
                    }
                }
            }
        }
        return rules
    }

    /// Modules that differ only in `.` against `_` or in case (`app.plug`, `app_plug`, `App.Plug`)
    /// read as one and did map to one database role, merging their grants: the schema must pick one.
    mutating func checkModuleNames() {
        var byKey: [String: (name: String, entity: Entity)] = [:]
        for entity in schema.entities {
            for module in entity.access.insert + entity.access.update + entity.access.delete + entity.access.read {
                let key = module.lowercased().replacingOccurrences(of: ".", with: "_")
                if let earlier = byKey[key] {
                    if earlier.name != module {
                        bag.error("writer modules '\(earlier.name)' (in '\(earlier.entity.name)') and '\(module)' differ only in '.', '_' or case",
                                  hint: "name them alike or clearly apart; they would share one database role",
                                  at: entity.range)
                        byKey[key] = (module, entity)  // report each clash once
                    }
                } else {
                    byKey[key] = (module, entity)
                }
            }
        }
    }

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
}
