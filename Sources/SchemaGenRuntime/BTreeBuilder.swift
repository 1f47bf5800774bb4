/// Builds a ``BTree`` bottom-up from entries already in key order, in linear time.
///
/// Opening a store loads every tree from its snapshot this way, with no key comparisons,
/// which is what keeps opening a large store fast.
struct BTreeBuilder {
    private let generation: UInt64
    private var leaves: [BTreeNode] = []
    private var keys: [[UInt8]] = []
    private var values: [[UInt8]] = []
    private var count = 0

    init(generation: UInt64) {
        self.generation = generation
        keys.reserveCapacity(BTree.maxFill)
        values.reserveCapacity(BTree.maxFill)
    }

    /// Appends the next entry; keys must arrive strictly increasing (checked by `checkInvariants`).
    mutating func append(_ key: [UInt8], _ value: [UInt8]) {
        keys.append(key)
        values.append(value)
        count += 1
        if keys.count == BTree.maxFill { flushLeaf() }
    }

    private mutating func flushLeaf() {
        leaves.append(BTreeNode(generation: generation, keys: keys, values: values, children: []))
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    /// The finished tree.
    consuming func finish() -> BTree {
        if !keys.isEmpty { flushLeaf() }
        guard !leaves.isEmpty else { return BTree() }
        Self.evenOutLast(&leaves)
        var level = leaves
        while level.count > 1 {
            var parents: [BTreeNode] = []
            var start = 0
            while start < level.count {
                let end = min(start + BTree.maxFill, level.count)
                let group = Array(level[start..<end])
                let separators = group.dropFirst().map { Self.smallestKey($0) }
                parents.append(BTreeNode(generation: generation, keys: Array(separators), values: [], children: group))
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
        return n.keys[0]
    }

    /// Moves entries from the second-to-last node into an underfull last node.
    private static func evenOutLast(_ nodes: inout [BTreeNode]) {
        guard nodes.count >= 2, let last = nodes.last, last.fill < BTree.minFill else { return }
        let prev = nodes[nodes.count - 2]
        let total = prev.fill + last.fill
        let half = total / 2
        if prev.isLeaf {
            let keys = prev.keys + last.keys, values = prev.values + last.values
            prev.keys = Array(keys[..<half]); prev.values = Array(values[..<half])
            last.keys = Array(keys[half...]); last.values = Array(values[half...])
        } else {
            let children = prev.children + last.children
            prev.children = Array(children[..<half])
            last.children = Array(children[half...])
            prev.keys = prev.children.dropFirst().map { smallestKey($0) }
            last.keys = last.children.dropFirst().map { smallestKey($0) }
        }
    }
}
