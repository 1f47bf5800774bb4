/// The changes of one entity that exists in both versions: name, fields, keys, indexes,
/// foreign keys, retention, access and docs, in the order a migration applies them.
struct EntityComparer {
    let before: Entity
    let after: Entity
    let comparer: SchemaComparer

    private var fieldMap: [String: String] { comparer.matching.fields[after.name] ?? [:] }

    func changes() -> [SchemaChange] {
        var changes: [SchemaChange] = []
        let record: Add = { code, classes, oldMember, newMember, summary in
            changes.append(SchemaChange(code, classes: classes, scope: .entity, oldName: before.name, newName: after.name,
                                        oldMember: oldMember, newMember: newMember, summary: summary))
        }
        func add(_ code: ChangeCode, oldMember: String? = nil, newMember: String? = nil, _ summary: String) {
            record(code, nil, oldMember, newMember, summary)
        }
        if before.name != after.name {
            add(.entityRenamed, "\(before.kind.rawValue) \(before.name) renamed to \(after.name)")
        } else if before.physicalName != after.physicalName {
            add(.entityPhysicalNameChanged, "\(after.name): stored as \(after.physicalName) instead of \(before.physicalName)")
        }
        for field in before.fields where fieldMap[field.name] == nil {
            add(.fieldDropped, oldMember: field.name, "\(after.name).\(field.name) dropped with its data")
        }
        for field in after.fields {
            guard let oldName = fieldMap.first(where: { $0.value == field.name })?.key,
                  let oldField = before.field(named: oldName) else {
                let required = field.isRequiredOnInsert
                add(required ? .requiredFieldAdded : .fieldAdded, newMember: field.name,
                    "\(after.name).\(field.name) \(field.type.spelling)\(field.isOptional ? "?" : "") added"
                        + (required ? ": existing rows have no value for it" : ""))
                continue
            }
            fieldChanges(oldField, field, add: record)
        }
        let oldKey = before.primaryKey.map { fieldMap[$0] ?? "old:" + $0 }
        if oldKey != after.primaryKey {
            add(.primaryKeyChanged, "\(after.name): primary key (\(before.primaryKey.joined(separator: ", "))) → "
                    + "(\(after.primaryKey.joined(separator: ", ")))")
        }
        indexChanges(add: record)
        ruleChanges(add: record)
        if before.doc != after.doc || before.about != after.about {
            add(.entityDocChanged, "\(after.name): documentation changed")
        }
        for change in DocumentedQueryChanges.between(before.queries, after.queries) {
            add(.documentedQueryChanged, oldMember: change.oldMember, newMember: change.newMember, "\(after.name): \(change.summary)")
        }
        return changes
    }

    /// Records one change: code, classes (nil: the code's default), old and new member, summary.
    private typealias Add = (ChangeCode, ChangeClasses?, String?, String?, String) -> Void

    private func fieldChanges(_ old: Field, _ new: Field, add record: Add) {
        let subject = "\(after.name).\(new.name)"
        func add(_ code: ChangeCode, classes: ChangeClasses? = nil, _ summary: String) {
            record(code, classes, old.name, new.name, summary)
        }
        if old.name != new.name {
            add(.fieldRenamed, "\(after.name).\(old.name) renamed to \(new.name)")
        } else if old.physicalName != new.physicalName {
            add(.fieldPhysicalNameChanged, "\(subject): stored as \(new.physicalName) instead of \(old.physicalName)")
        }
        let difference = FieldDifference(before: old, after: new, comparer: comparer)
        if difference.typeChanged {
            add(difference.widened ? .fieldTypeWidened : .fieldTypeChanged, "\(subject): \(old.type.spelling) → \(new.type.spelling)")
        }
        if difference.nullabilityChanged {
            if new.isOptional {
                add(.fieldMadeOptional, "\(subject) may now be null")
            } else if new.defaultValue != nil {
                add(.fieldMadeRequired, classes: [.irreversible], "\(subject) is now required: null values become the default")
            } else {
                add(.fieldMadeRequired, "\(subject) is now required: fails while any row has no value")
            }
        }
        if DefaultValueKey(old.defaultValue) != DefaultValueKey(new.defaultValue) {
            add(.fieldDefaultChanged, "\(subject): default \(DefaultValueKey(old.defaultValue).text) → \(DefaultValueKey(new.defaultValue).text)")
        }
        if FieldDifference.declaredChecks(old) != FieldDifference.declaredChecks(new) {
            add(.fieldChecksChanged, classes: FieldDifference.declaredChecks(new).isEmpty ? [] : nil, "\(subject): value checks changed")
        }
        let oldReference = old.reference.map { ReferenceKey($0, entities: comparer.matching, oldSide: true) }
        let newReference = new.reference.map { ReferenceKey($0, entities: comparer.matching, oldSide: false) }
        switch (oldReference, newReference) {
        case (nil, let reference?):
            add(.foreignKeyAdded, "\(subject) now references \(reference.text)")
        case (let reference?, nil):
            add(.foreignKeyDropped, "\(subject) no longer references \(reference.text)")
        case (let a?, let b?) where a != b:
            add(.foreignKeyChanged, classes: a.target == b.target ? [] : nil, "\(subject): references \(a.text) → \(b.text)")
        default:
            break
        }
        if old.isAuto != new.isAuto {
            add(.fieldAutoChanged, "\(subject): \(new.isAuto ? "now" : "no longer") generated on insert")
        }
        if old.updatesOnWrite != new.updatesOnWrite {
            add(.fieldOnUpdateChanged, "\(subject): \(new.updatesOnWrite ? "now" : "no longer") set to now on every update")
        }
        if old.keepNewest != new.keepNewest {
            add(.fieldCapChanged, "\(subject): keep newest \(old.keepNewest.map(String.init) ?? "all") → \(new.keepNewest.map(String.init) ?? "all")")
        }
        if old.storage != new.storage {
            add(.fieldStorageChanged, "\(subject): stored in SQL as \(Self.storageText(new.storage)) instead of \(Self.storageText(old.storage))")
        }
        if old.doc != new.doc {
            add(.fieldDocChanged, "\(subject): documentation changed")
        }
    }

    private func indexChanges(add: Add) {
        let indexMap = comparer.matching.indexes[after.name] ?? [:]
        for index in before.indexes where indexMap[index.name] == nil {
            add(.indexDropped, nil, index.name, nil, "\(after.name): index \(index.name) dropped")
        }
        for index in after.indexes {
            guard let oldName = indexMap.first(where: { $0.value == index.name })?.key,
                  let oldIndex = before.indexes.first(where: { $0.name == oldName }) else {
                add(index.isUnique ? .uniqueIndexAdded : .indexAdded, nil, nil, index.name,
                    "\(after.name): \(index.isUnique ? "unique " : "")index \(index.name) (\(index.fieldNames.joined(separator: ", "))) added")
                continue
            }
            if IndexKey(oldIndex, fields: fieldMap) != IndexKey(index, fields: nil) {
                add(index.isUnique ? .uniqueIndexAdded : .indexChanged, index.isUnique ? nil : [.locking], oldName, index.name,
                    "\(after.name): index \(index.name) rebuilt as (\(index.fieldNames.joined(separator: ", ")))"
                        + (index.isUnique ? " unique" : ""))
            } else if oldName != index.name {
                add(.indexRenamed, nil, oldName, index.name, "\(after.name): index \(oldName) renamed to \(index.name)")
            }
        }
    }

    /// A roll-up added to, dropped from or changed on a rule that stays. Adding one deletes nothing
    /// more (the rule already deleted those rows; now they are counted first). Dropping one is
    /// destructive: from then on the rows go uncounted, and what the summary would have kept is
    /// lost. Changing its keys or totals is incompatible (summary rows mix the two definitions),
    /// and changing its summary destructive as well (the old summary stops accruing). `old` is
    /// mapped into the new schema's names for comparing; `oldSummary` is its summary as named then.
    static func rollUpChange(from old: RollUp?, to new: RollUp?, oldSummary: String?, rule: RetentionRule, entity: String)
        -> (classes: ChangeClasses, message: String)? {
        switch (old, new) {
        case (nil, nil):
            return nil
        case (nil, let new?):
            return ([], "\(entity): rule now adds its rows into \(new.into) before deleting them: \(rule.source)")
        case (let old?, nil):
            return ([.destructive],
                    "\(entity): rule no longer adds its rows into \(oldSummary ?? old.into), it deletes them uncounted: \(rule.source)")
        case (let old?, let new?):
            guard old != new else { return nil }
            if old.into != new.into {
                return ([.destructive, .incompatible],
                        "\(entity): rule adds its rows into \(new.into) instead of \(oldSummary ?? old.into): \(rule.source)")
            }
            return ([.incompatible], "\(entity): rule's roll-up into \(new.into) changed: \(rule.source)")
        }
    }

    private func ruleChanges(add: Add) {
        let oldRules = before.retention.map { RuleKey($0, fields: fieldMap, entities: comparer.matching.entities) }
        let newRules = after.retention.map { RuleKey($0, fields: nil, entities: nil) }
        for (rule, key) in zip(before.retention, oldRules) where !newRules.contains(key) {
            if case .appendOnly = rule.kind {
                add(.appendOnlyRemoved, nil, nil, nil, "\(after.name): no longer append-only")
            } else {
                add(.retentionRemoved, nil, nil, nil, "\(after.name): rule removed: \(rule.source)")
            }
        }
        for (rule, key) in zip(after.retention, newRules) where !oldRules.contains(key) {
            switch rule.kind {
            case .appendOnly:
                add(.appendOnlyAdded, nil, nil, nil, "\(after.name): now append-only (updates and deletes refused)")
            case .expire where rule.rollUp != nil:
                add(.retentionAdded, nil, nil, nil,
                    "\(after.name): rule added, its job adds rows into \(rule.rollUp?.into ?? "") and deletes them: \(rule.source)")
            case .expire, .expireAt, .cap:
                add(.retentionAdded, nil, nil, nil, "\(after.name): rule added, its job deletes rows: \(rule.source)")
            case .expireByRelated(_, let time, _):
                add(.retentionAdded, nil, nil, nil,
                    "\(after.name): rule added, its job deletes rows by \(time.entity).\(time.field): \(rule.source)")
            case .archiveByRelated(_, let time, _, _):
                add(.retentionAdded, [], nil, nil, "\(after.name): rule added, rows move by \(time.entity).\(time.field): \(rule.source)")
            case .expireEntries:
                add(.retentionAdded, nil, nil, nil, "\(after.name): rule added, its job deletes array entries: \(rule.source)")
            case .deactivate, .deactivateAt, .archive, .forever:
                add(.retentionAdded, [], nil, nil, "\(after.name): rule added: \(rule.source)")
            }
        }
        // The same rule on both sides whose `handled` mark changed (who deletes the rows moves
        // between the database jobs and the application's sweep), or whose age became, stopped
        // being or changed its named period (the jobs' parameter and the Swift property are
        // renamed, the default age stays).
        for (rule, key) in zip(after.retention, newRules) {
            guard let position = oldRules.firstIndex(of: key) else { continue }
            let old = before.retention[position]
            if old.isHandled != rule.isHandled {
                if rule.isHandled {
                    add(.retentionHandledChanged, [], nil, nil,
                        "\(after.name): rule now handled by the application, database jobs skip it: \(rule.source)")
                } else {
                    add(.retentionHandledChanged, nil, nil, nil,
                        "\(after.name): rule no longer handled, its job deletes rows without the application: \(rule.source)")
                }
            }
            if let change = Self.rollUpChange(from: oldRules[position].rollUp, to: key.rollUp, oldSummary: old.rollUp?.into,
                                              rule: rule, entity: after.name) {
                add(.retentionRollUpChanged, change.classes, nil, nil, change.message)
            }
            if old.period != rule.period {
                let from = old.period.map { "period \($0)" } ?? "a fixed age"
                let to = rule.period.map { "period \($0)" } ?? "a fixed age"
                add(.retentionPeriodChanged, nil, nil, nil, "\(after.name): rule takes its age from \(to) instead of \(from): \(rule.source)")
            }
        }
        let oldAccess = before.access
        let newAccess = after.access
        if oldAccess.restrictsWriters != newAccess.restrictsWriters || oldAccess.insert != newAccess.insert
            || oldAccess.update != newAccess.update || oldAccess.delete != newAccess.delete {
            add(.writersChanged, nil, nil, nil, "\(after.name): writers changed")
        }
        if oldAccess.read != newAccess.read {
            add(.writersChanged, nil, nil, nil, "\(after.name): readers changed")
        }
        if oldAccess.owner.map({ fieldMap[$0] ?? "old:" + $0 }) != newAccess.owner {
            add(.ownerChanged, nil, nil, nil, "\(after.name): rows scoped by \(newAccess.owner ?? "nobody") instead of \(oldAccess.owner ?? "nobody")")
        }
        if before.pageLimit != after.pageLimit {
            // A larger page breaks no caller; a smaller one returns fewer records per page than callers asked for.
            let smaller = (after.pageLimit ?? Entity.defaultPageLimit) < (before.pageLimit ?? Entity.defaultPageLimit)
            func text(_ limit: Int?) -> String { limit.map(String.init) ?? "the default (\(Entity.defaultPageLimit))" }
            add(.pageLimitChanged, smaller ? nil : [], nil, nil,
                "\(after.name): pages at most \(text(after.pageLimit)) instead of \(text(before.pageLimit))")
        }
        if before.partitionKeys.map({ fieldMap[$0] ?? "old:" + $0 }) != after.partitionKeys {
            add(.partitionChanged, nil, nil, nil, "\(after.name): partitioned by (\(after.partitionKeys.joined(separator: ", ")))")
        }
    }

    private static func storageText(_ storage: SQLStorage) -> String {
        storage.isDefault ? "the default" : storage.spelling
    }
}
