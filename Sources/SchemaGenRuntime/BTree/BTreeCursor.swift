/// One end of a key range.
enum KeyBound: Sendable {
    case inclusive([UInt8])
    case exclusive([UInt8])

    var key: [UInt8] {
        switch self { case .inclusive(let k), .exclusive(let k): return k }
    }
}

/// A position in a ``BTree`` that walks entries in key order, forward or backward.
///
/// The cursor holds the path from the root to the current leaf. Because trees are
/// persistent, a cursor over a snapshot stays valid however the store changes meanwhile.
struct BTreeCursor {
    /// One level of the path: a node and the child (internal) or entry (leaf) index taken.
    /// A struct rather than a tuple so the array's type needs no runtime metadata lookup.
    private struct Step {
        let node: BTreeNode
        var index: Int
    }

    /// Internal nodes with the index of the child taken, then the leaf with the entry index.
    private var path: [Step] = []

    /// Whether the cursor is on an entry.
    var isValid: Bool { !path.isEmpty }
    var key: [UInt8] { let step = path[path.count - 1]; let n = step.node, i = step.index; return n.key(i) }
    var value: [UInt8] { let step = path[path.count - 1]; let n = step.node, i = step.index; return n.value(i) }

    /// Calls `body` with the current key's and value's bytes, without copying them.
    func withEntry<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let step = path[path.count - 1]; let n = step.node, i = step.index
        return try n.withKey(i) { key in try n.isLeaf && n.valueEnds.isEmpty ? body(key, UnsafeBufferPointer(start: nil, count: 0))
                                                                              : n.withValue(i) { try body(key, $0) } }
    }

    /// Calls `body` with the current value's bytes, without copying them.
    func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let step = path[path.count - 1]; let n = step.node, i = step.index
        return try n.withValue(i, body)
    }

    /// Walks from `node` down to the leaf that would hold `key`, recording each step.
    private mutating func descendToLeaf(from node: BTreeNode, toward key: [UInt8]) -> BTreeNode {
        var node = node
        while !node.isLeaf {
            let ci = node.childIndex(key)
            path.append(Step(node: node, index: ci))
            node = node.child(ci)
        }
        return node
    }

    /// A cursor on the first entry that is not below `bound` (the first entry when `bound` is nil).
    init(_ tree: BTree, atOrAfter bound: KeyBound?) {
        guard var node = tree.root else { return }
        path.reserveCapacity(8)
        guard let bound else {
            descendLeftmost(from: node)
            return
        }
        node = descendToLeaf(from: node, toward: bound.key)
        let key = bound.key
        var (i, found) = node.lowerBound(key)
        if found, case .exclusive = bound { i += 1 }
        path.append(Step(node: node, index: i))
        if i >= node.count { moveToNextLeaf() }
    }

    /// A cursor on the last entry that is not above `bound` (the last entry when `bound` is nil).
    init(_ tree: BTree, atOrBefore bound: KeyBound?) {
        guard var node = tree.root else { return }
        path.reserveCapacity(8)
        guard let bound else {
            descendRightmost(from: node)
            return
        }
        node = descendToLeaf(from: node, toward: bound.key)
        let key = bound.key
        let (lb, found) = node.lowerBound(key)
        var i = lb - 1
        if found, case .inclusive = bound { i = lb }
        path.append(Step(node: node, index: i))
        if i < 0 { moveToPreviousLeaf() }
    }

    /// Moves to the next entry in key order.
    mutating func next() {
        guard !path.isEmpty else { return }
        let i = path[path.count - 1].index
        if i + 1 < path[path.count - 1].node.count {
            path[path.count - 1].index = i + 1
        } else {
            moveToNextLeaf()
        }
    }

    /// Moves to the previous entry in key order.
    mutating func previous() {
        guard let i = path.last?.index else { return }
        if i > 0 {
            path[path.count - 1].index = i - 1
        } else {
            moveToPreviousLeaf()
        }
    }

    private mutating func moveToNextLeaf() {
        path.removeLast()
        while let step = path.popLast() {
            let node = step.node, ci = step.index
            if ci + 1 < node.children.count {
                path.append(Step(node: node, index: ci + 1))
                descendLeftmost(from: node.child(ci + 1))
                return
            }
        }
    }

    private mutating func moveToPreviousLeaf() {
        path.removeLast()
        while let step = path.popLast() {
            let node = step.node, ci = step.index
            if ci > 0 {
                path.append(Step(node: node, index: ci - 1))
                descendRightmost(from: node.child(ci - 1))
                return
            }
        }
    }

    private mutating func descendLeftmost(from start: BTreeNode) {
        var node = start
        while !node.isLeaf {
            path.append(Step(node: node, index: 0))
            node = node.child(0)
        }
        path.append(Step(node: node, index: 0))
        if node.count == 0 { path.removeAll() }
    }

    private mutating func descendRightmost(from start: BTreeNode) {
        var node = start
        while !node.isLeaf {
            path.append(Step(node: node, index: node.children.count - 1))
            node = node.child(node.children.count - 1)
        }
        path.append(Step(node: node, index: node.count - 1))
        if node.count == 0 { path.removeAll() }
    }
}

/// Iterates the entries of a tree between two bounds in either direction.
struct BTreeRangeIterator: IteratorProtocol {
    private var cursor: BTreeCursor
    private let lower: KeyBound?
    private let upper: KeyBound?
    private let reverse: Bool

    init(_ tree: BTree, lower: KeyBound?, upper: KeyBound?, reverse: Bool) {
        self.lower = lower
        self.upper = upper
        self.reverse = reverse
        cursor = reverse ? BTreeCursor(tree, atOrBefore: upper) : BTreeCursor(tree, atOrAfter: lower)
    }

    /// Entries within `prefix`, i.e. keys that start with it.
    init(_ tree: BTree, prefix: [UInt8], reverse: Bool) {
        let upper = ByteOrder.successor(ofPrefix: prefix).map(KeyBound.exclusive)
        self.init(tree, lower: .inclusive(prefix), upper: upper, reverse: reverse)
    }

    mutating func next() -> (key: [UInt8], value: [UInt8])? {
        guard let key = nextKeyInRange() else { return nil }
        let value = cursor.value
        advance()
        return (key, value)
    }

    /// The next key only, skipping the copy of its value.
    mutating func nextKey() -> [UInt8]? {
        guard let key = nextKeyInRange() else { return nil }
        advance()
        return key
    }

    /// Calls `body` with the next value's bytes (not copied); nil at the end of the range.
    mutating func nextValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try nextEntry { _, value in try body(value) }
    }

    /// Calls `body` with the next entry's key and value bytes (not copied); nil at the end of the range.
    mutating func nextEntry<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard cursor.isValid else { return nil }
        let (lower, upper, reverse) = (self.lower, self.upper, self.reverse)
        let result: R?? = try cursor.withEntry { key, value in
            if reverse, let lower {
                let c = lower.key.withUnsafeBufferPointer { ByteOrder.compare(key.baseAddress, key.count, $0) }
                if c < 0 { return nil }
                if c == 0, case .exclusive = lower { return nil }
            } else if !reverse, let upper {
                let c = upper.key.withUnsafeBufferPointer { ByteOrder.compare(key.baseAddress, key.count, $0) }
                if c > 0 { return nil }
                if c == 0, case .exclusive = upper { return nil }
            }
            return .some(try body(key, value))
        }
        guard let result else { return nil }
        advance()
        return result
    }

    private mutating func advance() {
        if reverse { cursor.previous() } else { cursor.next() }
    }

    /// The cursor's key if it is still within the range.
    private func nextKeyInRange() -> [UInt8]? {
        guard cursor.isValid else { return nil }
        let key = cursor.key
        if reverse {
            if let lower {
                let c = ByteOrder.compare(key, lower.key)
                if c < 0 { return nil }
                if c == 0, case .exclusive = lower { return nil }
            }
        } else if let upper {
            let c = ByteOrder.compare(key, upper.key)
            if c > 0 { return nil }
            if c == 0, case .exclusive = upper { return nil }
        }
        return key
    }
}
