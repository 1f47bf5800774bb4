/// One node of a copy-on-write B+tree: a leaf holding sorted keys with their values, or an
/// internal node holding separator keys between its children.
///
/// Nodes are shared between snapshots, so they are immutable once published. The only
/// node a writer may change in place is one whose `generation` equals the generation of
/// the open write transaction: such a node was created by that transaction and is not yet
/// reachable from any published snapshot. That rule is what makes `@unchecked Sendable` sound.
final class BTreeNode: @unchecked Sendable {
    /// The write generation (savepoint) that created this node.
    let generation: UInt64
    /// Leaf: the entry keys. Internal: `children.count - 1` separators; child `i` holds keys
    /// `k` with `keys[i-1] <= k < keys[i]`.
    var keys: [[UInt8]]
    /// Leaf only: the value of each key.
    var values: [[UInt8]]
    /// Internal only: the subtrees.
    var children: [BTreeNode]

    init(generation: UInt64, keys: [[UInt8]], values: [[UInt8]], children: [BTreeNode]) {
        self.generation = generation
        self.keys = keys
        self.values = values
        self.children = children
    }

    var isLeaf: Bool { children.isEmpty }

    /// Entries for fill-factor purposes: keys in a leaf, children in an internal node.
    var fill: Int { isLeaf ? keys.count : children.count }

    /// This node if `generation` may change it in place, otherwise a copy owned by `generation`.
    @inline(__always)
    func writable(in generation: UInt64) -> BTreeNode {
        if self.generation == generation { return self }
        return BTreeNode(generation: generation, keys: keys, values: values, children: children)
    }

    /// The first position whose key is `>= key`, and whether that key equals `key`.
    @inline(__always)
    func lowerBound(_ key: [UInt8]) -> (index: Int, found: Bool) {
        var lo = 0
        var hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let c = ByteOrder.compare(keys[mid], key)
            if c < 0 {
                lo = mid + 1
            } else if c == 0 {
                return (mid, true)
            } else {
                hi = mid
            }
        }
        return (lo, false)
    }

    /// The child of an internal node that covers `key`: the number of separators `<= key`.
    @inline(__always)
    func childIndex(_ key: [UInt8]) -> Int {
        var lo = 0
        var hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ByteOrder.compare(keys[mid], key) <= 0 { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
