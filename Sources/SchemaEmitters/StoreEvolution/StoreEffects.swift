import SchemaLanguage

/// What the embedded store does on open for each change of a step, in one line, so a review
/// shows it beside the SQL: `rewrites rows of 'users'`, `builds index 'idx_x' on 'users'`,
/// `refused: needs a transform registered for version 3 'users'`.
struct StoreEffects {
    let planner: StoreStepPlanner
    let plan: StoreStepPlan
    private var old: Schema { planner.diff.old }
    private var new: Schema { planner.diff.new }

    func planned(_ change: SchemaChange) -> PlannedStoreChange {
        let before = change.oldName.flatMap(old.entity(named:))
        let after = change.newName.flatMap(new.entity(named:))
        var table: String?
        var column: String?
        switch change.scope {
        case .entity:
            table = (after ?? before)?.physicalName
            if change.code.rawValue.hasPrefix("SG2") {
                column = change.newMember.flatMap { after?.field(named: $0)?.physicalName }
                    ?? change.oldMember.flatMap { before?.field(named: $0)?.physicalName }
            }
        case .nestedType: column = change.newMember ?? change.oldMember
        case .cache: table = change.name
        case .schema, .enumType: break
        }
        let effect = describe(change, table: table ?? change.name, column: column, before: before, after: after)
        return PlannedStoreChange(change: change, table: table, column: column, effect: effect)
    }

    /// `refused unless a transform for 'users' is registered for version 3`.
    private func transformNeeded(for tables: String) -> String {
        "refused unless a transform for \(tables) is registered for " + (planner.version.map { "version \($0)" } ?? "this step")
    }

    private func q(_ text: String) -> String { "'\(text)'" }

    private func describe(_ change: SchemaChange, table: String, column: String?, before: Entity?, after: Entity?) -> String {
        let subject = column.map { q("\(table).\($0)") } ?? q(table)
        let destructive = "needs .allowDestructive"
        switch change.code {
        case .entityAdded: return "creates table \(q(table))"
        case .entityDropped: return "drops table \(q(table)) and its rows (\(destructive))"
        case .entityRenamed, .entityPhysicalNameChanged:
            guard let before, let after, before.physicalName != after.physicalName else { return "nothing: the table keeps its name" }
            return "renames table \(q(before.physicalName)) to \(q(after.physicalName)); rows kept"
        case .fieldAdded, .requiredFieldAdded:
            return added(source: column.flatMap { plan.columnSources[table]?[$0] }, subject: subject, table: table)
        case .fieldDropped: return "removes \(subject) from every row, rewriting rows of \(q(table)) (\(destructive))"
        case .fieldRenamed, .fieldPhysicalNameChanged:
            let oldColumn = change.oldMember.flatMap { before?.field(named: $0)?.physicalName }
            guard let oldColumn, oldColumn != column else { return "nothing: the column keeps its name" }
            return "renames column \(q("\(table).\(oldColumn)")) to \(q(column ?? "")); values kept"
        case .fieldTypeWidened, .fieldTypeChanged:
            return converted(column.flatMap { plan.columnSources[table]?[$0] }, subject: subject, table: table,
                             field: change.newMember.flatMap { after?.field(named: $0) }, widened: change.code == .fieldTypeWidened)
        case .fieldMadeOptional: return "allows null in \(subject)"
        case .fieldMadeRequired:
            if case .column(_, let value?)? = column.flatMap({ plan.columnSources[table]?[$0] }) {
                return "sets null values of \(subject) to \(text(value)), rewriting those rows"
            }
            return "checks no row has a null \(subject); fails listing their keys, changing nothing"
        case .fieldDefaultChanged: return "nothing: the new default applies to new rows"
        case .fieldChecksChanged: return "nothing: the new checks apply to new writes (rows are not re-checked)"
        case .foreignKeyAdded, .foreignKeyChanged:
            if change.classes.contains(.dataDependent) {
                return "checks every row of \(q(table)) has its parent; fails listing the orphans, changing nothing"
            }
            return "records the new delete action of \(subject)"
        case .foreignKeyDropped: return "stops checking the reference of \(subject)"
        case .fieldAutoChanged: return "records whether \(q(table)) assigns ids"
        case .fieldOnUpdateChanged, .fieldDocChanged, .entityDocChanged, .documentedQueryChanged, .writersChanged, .ownerChanged,
             .appendOnlyAdded, .appendOnlyRemoved, .enumAdded, .enumDropped, .enumCasesReordered,
             .nestedTypeAdded, .nestedTypeDropped, .targetsChanged, .partitionChanged, .pageLimitChanged:
            return "nothing: generated code only"
        case .fieldStorageChanged:
            return "nothing: SQL storage only"
        case .fieldCapChanged:
            let oldCap = change.oldMember.flatMap { before?.field(named: $0)?.keepNewest }
            guard let cap = change.newMember.flatMap({ after?.field(named: $0)?.keepNewest }), cap < oldCap ?? Int.max
            else { return "nothing: every stored array fits the new cap" }
            return "checks every row of \(subject) has at most \(cap) elements; fails listing their keys, changing nothing"
        case .primaryKeyChanged: return "rebuilds \(q(table)) on the new key; fails listing duplicate keys, changing nothing"
        case .indexAdded, .uniqueIndexAdded, .indexChanged:
            return index(change, table: table, entity: after)
        case .indexDropped: return "drops index \(q(change.oldMember ?? "")) of \(q(table))"
        case .indexRenamed: return "renames index \(q(change.oldMember ?? "")) of \(q(table)) to \(q(change.newMember ?? ""))"
        case .enumCaseAdded: return "nothing: stored values stay valid"
        case .enumCaseRemoved:
            return "checks no row uses the removed value; fails listing their keys, changing nothing"
        case .enumCaseRenamed:
            guard let renames = plan.enumCaseRenames[change.name], !renames.isEmpty else { return "nothing: stored value unchanged" }
            return "rewrites the renamed value in every row storing \(q(change.name))"
        case .nestedFieldAdded, .nestedRequiredFieldAdded, .nestedFieldDropped, .nestedFieldRenamed, .nestedFieldChanged:
            return document(change, column: column)
        case .retentionAdded, .retentionRemoved, .retentionHandledChanged, .retentionPeriodChanged, .retentionRollUpChanged:
            return "nothing on open: the next sweep applies the rules"
        case .cacheAdded: return "creates TTL space \(q(table))"
        case .cacheDropped: return "drops TTL space \(q(table)) and its entries"
        case .cacheChanged: return "clears TTL space \(q(table)) (entries are transient)"
        }
    }

    private func added(source: StoreColumnSource?, subject: String, table: String) -> String {
        switch source {
        case .fill(.null)?: return "adds \(subject), null in existing rows"
        case .fill(let value)?: return "adds \(subject), \(text(value)) in existing rows, rewriting rows of \(q(table))"
        default: return "adds \(subject): \(transformNeeded(for: q(table))), unless \(q(table)) is empty"
        }
    }

    private func converted(_ source: StoreColumnSource?, subject: String, table: String, field: Field?, widened: Bool) -> String {
        guard case .column? = source else {
            return "\(transformNeeded(for: q(table))): no rule converts \(subject) to \(field?.type.spelling ?? "the new type")"
        }
        if widened { return "widens \(subject); every value fits, rows rewritten where the encoding changes" }
        let spelling = field?.type.spelling ?? "the new type"
        return "checks every row of \(subject) fits \(spelling), converting it; fails listing their keys, changing nothing"
    }

    private func index(_ change: SchemaChange, table: String, entity: Entity?) -> String {
        let name = change.newMember ?? ""
        let verb = change.oldMember == nil ? "builds" : "rebuilds"
        if let entity, StoreCatalogBuilder(new).multikeyIndexes(of: entity).contains(where: { $0.index.name == name }) {
            return "\(verb) multikey index \(q(name)) (table \(q("\(table)__\(name)"))) from every row of \(q(table))"
        }
        guard planner.newCatalog.table(named: table)?.indexes.contains(where: { $0.name == name }) ?? false else {
            return "nothing: the store keeps no index over documents or decimals"
        }
        if change.code == .uniqueIndexAdded {
            return "\(verb) unique index \(q(name)) on \(q(table)); fails listing duplicates, changing nothing"
        }
        return "\(verb) index \(q(name)) on \(q(table))"
    }

    private func document(_ change: SchemaChange, column: String?) -> String {
        let type = change.name
        let tables = planner.newCatalog.tables.filter { table in table.columns.contains { Self.mentions($0.shape, type) } }
        guard !tables.isEmpty else { return "nothing: no table stores \(q(type))" }
        let names = tables.map { q($0.name) }.joined(separator: ", ")
        let source = column.flatMap { plan.documentSources[type]?.fields[$0] }
        switch (change.code, source) {
        case (.nestedFieldRenamed, _): return "nothing: fields are stored by position"
        case (.nestedFieldDropped, _):
            return "re-encodes every \(q(type)) without \(q(column ?? "")) in \(names) (needs .allowDestructive)"
        case (_, .transform?): return "\(transformNeeded(for: names)): no rule derives \(q("\(type).\(column ?? "")"))"
        default: return "re-encodes every \(q(type)) value in \(names)"
        }
    }

    /// Whether values of `shape` contain documents named `type`.
    static func mentions(_ shape: StoreShape, _ type: String) -> Bool {
        switch shape {
        case .document(let name, let fields): name == type || fields.contains { mentions($0.shape, type) }
        case .array(let element, _): mentions(element, type)
        default: false
        }
    }

    /// A value for people: `0`, `"open"`, `true`, `null`.
    private func text(_ value: StoreLiteral) -> String {
        switch value {
        case .null: "null"
        case .int(let number), .timestamp(let number): String(number)
        case .double(let spelling): spelling
        case .string(let string): "\"\(string)\""
        case .bool(let flag): String(flag)
        case .bytes: "the default"
        }
    }
}
