import Foundation

/// Estimates of how many entries of an index (or of the primary key) share one value of its
/// leading columns, sampled from the tree and kept per store: what lets the planner tell
/// equally bounded indexes apart without counting their entries on every query.
///
/// A sample reads up to ``sampledLeaves`` leaves spread evenly over the tree (every entry when
/// the tree is small) and counts how often the first k columns change between neighbouring
/// keys: one change per n neighbours means about n entries per value (SQLite's `sqlite_stat1`
/// average, estimated rather than computed by a full scan). Averages miss skew (one chat
/// holding most messages), so the planner decides by them only when one candidate is clearly
/// narrower, and counts entries otherwise. Kept estimates are reused while the tree is the one
/// sampled or its entry count stays within an eighth of the sampled count; stale estimates can
/// only make the planner pick a wider index, never change a query's rows.
final class PlannerStatistics: @unchecked Sendable {
    /// The most leaves one sample reads.
    static let sampledLeaves = 32
    /// Trees with at most this many entries are read whole.
    static let wholeTreeLimit = 2048

    private struct Key: Hashable {
        let table: Int
        /// The index position, nil for the primary key.
        let index: Int?
    }

    private struct Estimate {
        /// The tree sampled; weak so a kept estimate never keeps an old tree in memory.
        weak var root: BTreeNode?
        let count: Int
        /// Element k-1: about how many entries share one value of the first k columns.
        let entriesPerValue: [Double]
    }

    private let lock = NSLock()
    /// The planner's work kept per filter shape, reused while the table is unchanged.
    let plans = KeptPlans()
    private var estimates: [Key: Estimate] = [:]
    private var samplesTaken = 0
    private var keysSampled = 0

    /// How many trees were sampled and how many keys those samples read (for tests: a kept
    /// estimate is reused, and sampling stays bounded).
    var work: (samples: Int, keys: Int) { lock.withLock { (samplesTaken, keysSampled) } }

    /// About how many entries of `tree` (the primary key of table `table` when `index` is nil)
    /// share one value of its first k key columns, for k = 1…`orders.count` (element k-1);
    /// `orders` are those columns' orders.
    func entriesPerValue(of tree: BTree, table: Int, index: Int?, orders: [ColumnOrder]) -> [Double] {
        let key = Key(table: table, index: index)
        let count = tree.count
        if let kept = lock.withLock({ estimates[key] }), kept.entriesPerValue.count == orders.count,
           (kept.root != nil && kept.root === tree.root) || abs(count - kept.count) * 8 <= kept.count {
            return kept.entriesPerValue
        }
        let sample = Self.sample(tree, orders: orders)
        // No change of the first k columns seen: at least every pair sampled shares one value.
        let perValue = sample.changes.map { changes in
            Swift.max(1, Swift.min(Double(count), changes == 0 ? Double(sample.pairs + 1) : Double(sample.pairs) / Double(changes)))
        }
        lock.withLock {
            estimates[key] = Estimate(root: tree.root, count: count, entriesPerValue: perValue)
            samplesTaken += 1
            keysSampled += sample.keys
        }
        return perValue
    }

    /// Neighbouring key pairs read, and per k how many of them differ in their first k columns.
    static func sample(_ tree: BTree, orders: [ColumnOrder]) -> (pairs: Int, changes: [Int], keys: Int) {
        var pairs = 0, keys = 0
        var changes = [Int](repeating: 0, count: orders.count)
        var previous: [UInt8] = [], previousEnds: [Int] = []
        /// Compares each key of a run of neighbours with the one before it.
        func read(_ key: UnsafeBufferPointer<UInt8>, first: Bool) {
            keys += 1
            var ends: [Int] = []
            var position = 0
            for order in orders {
                // A key that does not decode ends the columns compared (verify reports it).
                guard (try? IndexKeyDecoder.value(key, at: &position, order: order)) != nil else { break }
                ends.append(position)
            }
            if !first {
                pairs += 1
                for k in orders.indices {
                    let same = k < ends.count && k < previousEnds.count && ends[k] == previousEnds[k]
                        && previous.prefix(ends[k]).elementsEqual(key.prefix(ends[k]))
                    if !same { changes[k] += 1 }
                }
            }
            previous = Array(key)
            previousEnds = ends
        }
        guard let root = tree.root else { return (0, changes, 0) }
        if tree.count <= wholeTreeLimit {
            var entries = BTreeRangeIterator(tree, lower: nil, upper: nil, reverse: false)
            var first = true
            while entries.nextEntry({ key, _ in read(key, first: first) }) != nil { first = false }
            return (pairs, changes, keys)
        }
        // Leaf j of n is reached by following, at each level, the child at fraction (j + ½)/n
        // of the node's children: the leaves read are spread evenly over the key space.
        var seen = Set<ObjectIdentifier>()
        for j in 0..<sampledLeaves {
            var node = root
            var fraction = (Double(j) + 0.5) / Double(sampledLeaves)
            while !node.isLeaf {
                let position = fraction * Double(node.children.count)
                let child = Swift.min(node.children.count - 1, Int(position))
                fraction = position - Double(child)
                node = node.child(child)
            }
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            for i in 0..<node.count { node.withKey(i) { read($0, first: i == 0) } }
        }
        return (pairs, changes, keys)
    }
}

extension Query {
    /// The index the planner chooses for this query (nil: the primary key) and how many entries
    /// it counted to choose it, for a caller reading whole records or, with `reading`, a count or
    /// aggregate reading those row positions: what tests read to prove that planning's counting
    /// is bounded.
    func planningWork(reading: Set<Int>? = nil) throws -> (index: String?, entriesCounted: Int) {
        try access.withSnapshot { snapshot in
            let statistics = ScanStatistics()
            let query = try resolved(in: snapshot, reading: reading, statistics: statistics)
            return (query.index, statistics.entriesCounted)
        }
    }
}
