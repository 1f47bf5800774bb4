/// A sorted map from byte-string keys to byte-string values: a persistent B+tree.
///
/// A `BTree` value is a root plus an entry count, so copying it is an O(1) snapshot.
/// Mutations take a generation: nodes of that generation are changed in place, all others
/// are copied along the path (copy-on-write), leaving every earlier copy of the tree intact.
struct BTree: Sendable {
    /// Maximum keys in a leaf. Leaves stay small so copying one for copy-on-write is cheap.
    static let maxLeafFill = 64
    /// Maximum children of an internal node. Wider nodes make trees shallower (fewer cache
    /// misses per lookup) but every commit copies its path, and copying an internal node
    /// retains each child; 128 and 256 measured faster reads but slower commits than 64.
    static let maxInternalFill = 64

    /// The most entries a node of this kind holds.
    @inline(__always)
    static func maxFill(_ node: BTreeNode) -> Int { node.isLeaf ? maxLeafFill : maxInternalFill }

    /// Below this fill a non-root node is merged with or refilled from a sibling.
    @inline(__always)
    static func minFill(_ node: BTreeNode) -> Int { maxFill(node) / 4 }

    private(set) var root: BTreeNode?
    /// Number of entries.
    private(set) var count: Int = 0
    /// The page checkpoint this tree's page records were read from, registered while the tree
    /// (or a copy, or a cursor over it) lives, so no checkpoint reuses the pages under it
    /// (``CheckpointReaders``); nil for a tree wholly in memory.
    var checkpointPin: CheckpointPin?

    init() {}

    init(root: BTreeNode?, count: Int, checkpointPin: CheckpointPin? = nil) {
        self.root = root
        self.count = count
        self.checkpointPin = checkpointPin
    }

    var isEmpty: Bool { count == 0 }

    /// The leaf and position holding `key`, if present.
    @inline(__always)
    private func find(_ key: [UInt8]) -> (BTreeNode, Int)? {
        guard var node = root else { return nil }
        while !node.isLeaf { node = node.child(node.childIndex(key)) }
        let (i, found) = node.lowerBound(key)
        return found ? (node, i) : nil
    }

    /// The value stored under `key`.
    func get(_ key: [UInt8]) -> [UInt8]? {
        find(key).map { $0.0.value($0.1) }
    }

    /// Whether `key` is present.
    func contains(_ key: [UInt8]) -> Bool { find(key) != nil }

    /// Calls `body` with the value stored under `key`, without copying it.
    func withValue<R>(forKey key: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try key.withUnsafeBufferPointer { try withValue(forKey: $0, body) }
    }

    /// Calls `body` with the value stored under the borrowed `key`, copying neither.
    ///
    /// Below the first node that lies in a page file (a stub), the rest of the descent reads
    /// the nodes in place in the file's map (``PageFile/withMappedValue(forKey:below:_:)``).
    ///
    /// The in-memory nodes are walked unretained: the tree holds its root for the call and each
    /// node its children (published nodes never change), so no level's node needs a reference of
    /// its own. A retain is an atomic read-modify-write of the node's first cache line, which on
    /// x86 also waits for every load before it: retaining each level made the misses of a row
    /// fetch, and of the read-ahead's loads, follow one another (docs/storage.md, "Row fetches
    /// from the page file"). A node read through the cache is held in `resolved`, as nothing else holds it.
    func withValue<R>(forKey key: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard let root else { return nil }
        var node = Unmanaged.passUnretained(root)
        var resolved: BTreeNode?
        while true {
            guard let child = node._withUnsafeGuaranteedRef({ $0.isLeaf ? nil : Self.child(of: $0, toward: key) }) else { break }
            // The stub's reference is read in place (a copy would retain its file).
            let lookup = try child._withUnsafeGuaranteedRef { stub -> PageFile.MappedLookup<R>? in
                guard stub.isStub else { return nil }
                return try stub.page.map { try $0.file.withMappedValue(forKey: key, below: $0, body) }
            }
            guard let lookup else {
                node = child
                continue
            }
            switch lookup {
            case .found(let result): return result
            case .absent: return nil
            case .unavailable:
                let read = child._withUnsafeGuaranteedRef { $0.resolved() }
                resolved = read
                node = Unmanaged.passUnretained(read)
            }
        }
        return try withExtendedLifetime(resolved) {
            try node._withUnsafeGuaranteedRef { leaf in
                let (i, found) = leaf.lowerBound(key)
                return found ? try leaf.withValue(i, body) : nil
            }
        }
    }

    /// The child of the internal node `node` that covers `key`, unretained (`node` holds it).
    @inline(__always)
    static func child(of node: BTreeNode, toward key: UnsafeBufferPointer<UInt8>) -> Unmanaged<BTreeNode> {
        let i = node.childIndex(key)
        return node.children.withUnsafeBufferPointer { Unmanaged.passUnretained($0[i]) }
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
        while let r = newRoot, !r.isLeaf, r.children.count == 1 { newRoot = r.child(0) }
        if let r = newRoot, r.isLeaf, r.count == 0 { newRoot = nil }
        self.root = newRoot
        return removed
    }

    private static func insert(
        into node: BTreeNode, _ key: [UInt8], _ value: [UInt8], _ generation: UInt64, _ replaced: inout [UInt8]?
    ) -> (BTreeNode, ([UInt8], BTreeNode)?) {
        if node.isLeaf {
            let (i, found) = node.lowerBound(key)
            let n = node.writable(in: generation)
            if found {
                replaced = n.replaceValue(at: i, with: value)
                return (n, nil)
            }
            n.insert(key: key, value: value, at: i)
            guard n.count > maxLeafFill else { return (n, nil) }
            let right = n.splitLeaf(from: n.count / 2, generation: generation)
            return (n, (right.key(0), right))
        }
        let ci = node.childIndex(key)
        let (child, split) = insert(into: node.child(ci), key, value, generation, &replaced)
        let n = node.writable(in: generation)
        n.children[ci] = child
        guard let (separator, newChild) = split else { return (n, nil) }
        n.insert(key: separator, value: nil, at: ci)
        n.children.insert(newChild, at: ci + 1)
        guard n.children.count > maxInternalFill else { return (n, nil) }
        let (up, right) = n.splitInternal(at: n.count / 2, generation: generation)
        return (n, (up, right))
    }

    private static func remove(
        from node: BTreeNode, _ key: [UInt8], _ generation: UInt64
    ) -> (BTreeNode, [UInt8]?) {
        if node.isLeaf {
            let (i, found) = node.lowerBound(key)
            guard found else { return (node, nil) }
            let n = node.writable(in: generation)
            return (n, n.remove(at: i))
        }
        let ci = node.childIndex(key)
        let (child, removed) = remove(from: node.child(ci), key, generation)
        guard removed != nil else { return (node, nil) }
        let n = node.writable(in: generation)
        n.children[ci] = child
        if child.fill < minFill(child) { rebalance(n, child: ci, generation) }
        return (n, removed)
    }

    /// Merges the underfull child `ci` with a sibling, or evens the two out when they don't fit
    /// in one node. Rare, so it works on unpacked key lists for clarity.
    static func rebalance(_ parent: BTreeNode, child ci: Int, _ generation: UInt64) {
        guard parent.children.count > 1 else { return }
        let li = ci > 0 ? ci - 1 : ci
        let left = parent.child(li).writable(in: generation)
        let right = parent.child(li + 1).writable(in: generation)
        parent.children[li] = left
        parent.children[li + 1] = right
        if left.isLeaf {
            let keys = left.allKeys + right.allKeys, values = left.allValues + right.allValues
            if keys.count <= maxLeafFill {
                left.setEntries(keys: keys, values: values)
                parent.remove(at: li)
                parent.children.remove(at: li + 1)
                return
            }
            let half = keys.count / 2
            left.setEntries(keys: Array(keys[..<half]), values: Array(values[..<half]))
            right.setEntries(keys: Array(keys[half...]), values: Array(values[half...]))
            parent.replaceKey(at: li, with: keys[half])
        } else {
            let keys = left.allKeys + [parent.key(li)] + right.allKeys, children = left.children + right.children
            if children.count <= maxInternalFill {
                left.setEntries(keys: keys, values: [])
                left.children = children
                parent.remove(at: li)
                parent.children.remove(at: li + 1)
                return
            }
            let half = children.count / 2
            left.children = Array(children[..<half]); left.setEntries(keys: Array(keys[..<(half - 1)]), values: [])
            right.children = Array(children[half...]); right.setEntries(keys: Array(keys[half...]), values: [])
            parent.replaceKey(at: li, with: keys[half - 1])
        }
    }
}
