/// A sorted map from byte-string keys to byte-string values: a persistent B+tree.
///
/// A `BTree` value is a root plus an entry count, so copying it is an O(1) snapshot.
/// Mutations take a generation: nodes of that generation are changed in place, all others
/// are copied along the path (copy-on-write), leaving every earlier copy of the tree intact.
struct BTree: Sendable {
    /// Maximum keys in a leaf and children in an internal node.
    static let maxFill = 64
    /// Below this fill a non-root node is merged with or refilled from a sibling.
    static let minFill = maxFill / 4

    private(set) var root: BTreeNode?
    /// Number of entries.
    private(set) var count: Int = 0

    init() {}

    init(root: BTreeNode?, count: Int) {
        self.root = root
        self.count = count
    }

    var isEmpty: Bool { count == 0 }

    /// The value stored under `key`.
    func get(_ key: [UInt8]) -> [UInt8]? {
        guard var node = root else { return nil }
        while !node.isLeaf { node = node.children[node.childIndex(key)] }
        let (i, found) = node.lowerBound(key)
        return found ? node.values[i] : nil
    }

    /// Stores `value` under `key`; returns the value it replaced, if any.
    @discardableResult
    mutating func insert(_ key: [UInt8], _ value: [UInt8], generation: UInt64) -> [UInt8]? {
        guard let root else {
            self.root = BTreeNode(generation: generation, keys: [key], values: [value], children: [])
            count = 1
            return nil
        }
        var replaced: [UInt8]?
        let (node, split) = Self.insert(into: root, key, value, generation, &replaced)
        if let (separator, right) = split {
            self.root = BTreeNode(generation: generation, keys: [separator], values: [], children: [node, right])
        } else {
            self.root = node
        }
        if replaced == nil { count += 1 }
        return replaced
    }

    /// Removes `key`; returns the value it had, if any.
    @discardableResult
    mutating func remove(_ key: [UInt8], generation: UInt64) -> [UInt8]? {
        guard let root else { return nil }
        let (node, removed) = Self.remove(from: root, key, generation)
        guard removed != nil else { return nil }
        count -= 1
        var newRoot: BTreeNode? = node
        // A root left with one child or no keys shrinks the tree by a level.
        while let r = newRoot, !r.isLeaf, r.children.count == 1 { newRoot = r.children[0] }
        if let r = newRoot, r.isLeaf, r.keys.isEmpty { newRoot = nil }
        self.root = newRoot
        return removed
    }

    private static func insert(
        into node: BTreeNode, _ key: [UInt8], _ value: [UInt8], _ generation: UInt64, _ replaced: inout [UInt8]?
    ) -> (BTreeNode, ([UInt8], BTreeNode)?) {
        let n = node.writable(in: generation)
        if n.isLeaf {
            let (i, found) = n.lowerBound(key)
            if found {
                replaced = n.values[i]
                n.values[i] = value
                return (n, nil)
            }
            n.keys.insert(key, at: i)
            n.values.insert(value, at: i)
            guard n.keys.count > maxFill else { return (n, nil) }
            let mid = n.keys.count / 2
            let right = BTreeNode(generation: generation, keys: Array(n.keys[mid...]),
                                  values: Array(n.values[mid...]), children: [])
            n.keys.removeSubrange(mid...)
            n.values.removeSubrange(mid...)
            return (n, (right.keys[0], right))
        }
        let ci = n.childIndex(key)
        let (child, split) = insert(into: n.children[ci], key, value, generation, &replaced)
        n.children[ci] = child
        guard let (separator, newChild) = split else { return (n, nil) }
        n.keys.insert(separator, at: ci)
        n.children.insert(newChild, at: ci + 1)
        guard n.children.count > maxFill else { return (n, nil) }
        let mid = n.keys.count / 2
        let up = n.keys[mid]
        let right = BTreeNode(generation: generation, keys: Array(n.keys[(mid + 1)...]),
                              values: [], children: Array(n.children[(mid + 1)...]))
        n.keys.removeSubrange(mid...)
        n.children.removeSubrange((mid + 1)...)
        return (n, (up, right))
    }

    private static func remove(
        from node: BTreeNode, _ key: [UInt8], _ generation: UInt64
    ) -> (BTreeNode, [UInt8]?) {
        if node.isLeaf {
            let (i, found) = node.lowerBound(key)
            guard found else { return (node, nil) }
            let n = node.writable(in: generation)
            n.keys.remove(at: i)
            return (n, n.values.remove(at: i))
        }
        let ci = node.childIndex(key)
        let (child, removed) = remove(from: node.children[ci], key, generation)
        guard removed != nil else { return (node, nil) }
        let n = node.writable(in: generation)
        n.children[ci] = child
        if child.fill < minFill { rebalance(n, child: ci, generation) }
        return (n, removed)
    }

    /// Merges the underfull child `ci` with a sibling, or evens the two out when they don't fit in one node.
    private static func rebalance(_ parent: BTreeNode, child ci: Int, _ generation: UInt64) {
        guard parent.children.count > 1 else { return }
        let li = ci > 0 ? ci - 1 : ci
        let left = parent.children[li].writable(in: generation)
        let right = parent.children[li + 1].writable(in: generation)
        if left.isLeaf {
            let total = left.keys.count + right.keys.count
            if total <= maxFill {
                left.keys += right.keys
                left.values += right.values
                parent.children[li] = left
                parent.keys.remove(at: li)
                parent.children.remove(at: li + 1)
                return
            }
            let keys = left.keys + right.keys, values = left.values + right.values
            let half = total / 2
            left.keys = Array(keys[..<half]); left.values = Array(values[..<half])
            right.keys = Array(keys[half...]); right.values = Array(values[half...])
            parent.keys[li] = right.keys[0]
        } else {
            let separator = parent.keys[li]
            let total = left.children.count + right.children.count
            if total <= maxFill {
                left.keys += [separator] + right.keys
                left.children += right.children
                parent.children[li] = left
                parent.keys.remove(at: li)
                parent.children.remove(at: li + 1)
                return
            }
            let keys = left.keys + [separator] + right.keys, children = left.children + right.children
            let half = total / 2
            left.children = Array(children[..<half]); left.keys = Array(keys[..<(half - 1)])
            right.children = Array(children[half...]); right.keys = Array(keys[half...])
            parent.keys[li] = keys[half - 1]
        }
        parent.children[li] = left
        parent.children[li + 1] = right
    }
}
