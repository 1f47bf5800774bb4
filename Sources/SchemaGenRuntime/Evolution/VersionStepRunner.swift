/// Runs one version step in memory: builds the whole state of the new version from the state
/// of the old one, or throws ``StoreError/migrationFailed(version:failures:omitted:)`` listing
/// every failure. Tables whose rows and indexes are unchanged keep their trees as they are, so
/// the work is proportional to the rows the step touches.
struct VersionStepRunner {
    /// The number of the version the step leads to.
    let version: Int
    let old: ResolvedSchema
    let new: ResolvedSchema
    let step: StoreVersionStep
    /// The transforms registered for this step, by table.
    let transforms: [String: StoreTransform]
    let progress: ((StoreMigrationProgress) -> Void)?
    /// Rows between two progress reports.
    static let progressInterval = 10_000

    /// The old table the rows of `table` come from, or nil for a new table. Without a planned
    /// source a table keeps the rows of the old table of its name (TTL spaces always do).
    func source(of table: ResolvedTable) -> ResolvedTable? {
        let name: String?
        if let planned = step.tableSources[table.name] { name = planned } else { name = table.name }
        return name.flatMap { old.tableIDs[$0] }.map { old.tables[$0] }
    }

    func run(_ oldState: StoreState) throws -> StoreState {
        var state = StoreState(schema: new)
        var failures = MigrationFailures()
        var plans: [Int: TablePlan] = [:]
        let conversion = ValueConversion(step: step)
        for table in new.tables {
            if let planned = step.tableSources[table.name], let name = planned, old.tableIDs[name] == nil {
                failures.add(MigrationFailure(table: table.name, reason: "its rows should come from table '\(name)', which the old version does not have"))
                continue
            }
            let plan = TablePlan(table: table, source: source(of: table), step: step, transform: transforms[table.name])
            plans[table.id] = plan
            guard let source = plan.source else { continue }
            let oldTrees = oldState.tables[source.id]
            let total = oldTrees.primary.count
            if plan.keepsRows {
                state.tables[table.id].primary = oldTrees.primary
                state.tables[table.id].lastAutoID = oldTrees.lastAutoID
                var rows: [IndexRebuild.StoredRow]?
                for (i, index) in table.indexes.enumerated() {
                    if let j = source.indexes.firstIndex(where: { IndexRebuild.canReuse($0, for: index, plan: plan) }) {
                        state.tables[table.id].indexes[i] = oldTrees.indexes[j]
                        continue
                    }
                    report(table, 0, total)
                    if rows == nil { rows = IndexRebuild.rows(of: oldTrees.primary, table: source) }
                    state.tables[table.id].indexes[i] = IndexRebuild.indexTree(index, table: table, rows: rows!, failures: &failures)
                    report(table, total, total)
                }
                continue
            }
            report(table, 0, total)
            var rows: [IndexRebuild.StoredRow] = []
            rows.reserveCapacity(total)
            var lastAutoID = oldTrees.lastAutoID
            var done = 0
            var it = BTreeRangeIterator(oldTrees.primary, lower: nil, upper: nil, reverse: false)
            while let (_, bytes) = it.next() {
                switch plan.convert(RowDecoding.decode(bytes, table: source), conversion: conversion, version: version) {
                case .row(let row):
                    if table.autoIncrement, case .int(let id) = row[table.primaryKey[0]] { lastAutoID = max(lastAutoID, id) }
                    rows.append(.init(key: IndexKeys.primaryKey(table, row: row), encoded: RowCodec.encode(row), row: row))
                case .failed(let list):
                    list.forEach { failures.add($0) }
                }
                done += 1
                if done % Self.progressInterval == 0, done < total { report(table, done, total) }
            }
            guard failures.count(in: table.name) == 0 else { continue }
            state.tables[table.id].primary = IndexRebuild.primaryTree(&rows, table: table, failures: &failures)
            state.tables[table.id].lastAutoID = lastAutoID
            for (i, index) in table.indexes.enumerated() {
                if let j = source.indexes.firstIndex(where: { IndexRebuild.canReuse($0, for: index, plan: plan) }) {
                    state.tables[table.id].indexes[i] = oldTrees.indexes[j]
                } else {
                    state.tables[table.id].indexes[i] = IndexRebuild.indexTree(index, table: table, rows: rows, failures: &failures)
                }
            }
            report(table, total, total)
        }
        checkForeignKeys(state, plans: plans, failures: &failures)
        guard failures.isEmpty else { throw failures.error(version: version) }
        return state
    }

    private func report(_ table: ResolvedTable, _ done: Int, _ total: Int) {
        progress?(StoreMigrationProgress(version: version, table: table.name, rowsDone: done, rowsTotal: total))
    }

    /// Every child row of a foreign key must have its parent, unless the old version had the same
    /// foreign key over the same unchanged values on both sides; orphans fail.
    private func checkForeignKeys(_ state: StoreState, plans: [Int: TablePlan], failures: inout MigrationFailures) {
        for table in new.tables where !table.foreignKeys.isEmpty && failures.count(in: table.name) == 0 {
            for fk in table.foreignKeys {
                let parent = new.tables[fk.parentTable]
                guard failures.count(in: parent.name) == 0,
                      !keepsReferences(fk, child: plans[table.id], parent: plans[parent.id]) else { continue }
                var it = BTreeRangeIterator(state.tables[table.id].primary, lower: nil, upper: nil, reverse: false)
                while let (_, bytes) = it.next() {
                    let row = RowDecoding.decode(bytes, table: table)
                    let values = fk.columns.map { row[$0] }
                    if values.contains(where: \.isNull) { continue }
                    guard !ForeignKeyLookup.parentExists(fk, values: values, schema: new, state: state) else { continue }
                    failures.add(MigrationFailure(
                        table: table.name, column: fk.columns.map { table.definition.columns[$0].name }.joined(separator: ", "),
                        primaryKey: StoreValue.keyText(table.primaryKey.map { row[$0] }),
                        reason: "foreign key '\(fk.name)' references (\(StoreValue.keyText(values))), which table '\(parent.name)' does not have"))
                }
            }
        }
    }

    /// Whether the old version had this foreign key between the same tables over columns whose
    /// values the step keeps on both sides (rows are never removed), so it still holds.
    private func keepsReferences(_ fk: ResolvedForeignKey, child: TablePlan?, parent: TablePlan?) -> Bool {
        guard let child, let parent, let childSource = child.source, let parentSource = parent.source else { return false }
        let columns = fk.columns.map(child.unchangedSource(of:))
        let parentColumns = fk.parentColumns.map(parent.unchangedSource(of:))
        guard !columns.contains(nil), !parentColumns.contains(nil) else { return false }
        return childSource.foreignKeys.contains {
            $0.parentTable == parentSource.id && $0.columns == columns.map { $0! } && $0.parentColumns == parentColumns.map { $0! }
        }
    }
}
