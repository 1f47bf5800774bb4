/// Builds a ``BTree`` bottom-up from entries already in key order, in linear time.
///
/// Opening a store loads every tree from its snapshot this way: key and value bytes are copied
/// straight into each leaf's region, with no key comparisons and no per-entry allocations, which
/// is what keeps opening a large store fast.
struct BTreeBuilder {
    private let generation: UInt64
    private var leaves: [BTreeNode] = []
    /// The leaf being filled.
    private var leaf: BTreeNode?
    private var count = 0

    init(generation: UInt64) {
        self.generation = generation
    }

    /// Appends the next entry; keys must arrive strictly increasing (checked by `checkInvariants`).
    mutating func append(_ key: [UInt8], _ value: [UInt8]) {
        key.withUnsafeBufferPointer { k in value.withUnsafeBufferPointer { v in append(k, v) } }
    }

    /// Appends the next entry from borrowed bytes.
    mutating func append(_ key: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) {
        let leaf = self.leaf ?? newLeaf()
        leaf.append(key, value)
        count += 1
        if leaf.count == BTree.maxLeafFill {
            leaves.append(leaf)
            self.leaf = nil
        }
    }

    /// An empty leaf sized like the last full one (entries of one tree are mostly alike), so
    /// filling it rarely moves its region.
    private mutating func newLeaf() -> BTreeNode {
        let last = leaves.last
        let leaf = BTreeNode(generation: generation, isLeaf: true, entryCapacity: BTree.maxLeafFill,
                             keyByteCapacity: last.map { $0.keyByteCount + $0.keyByteCount / 8 } ?? 0,
                             valueByteCapacity: last.map { $0.valueByteCount + $0.valueByteCount / 8 } ?? 0)
        self.leaf = leaf
        return leaf
    }

    /// The finished tree.
    consuming func finish() -> BTree {
        if let leaf { leaves.append(leaf) }
        guard !leaves.isEmpty else { return BTree() }
        Self.evenOutLast(&leaves)
        var level = leaves
        while level.count > 1 {
            var parents: [BTreeNode] = []
            var start = 0
            while start < level.count {
                let end = min(start + BTree.maxInternalFill, level.count)
                let group = Array(level[start..<end])
                parents.append(BTreeNode(generation: generation, keys: group.dropFirst().map(Self.smallestKey), values: [], children: group))
                start = end
            }
            Self.evenOutLast(&parents)
            level = parents
        }
        return BTree(root: level[0], count: count)
    }

    private static func smallestKey(_ node: BTreeNode) -> [UInt8] {
        var n = node
        while !n.isLeaf { n = n.children[0] }
        return n.key(0)
    }

    /// Moves entries from the second-to-last node into an underfull last node.
    private static func evenOutLast(_ nodes: inout [BTreeNode]) {
        guard nodes.count >= 2, let last = nodes.last, last.fill < BTree.minFill(last) else { return }
        let prev = nodes[nodes.count - 2]
        let half = (prev.fill + last.fill) / 2
        if prev.isLeaf {
            let keys = prev.allKeys + last.allKeys, values = prev.allValues + last.allValues
            prev.setEntries(keys: Array(keys[..<half]), values: Array(values[..<half]))
            last.setEntries(keys: Array(keys[half...]), values: Array(values[half...]))
        } else {
            let children = prev.children + last.children
            prev.children = Array(children[..<half])
            last.children = Array(children[half...])
            prev.setEntries(keys: prev.children.dropFirst().map(smallestKey), values: [])
            last.setEntries(keys: last.children.dropFirst().map(smallestKey), values: [])
        }
    }
}
