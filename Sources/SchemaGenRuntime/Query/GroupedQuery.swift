import Foundation

/// A query's rows grouped by a key (a field, or a timestamp's day or hour), ready for one
/// aggregate per group: `count`, `sum`, `average`, `min`, `max`, each with an order on the
/// groups and an optional limit (top-N). Groups exist only for keys some matching row has.
public struct GroupedQuery<Record: StoredRecord, Access: ReadAccess, Key> {
    let query: Query<Record, Access>
    /// The parts of the key (one per grouped field), in order.
    let parts: [GroupPart]
    let decode: ([StoreValue]) throws -> Key

    /// The row positions the key is computed from.
    var positions: Set<Int> { Set(parts.map { $0.position }) }

    /// Each group's aggregate as a stored value (null: no value), folded row by row so no
    /// group keeps its rows, then ordered and cut to `limit`. A row whose key equals the
    /// previous row's (consecutive rows of a group, as an index scan along the key returns
    /// them) goes to that group without hashing or allocating.
    /// A backend that runs queries itself computes `pushing` (the same aggregate of the field at
    /// `reading`, each group's value read back with `value`) instead.
    func groups<State, Result>(order: GroupOrder, limit: Int?, reading: Int? = nil, fieldName: String? = nil,
                               pushing: (function: PushdownAggregate.Function, value: (StoreValue) -> Result)? = nil,
                               initial: State, add: (inout State, Row) throws -> Void,
                               finish: (State) -> Result, compare: @escaping (Result, Result) -> Int) throws -> [(key: [StoreValue], value: Result)] {
        // Keys and states apart, the states in memory managed here: in unspecialized code (a
        // record type from another module) a `(key, state)` tuple has its type metadata built on
        // every access, and an `[State]` looks up `Array<State>`'s on every mutation; a pointer
        // needs neither (Benchmarks/results/2026-12-04-qspeed-perf-before-after.txt).
        var keys: [[StoreValue]] = []
        var capacity = 16, stateCount = 0
        var states = UnsafeMutablePointer<State>.allocate(capacity: capacity)
        defer {
            states.deinitialize(count: stateCount)
            states.deallocate()
        }
        var lookup: [GroupKey: Int] = [:]
        let parts = self.parts
        var current = [StoreValue](repeating: .null, count: parts.count)
        var slot = -1
        let pushed = pushing.map {
            PushdownAggregate(function: $0.function, field: reading, fieldName: fieldName, groups: pushdownParts, order: order, limit: limit)
        }
        let computed = try query.aggregateRows(reading: positions.union(reading.map { [$0] } ?? []), pushing: pushed) { row in
            var same = slot >= 0
            for i in parts.indices {
                let value = parts[i].value(row)
                if same, !value.isIdentical(to: current[i]) { same = false }
                current[i] = value
            }
            if !same {
                let key = parts.count == 1 ? GroupKey(current[0]) : .composite(current.map(GroupKey.init))
                if let found = lookup[key] {
                    slot = found
                } else {
                    slot = keys.count
                    lookup[key] = slot
                    keys.append(current)
                    if stateCount == capacity {
                        let grown = UnsafeMutablePointer<State>.allocate(capacity: capacity * 2)
                        grown.moveInitialize(from: states, count: stateCount)
                        states.deallocate()
                        states = grown
                        capacity *= 2
                    }
                    (states + stateCount).initialize(to: initial)
                    stateCount += 1
                }
            }
            try add(&states[slot], row)
        }
        if let computed, let value = pushing?.value { return computed.map { (key: $0.key, value: value($0.value)) } }
        func compareKeys(_ a: [StoreValue], _ b: [StoreValue]) -> Int {
            for (x, y) in zip(a, b) {
                let c = StoreValue.compare(x, y)
                if c != 0 { return c }
            }
            return 0
        }
        let precedes = { (a: (key: [StoreValue], value: Result), b: (key: [StoreValue], value: Result)) -> Bool in
            let byKey = compareKeys(a.key, b.key)
            switch order {
            case .keyAscending: return byKey < 0
            case .keyDescending: return byKey > 0
            case .valueAscending, .valueDescending:
                let byValue = compare(a.value, b.value)
                if byValue != 0 { return order == .valueAscending ? byValue < 0 : byValue > 0 }
                return byKey < 0
            }
        }
        // A top-N keeps only N groups in a bounded heap instead of sorting them all.
        if let limit {
            var top = TopGroups(limit: limit, precedes: precedes)
            for i in keys.indices { top.add((key: keys[i], value: finish(states[i]))) }
            return top.sorted()
        }
        var groups = keys.indices.map { (key: keys[$0], value: finish(states[$0])) }
        groups.sort(by: precedes)
        return groups
    }

    func typed<Result, Value>(_ groups: [(key: [StoreValue], value: Result)], _ value: (Result) throws -> Value) throws -> [QueryGroup<Key, Value>] {
        try groups.map { QueryGroup(key: try decode($0.key), value: try value($0.value)) }
    }

    /// How ``count(order:limit:)`` reads the rows: index-only (``QueryPlan/indexOnly``) when the
    /// filter, scope and grouped field are all in the chosen index's key or primary key.
    public func explain() throws -> QueryPlan {
        try query.explain(reading: positions, operation: .aggregate(.count(groups: pushdownParts)))
    }

    /// `function` for ``groups(order:limit:reading:fieldName:pushing:initial:add:finish:compare:)``
    /// of an aggregate whose groups hold stored values (nil: computed in Swift only).
    private func pushing(_ function: PushdownAggregate.Function?) -> (function: PushdownAggregate.Function, value: (StoreValue) -> StoreValue)? {
        function.map { ($0, { $0 }) }
    }

    /// The key's parts as a backend computes them.
    var pushdownParts: [PushdownGroupPart] { parts.map { PushdownGroupPart(position: $0.position, truncation: $0.truncation) } }

    /// How an aggregate of `field` per group reads the rows.
    public func explain<Value>(aggregating field: QueryField<Record, Value>) throws -> QueryPlan {
        try query.explain(reading: positions.union([field.position]), operation: .aggregate(.count(groups: pushdownParts)))
    }

    /// The number of rows in each group.
    public func count(order: GroupOrder = .keyAscending, limit: Int? = nil) throws -> [QueryGroup<Key, Int>] {
        try typed(groups(order: order, limit: limit, pushing: pushing(.count), initial: 0, add: { count, _ in count += 1 }, finish: { .int(Int64($0)) },
                         compare: StoreValue.compare)) {
            Int($0.intValue!)
        }
    }

    /// The sum of `field` in each group (nil for a group where it is always null).
    ///
    /// - Throws: ``QueryAggregateError/integerOverflow(column:)`` when an integer sum leaves 64 bits.
    public func sum<Value>(_ field: QueryField<Record, Value>, order: GroupOrder = .keyAscending, limit: Int? = nil) throws
        -> [QueryGroup<Key, Value.QueryOperand.QuerySum?>] where Value.QueryOperand: SummableQueryValue {
        let function: PushdownAggregate.Function? = Query<Record, Access>.sumsExactIntegers(Value.QueryOperand.self) ? .sum : nil
        return try typed(groups(order: order, limit: limit, reading: field.position, fieldName: field.name, pushing: pushing(function), initial: NumericTotal(),
                                add: { try $0.add($1[field.position], column: field.name) },
                                finish: { $0.count == 0 ? .null : Value.QueryOperand.storedSum($0) }, compare: StoreValue.compare)) {
            $0.isNull ? nil : try Value.QueryOperand.QuerySum(storeValue: $0)
        }
    }

    /// The mean of `field` in each group (nil for a group where it is always null).
    public func average<Value>(_ field: QueryField<Record, Value>, order: GroupOrder = .keyAscending, limit: Int? = nil) throws
        -> [QueryGroup<Key, Double?>] where Value.QueryOperand: SummableQueryValue {
        let function: PushdownAggregate.Function? = Query<Record, Access>.sumsExactIntegers(Value.QueryOperand.self) ? .average : nil
        return try typed(groups(order: order, limit: limit, reading: field.position, fieldName: field.name, pushing: pushing(function), initial: NumericTotal(),
                                add: { try $0.add($1[field.position], column: field.name) },
                                finish: { $0.average.map(StoreValue.double) ?? .null }, compare: StoreValue.compare)) { $0.doubleValue }
    }

    /// The smallest value of `field` in each group (nil for a group where it is always null).
    public func min<Value>(_ field: QueryField<Record, Value>, order: GroupOrder = .keyAscending, limit: Int? = nil) throws
        -> [QueryGroup<Key, Value.QueryOperand?>] {
        try extreme(field, order: order, limit: limit, function: .minimum) { $0 < 0 }
    }

    /// The largest value of `field` in each group (nil for a group where it is always null).
    public func max<Value>(_ field: QueryField<Record, Value>, order: GroupOrder = .keyAscending, limit: Int? = nil) throws
        -> [QueryGroup<Key, Value.QueryOperand?>] {
        try extreme(field, order: order, limit: limit, function: .maximum) { $0 > 0 }
    }

    private func extreme<Value>(_ field: QueryField<Record, Value>, order: GroupOrder, limit: Int?, function: PushdownAggregate.Function,
                                better: @escaping (Int) -> Bool) throws
        -> [QueryGroup<Key, Value.QueryOperand?>] {
        let add: (inout StoreValue, Row) -> Void = { best, row in
            let value = row[field.position]
            if !value.isNull, best.isNull || better(StoreValue.compare(value, best)) { best = value }
        }
        return try typed(groups(order: order, limit: limit, reading: field.position, fieldName: field.name, pushing: pushing(function),
                                initial: StoreValue.null, add: add, finish: { $0 }, compare: StoreValue.compare)) {
            $0.isNull ? nil : try Value.QueryOperand(storeValue: $0)
        }
    }
}

extension GroupedQuery where Record: FilterableRecord {
    /// The sum of a field in each group: `sum(order: .valueDescending, limit: 10) { $0.coins }`.
    public func sum<Value>(order: GroupOrder = .keyAscending, limit: Int? = nil, _ field: (Record.QueryFields) -> QueryField<Record, Value>) throws
        -> [QueryGroup<Key, Value.QueryOperand.QuerySum?>] where Value.QueryOperand: SummableQueryValue {
        try sum(field(Record.queryFields), order: order, limit: limit)
    }
    /// The mean of a field in each group.
    public func average<Value>(order: GroupOrder = .keyAscending, limit: Int? = nil, _ field: (Record.QueryFields) -> QueryField<Record, Value>) throws
        -> [QueryGroup<Key, Double?>] where Value.QueryOperand: SummableQueryValue {
        try average(field(Record.queryFields), order: order, limit: limit)
    }
    /// The smallest value of a field in each group.
    public func min<Value>(order: GroupOrder = .keyAscending, limit: Int? = nil, _ field: (Record.QueryFields) -> QueryField<Record, Value>) throws
        -> [QueryGroup<Key, Value.QueryOperand?>] {
        try min(field(Record.queryFields), order: order, limit: limit)
    }
    /// The largest value of a field in each group.
    public func max<Value>(order: GroupOrder = .keyAscending, limit: Int? = nil, _ field: (Record.QueryFields) -> QueryField<Record, Value>) throws
        -> [QueryGroup<Key, Value.QueryOperand?>] {
        try max(field(Record.queryFields), order: order, limit: limit)
    }
}
