import Foundation

/// Typed filters on queries: a filter narrows any query (`byChatID(chatID: 5).filter { … }`
/// keeps that index and its order), and a repository's `filter { … }` lets ``QueryPlanner``
/// choose the index.
extension Query {
    /// A query whose index and bounds are chosen from `filter` and `scope` when it runs: the
    /// index (or primary key) whose leading columns the filter fixes most, then one with a range
    /// on the next column. Generated repositories call this from `filter { … }`.
    public init(access: Access, planning filter: QueryFilter<Record>, order: QueryOrder, scope: Scope?) {
        self.init(access: access, index: nil, keyPositions: Record.primaryKeyPositions, prefix: [], order: order, scope: scope)
        self.filter = filter
        isPlanned = true
    }

    /// This query narrowed to rows that also match `condition` (checked on each scanned row
    /// before it is decoded; a planned query may also use it to bound its scan).
    public func filter(_ condition: QueryFilter<Record>) -> Query {
        var query = self
        query.filter = filter.map { $0 && condition } ?? condition
        query.filterTerms = nil
        return query
    }

    /// The query with its index and bounds chosen (itself unless planned); the entries counted
    /// to choose are added to `statistics`. On the store, the planner's work for the filter's
    /// shape is kept (``KeptPlans``) and reused by the next query of that shape until the table
    /// changes. `reading`: the row positions the caller reads of each matching row, when it is a
    /// count or aggregate that takes them in index order from the start (nil: records, pages);
    /// then equally bounded candidates that one ``IndexIntersection`` answers are not counted.
    func resolved(in snapshot: any TableReader, reading: Set<Int>? = nil, statistics: ScanStatistics? = nil) throws -> Query {
        guard isPlanned else { return self }
        let table = try snapshot.tableCatalog.resolved.table(Record.tableName)
        let conjuncts = filterTerms ?? filter?.conjuncts ?? []
        var planning = self
        planning.filterTerms = conjuncts
        guard let store = snapshot as? Snapshot, let kept = store.plannerStatistics?.plans,
              let shape = KeptPlans.shape(conjuncts, scope: scope, table: Record.tableName) else {
            let candidates = QueryPlanner(table: table).candidates(conjuncts, scope: scope)
            return try planning.choosing(among: candidates, table: table, in: snapshot, ranking: nil, reading: reading, statistics: statistics).query
        }
        let trees = store.state.tables[table.id]
        if let plan = kept.plan(shape, table: table, trees: trees) {
            let candidates = plan.templates.map { $0.choice(conjuncts, scope: scope) }
            return try planning.choosing(among: candidates, table: table, in: snapshot, ranking: plan.ranking, reading: reading,
                                         statistics: statistics).query
        }
        let candidates = QueryPlanner(table: table).candidates(conjuncts, scope: scope)
        let (query, ranking) = try planning.choosing(among: candidates, table: table, in: snapshot, ranking: nil, reading: reading,
                                                     statistics: statistics)
        var templates: [KeptPlans.Template] = []
        for choice in candidates {
            let orders = try choice.index.map { table.indexes[try table.index(named: $0)].orders }
                ?? table.primaryKey.map { _ in ColumnOrder.ascending }
            guard let template = KeptPlans.Template(choice, orders: orders, conjuncts: conjuncts, scope: scope) else { return query }
            templates.append(template)
        }
        kept.keep(shape, table: table, trees: trees, templates: templates, ranking: ranking)
        return query
    }

    /// The query bound by the best of `candidates` (the planner's, best on paper first), and how
    /// it was told apart from the others: by `ranking` when given (a kept plan's), else by the
    /// store's estimates, else by counting each one's entries — unless the caller reads
    /// `reading` (a count or aggregate) and the first in order intersects with another
    /// (``IndexIntersection``), whose merge bounds its work by the sparser range whichever is chosen.
    private func choosing(among candidates: [QueryPlanner.Choice], table: ResolvedTable, in snapshot: any TableReader, ranking: PlanRanking?,
                          reading: Set<Int>?, statistics: ScanStatistics?) throws -> (query: Query, ranking: PlanRanking) {
        var query = self
        query.isPlanned = false
        let bounded = !candidates[0].prefix.isEmpty || !candidates[0].probes.isEmpty || candidates[0].rangeColumn != nil
        // Nothing bounds a scan of the table: a `contains` on an array with a multikey index
        // reads just the records holding the element.
        if !bounded, let multikey = try query.multikeyResolution(in: snapshot, table: table) { return (multikey, .single) }
        guard bounded, candidates.count > 1 else { return (query.adopting(candidates[0], table: table), .single) }
        query.partners = candidates
        // Equally good bounds on paper: the store's estimates pick one that is clearly narrower;
        // otherwise each one's entries are counted, narrowest estimate first, stopping at the
        // best count so far.
        // A kept plan's winner is bound alone (each bound candidate is a copy of the query).
        if case .estimated(let winner)? = ranking { return (query.adopting(candidates[winner], table: table), .estimated(winner)) }
        var order = Array(candidates.indices)
        // Bound only when needed: under a kept order, an intersection needs just the first.
        var bound: [Query]?
        switch ranking {
        case .estimated(let winner)?: return (query.adopting(candidates[winner], table: table), .estimated(winner))
        case .counted(let kept)?: order = kept
        case .single?, nil:
            let all = candidates.map { query.adopting($0, table: table) }
            if let estimates = try Self.estimates(all, in: snapshot, table: table) {
                order = estimates.indices.sorted { estimates[$0] < estimates[$1] }
                if estimates[order[0]] * Self.clearlyNarrower <= estimates[order[1]] { return (all[order[0]], .estimated(order[0])) }
            }
            bound = all
        }
        let first = bound?[order[0]] ?? query.adopting(candidates[order[0]], table: table)
        if let reading, let store = snapshot as? Snapshot, let intersected = try first.intersected(in: store, table: table, reading: reading) {
            return (intersected, .counted(order))
        }
        let ranked = order.map { bound?[$0] ?? query.adopting(candidates[$0], table: table) }
        // A server counts every candidate in one statement; the first with the fewest wins, as below.
        if !(snapshot is Snapshot),
           let counts = try snapshot.cappedCounts(Record.tableName, scans: ranked.map { ($0.index, $0.scanPrefixes, $0.from, $0.to) },
                                                  limit: Self.estimateLimit),
           counts.count == ranked.count, let best = counts.indices.min(by: { counts[$0] < counts[$1] }) {
            return (ranked[best], .counted(order))
        }
        var chosen = ranked[0]
        var fewest = try chosen.entryCount(in: snapshot, table: table, limit: Self.estimateLimit, statistics: statistics)
        for other in ranked.dropFirst() where fewest > 0 {
            let count = try other.entryCount(in: snapshot, table: table, limit: fewest, statistics: statistics)
            if count < fewest {
                chosen = other
                fewest = count
            }
        }
        return (chosen, .counted(order))
    }

    /// How many times fewer entries one candidate's estimate must promise than every other's
    /// for the planner to choose it without counting (estimates are averages; see ``PlannerStatistics``).
    static var clearlyNarrower: Double { 4 }

    /// The estimated entries in each resolved candidate's bounds, from the store's kept
    /// estimates; nil when `reader` keeps none (another backend, a bare snapshot).
    static func estimates(_ candidates: [Query], in reader: any TableReader, table: ResolvedTable) throws -> [Double]? {
        guard let snapshot = reader as? Snapshot, let kept = snapshot.plannerStatistics else { return nil }
        let tables = snapshot.state.tables[table.id]
        return try candidates.map { candidate in
            let fixed = candidate.scanPrefixes[0].count
            var tree = tables.primary, position: Int?, orders = table.primaryKey.map { _ in ColumnOrder.ascending }
            if let name = candidate.index {
                position = try table.index(named: name)
                tree = tables.indexes[position!]
                orders = table.indexes[position!].orders
            }
            guard fixed > 0 else { return Double(tree.count) }
            let perValue = kept.entriesPerValue(of: tree, table: table.id, index: position, orders: orders)
            return perValue[fixed - 1] * Double(candidate.scanPrefixes.count)
        }
    }

    /// Every way the planner may resolve this query, best on paper first (just itself unless
    /// planned). A later page resumes with the one its first page used, found without counting.
    func resolutions(in snapshot: any TableReader) throws -> [Query] {
        guard isPlanned else { return [self] }
        let (table, candidates) = try planned(in: snapshot)
        var query = self
        query.isPlanned = false
        return try candidates.map { query.adopting($0, table: table) } + [query.multikeyResolution(in: snapshot, table: table)].compactMap { $0 }
    }

    /// This query read through the multikey index of an array its filter asks `contains(element)`
    /// of at the top level (an `&&` term), nil when no such index exists in `snapshot`'s catalog.
    /// The side table's entries (element, primary key) give the records holding the element, in
    /// primary-key order, as a scan of the table would; the whole filter is still checked per row.
    private func multikeyResolution(in snapshot: any TableReader, table: ResolvedTable) throws -> Query? {
        let indexes = Record.multikeyIndexes
        guard !indexes.isEmpty, let filter else { return nil }
        for case .arrayContains(let column, let test) in filter.conjuncts {
            guard let index = indexes.first(where: { $0.column == column.position }),
                  snapshot.tableCatalog.resolved.tableIDs[index.table] != nil else { continue }
            var query = self
            query.isPlanned = false
            query.via = index.table
            query.index = nil
            query.keyPositions = table.primaryKey
            query.prefix = [test.element]
            query.probes = []
            query.from = nil
            query.to = nil
            query.rangeColumn = nil
            return query
        }
        return nil
    }

    /// The name a page cursor records for the index this resolved query reads (``PageCursor/plannedIndex``).
    var plannedIndexName: String { via.map { "multikey:" + $0 } ?? index ?? "" }

    /// The resolution of this planned query that scans `index` (`""`: the primary key), the
    /// one a page cursor was made with: counting entries again could choose another index as
    /// the data changes, and a key of one index read with another skips or repeats rows.
    ///
    /// - Throws: ``PageTokenError/malformed(reason:)`` when this query cannot scan that index
    ///   (the cursor is of another query).
    func resolved(in snapshot: any TableReader, resumingWith index: String) throws -> Query {
        guard let query = try resolutions(in: snapshot).first(where: { $0.plannedIndexName == index }) else {
            throw PageTokenError.malformed(reason: "the cursor was made with \(index.isEmpty ? "the primary key" : index), which this query does not scan")
        }
        return query
    }

    /// The table and the planner's candidates for this query's filter and scope.
    private func planned(in snapshot: any TableReader) throws -> (ResolvedTable, [QueryPlanner.Choice]) {
        let table = try snapshot.tableCatalog.resolved.table(Record.tableName)
        return (table, QueryPlanner(table: table).candidates(filter?.conjuncts ?? [], scope: scope))
    }

    /// How many entries the planner counts at most when telling equally good indexes apart.
    static var estimateLimit: Int { 4096 }

    /// The query bound by a planner choice.
    private func adopting(_ choice: QueryPlanner.Choice, table: ResolvedTable) -> Query {
        var query = self
        query.index = choice.index
        query.prefix = choice.prefix
        query.probes = choice.probes
        query.from = choice.from
        query.to = choice.to
        query.rangeColumn = choice.rangeColumn
        query.keyPositions = choice.index == nil ? table.primaryKey : choice.columns + table.primaryKey
        return query
    }

    /// The number of entries (index entries or rows) in this resolved query's bounds, counted
    /// up to `limit` without decoding any.
    func entryCount(in reader: any TableReader, table: ResolvedTable, limit: Int, statistics: ScanStatistics? = nil) throws -> Int {
        guard let snapshot = reader as? Snapshot else {
            var count = 0
            for probe in scanPrefixes where count < limit {
                count += try reader.count(Record.tableName, index: index, prefix: probe, from: from, to: to)
            }
            return Swift.min(count, limit)
        }
        let tables = snapshot.state.tables[table.id]
        let orders = try keyOrders(table)
        var count = 0
        let tree = try index.map { tables.indexes[try table.index(named: $0)] } ?? tables.primary
        for probe in scanPrefixes where count < limit {
            let (lower, upper) = Snapshot.bounds(prefix: probe, from: from, to: to, orders: orders)
            var entries = BTreeRangeIterator(tree, lower: lower, upper: upper, reverse: false)
            while count < limit, entries.nextEntry({ _, _ in true }) == true { count += 1 }
        }
        statistics?.entriesCounted += count
        return count
    }

    /// The plan of this resolved query, without ``QueryPlan/indexOnly`` worked out.
    func plan(in snapshot: any TableReader) throws -> QueryPlan {
        let query = self
        let table = try snapshot.tableCatalog.resolved.table(via ?? Record.tableName)
        let columns = query.index.map { name in table.indexes.first { $0.name == name }?.columns ?? [] } ?? table.primaryKey
        let names = table.definition.columns.map(\.name)
        let fixed = query.probes.first?.count ?? query.prefix.count
        let equalities = columns.prefix(fixed).map { names[$0] }
        var range: String?
        if let column = query.rangeColumn {
            range = names[column]
        } else if query.from != nil || query.to != nil, columns.count > fixed {
            range = names[columns[fixed]]
        }
        // Only what the bounds do not guarantee is checked on each row.
        let checks = via == nil ? RowChecks(query, orders: try keyOrders(table)) : RowChecks(filter: query.filter, scope: query.scope)
        let remaining = checks.filter
        var residual = remaining?.text ?? "true"
        if let scope = checks.scope {
            let owner = Record.tableName == table.name ? scope.positions.map { "\(names[$0]) = ?" }.joined(separator: " and ") : "scope"
            residual = remaining == nil ? owner : "\(owner) and \(residual)"
        }
        return QueryPlan(table: Record.tableName, index: via.map { "multikey:" + $0 } ?? query.index, equalityColumns: equalities,
                         rangeColumn: range, residual: residual, reversed: order == .reverse, probes: Swift.max(1, query.probes.count))
    }
}

extension Query where Record: FilterableRecord {
    /// This query narrowed to rows matching the condition built from the record's typed
    /// fields: `filter { $0.userID == 7 && $0.createdAt >= start }`.
    public func filter(_ condition: (Record.QueryFields) -> QueryFilter<Record>) -> Query {
        filter(condition(Record.queryFields))
    }
}
