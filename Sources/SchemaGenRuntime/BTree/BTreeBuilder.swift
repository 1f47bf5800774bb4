/// Builds a ``BTree`` bottom-up from entries already in key order, in linear time.
///
/// Opening a store loads every tree from its snapshot this way: key and value bytes are copied
/// straight into packed leaves, with no key comparisons and no per-entry allocations, which is
/// what keeps opening a large store fast.
struct BTreeBuilder {
    private let generation: UInt64
    private var leaves: [BTreeNode] = []
    private var keyBytes: [UInt8] = []
    private var keyEnds: [UInt32] = []
    private var valueBytes: [UInt8] = []
    private var valueEnds: [UInt32] = []
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
        keyBytes.append(contentsOf: key)
        keyEnds.append(UInt32(keyBytes.count))
        valueBytes.append(contentsOf: value)
        valueEnds.append(UInt32(valueBytes.count))
        count += 1
        if keyEnds.count == BTree.maxLeafFill { flushLeaf() }
    }

    private mutating func flushLeaf() {
        leaves.append(BTreeNode(generation: generation, keyBytes: keyBytes, keyEnds: keyEnds, valueBytes: valueBytes, valueEnds: valueEnds))
        keyBytes = []; keyEnds = []; valueBytes = []; valueEnds = []
        keyEnds.reserveCapacity(BTree.maxLeafFill)
        valueEnds.reserveCapacity(BTree.maxLeafFill)
    }

    /// The finished tree.
    consuming func finish() -> BTree {
        if !keyEnds.isEmpty { flushLeaf() }
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
