import Foundation

/// The planner's work for one filter shape, kept per store so a query asked again with other
/// values skips it: the candidates (``QueryPlanner/candidates(_:scope:)``) as templates that take
/// their values from the query's own terms, and how the store's estimates ranked them.
///
/// Only shapes whose plan cannot depend on the values are kept: every `&&` term a comparison
/// with a non-null value, at most one equality, one lower and one upper bound per column, and
/// scope columns no equality names. A kept plan is used only while the schema's table and every
/// tree of the table are the ones it was made with: any commit to the table, or a store opened
/// with another schema, plans again. Counting entries to tell candidates apart stays per query
/// (it depends on the values).
final class KeptPlans: @unchecked Sendable {
    /// The most shapes kept; past it the oldest half is dropped (shapes come from code, so a
    /// program has few).
    static let capacity = 256

    struct Shape: Hashable {
        let table: String
        /// Per term: its column position × 8 + its comparison's code; then per scope column:
        /// its position × 8 + 7.
        let terms: [Int]
    }

    /// A ``QueryPlanner/Choice`` with, in place of values, where they come from: a term's index
    /// (≥ 0) or a scope column's (−1 − i).
    struct Template {
        let index: String?
        let columns: [Int]
        let prefixSources: [Int]
        let lowerSource: Int?
        let upperSource: Int?
        let rangeColumn: Int?
        let descending: Bool
    }

    struct Plan {
        weak var table: ResolvedTable?
        /// The table's trees when planned (primary first); weak, so a kept plan never keeps an old tree.
        let roots: [WeakNode]
        let templates: [Template]
        let ranking: PlanRanking
    }

    struct WeakNode {
        weak var node: BTreeNode?
        let wasEmpty: Bool
    }

    private let lock = NSLock()
    private var plans: [Shape: Plan] = [:]
    private var order: [Shape] = []
    private(set) var reuses = 0

    /// How many shapes are kept and how many times a kept plan was used (for tests).
    var work: (kept: Int, reused: Int) { lock.withLock { (plans.count, reuses) } }

    /// The kept plan of `shape` if it was made for `table` with the trees `trees` has now.
    func plan(_ shape: Shape, table: ResolvedTable, trees: TableState) -> Plan? {
        lock.withLock {
            guard let plan = plans[shape], plan.table === table, plan.roots.count == trees.indexes.count + 1 else { return nil }
            for (i, kept) in plan.roots.enumerated() {
                let root = i == 0 ? trees.primary.root : trees.indexes[i - 1].root
                if kept.wasEmpty ? root != nil : (kept.node == nil || kept.node !== root) { return nil }
            }
            reuses += 1
            return plan
        }
    }

    func keep(_ shape: Shape, table: ResolvedTable, trees: TableState, templates: [Template], ranking: PlanRanking) {
        let roots = ([trees.primary] + trees.indexes).map { WeakNode(node: $0.root, wasEmpty: $0.root == nil) }
        lock.withLock {
            if plans[shape] == nil {
                if order.count >= Self.capacity {
                    for old in order.prefix(Self.capacity / 2) { plans[old] = nil }
                    order.removeFirst(Self.capacity / 2)
                }
                order.append(shape)
            }
            plans[shape] = Plan(table: table, roots: roots, templates: templates, ranking: ranking)
        }
    }

    /// The shape of `conjuncts` and `scope` on `table`, nil when a plan for it could depend on
    /// the values (see the type's documentation).
    static func shape<Record>(_ conjuncts: [QueryFilter<Record>], scope: Scope?, table: String) -> Shape? {
        var terms: [Int] = []
        terms.reserveCapacity(conjuncts.count + (scope?.positions.count ?? 0))
        for conjunct in conjuncts {
            guard case .compare(let column, let comparison, let value) = conjunct, !value.isNull else { return nil }
            let code: Int
            switch comparison {
            case .equal: code = 1
            case .notEqual: code = 2
            case .greater: code = 3
            case .greaterOrEqual: code = 4
            case .less: code = 5
            case .lessOrEqual: code = 6
            }
            terms.append(column.position * 8 + code)
        }
        if let scope { for position in scope.positions { terms.append(position * 8 + 7) } }
        // One equality (or scope column), one lower and one upper bound per column at most: a
        // linear check, the lists are short.
        func kind(_ term: Int) -> Int {
            switch term % 8 {
            case 1, 7: return 1
            case 3, 4: return 3
            case 5, 6: return 5
            default: return 0
            }
        }
        for i in terms.indices where kind(terms[i]) != 0 {
            for j in terms.indices where j > i && terms[j] / 8 == terms[i] / 8 && kind(terms[j]) == kind(terms[i]) { return nil }
        }
        return Shape(table: table, terms: terms)
    }
}

/// How the planner chose among candidates that bound a scan equally well.
enum PlanRanking {
    /// One candidate, or none bounded: no choice to make.
    case single
    /// The store's estimates named one clearly narrower: the candidate at this position.
    case estimated(Int)
    /// Each one's entries are counted, in this order of candidates.
    case counted([Int])
}

extension KeptPlans.Template {
    /// The template of `choice` made from `conjuncts` and `scope` (of a kept shape), nil when a
    /// value of it comes from no term.
    init?<Record>(_ choice: QueryPlanner.Choice, orders: [ColumnOrder], conjuncts: [QueryFilter<Record>], scope: Scope?) {
        guard choice.probes.isEmpty else { return nil }
        func source(equalTo position: Int) -> Int? {
            if let i = conjuncts.firstIndex(where: { if case .compare(let c, .equal, _) = $0 { return c.position == position } else { return false } }) {
                return i
            }
            return scope?.positions.firstIndex(of: position).map { -1 - $0 }
        }
        var prefixSources: [Int] = []
        for column in choice.columns.prefix(choice.prefix.count) {
            guard let source = source(equalTo: column) else { return nil }
            prefixSources.append(source)
        }
        var lowerSource: Int?, upperSource: Int?
        if let range = choice.rangeColumn {
            lowerSource = conjuncts.firstIndex {
                if case .compare(let c, let op, _) = $0 { return c.position == range && (op == .greater || op == .greaterOrEqual) }
                return false
            }
            upperSource = conjuncts.firstIndex {
                if case .compare(let c, let op, _) = $0 { return c.position == range && (op == .less || op == .lessOrEqual) }
                return false
            }
        }
        self.init(index: choice.index, columns: choice.columns, prefixSources: prefixSources, lowerSource: lowerSource, upperSource: upperSource,
                  rangeColumn: choice.rangeColumn, descending: choice.rangeColumn.map { _ in orders[choice.prefix.count] == .descending } ?? false)
    }

    /// The choice with the values of `conjuncts` and `scope` (of the template's shape).
    func choice<Record>(_ conjuncts: [QueryFilter<Record>], scope: Scope?) -> QueryPlanner.Choice {
        func value(_ source: Int) -> StoreValue {
            if source < 0 { return scope!.values[-1 - source] }
            guard case .compare(_, _, let value) = conjuncts[source] else { preconditionFailure("a kept plan's term is a comparison") }
            return value
        }
        func end(_ source: Int?) -> (StoreValue, Bool)? {
            guard let source, case .compare(_, let op, let value) = conjuncts[source] else { return nil }
            return (value, op == .greaterOrEqual || op == .lessOrEqual)
        }
        var choice = QueryPlanner.Choice(index: index, columns: columns, prefix: prefixSources.map(value))
        if rangeColumn != nil {
            let bounds = QueryPlanner.bounds(lower: end(lowerSource), upper: end(upperSource), descending: descending)
            choice.from = bounds.from
            choice.to = bounds.to
            choice.rangeColumn = rangeColumn
        }
        return choice
    }
}
