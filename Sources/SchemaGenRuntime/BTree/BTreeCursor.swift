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
/// Nodes that lie in a page file read through a map are walked in place (``BTreeCursorStep``);
/// a damaged one ends the walk, its fault recorded for the caller to throw (``PageFaults``).
struct BTreeCursor {
    /// Internal nodes with the index of the child taken, then the leaf with the entry index.
    private var path: [BTreeCursorStep] = []
    /// The tree's registration: the path may lie in pages a checkpoint would otherwise reuse.
    private var checkpointPin: CheckpointPin?

    /// Whether the cursor is on an entry.
    var isValid: Bool { !path.isEmpty }
    var key: [UInt8] { withEntry { key, _ in Array(key) } }
    var value: [UInt8] { withEntry { _, value in Array(value) } }
    /// Whether the current leaf is read in place in a page file's map (for tests).
    var isInPlace: Bool { path.last?.isInPlace ?? false }

    /// Calls `body` with the current key's and value's bytes, without copying them.
    @inline(__always)
    func withEntry<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try path[path.count - 1].withEntry(body)
    }

    /// Calls `body` with the current value's bytes, without copying them.
    func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withEntry { _, value in try body(value) }
    }

    /// Walks from `step` down to the leaf that would hold `key`, recording each step; nil at a damaged node.
    private mutating func descendToLeaf(from step: BTreeCursorStep, toward key: [UInt8]) -> BTreeCursorStep? {
        var step = step
        while !step.isLeaf {
            step.index = step.search(key, upper: true).index
            path.append(step)
            guard let child = step.child(step.index) else { return nil }
            step = child
        }
        return step
    }

    /// A cursor on the first entry that is not below `bound` (the first entry when `bound` is nil).
    init(_ tree: BTree, atOrAfter bound: KeyBound?) {
        checkpointPin = tree.checkpointPin
        guard let root = tree.root else { return }
        path.reserveCapacity(8)
        guard let bound else {
            descendLeftmost(from: BTreeCursorStep(root))
            return
        }
        guard var leaf = descendToLeaf(from: BTreeCursorStep(root), toward: bound.key) else {
            path.removeAll()
            return
        }
        var (i, found) = leaf.search(bound.key, upper: false)
        if found, case .exclusive = bound { i += 1 }
        leaf.index = i
        path.append(leaf)
        if i >= leaf.positions { moveToNextLeaf() }
    }

    /// A cursor on the last entry that is not above `bound` (the last entry when `bound` is nil).
    init(_ tree: BTree, atOrBefore bound: KeyBound?) {
        checkpointPin = tree.checkpointPin
        guard let root = tree.root else { return }
        path.reserveCapacity(8)
        guard let bound else {
            descendRightmost(from: BTreeCursorStep(root))
            return
        }
        guard var leaf = descendToLeaf(from: BTreeCursorStep(root), toward: bound.key) else {
            path.removeAll()
            return
        }
        let (lb, found) = leaf.search(bound.key, upper: false)
        var i = lb - 1
        if found, case .inclusive = bound { i = lb }
        leaf.index = i
        path.append(leaf)
        if i < 0 { moveToPreviousLeaf() }
    }

    /// Moves to the next entry in key order.
    mutating func next() {
        guard !path.isEmpty else { return }
        let last = path.count - 1
        if path[last].index + 1 < path[last].positions {
            path[last].index += 1
        } else {
            moveToNextLeaf()
        }
    }

    /// Moves to the previous entry in key order.
    mutating func previous() {
        guard !path.isEmpty else { return }
        let last = path.count - 1
        if path[last].index > 0 {
            path[last].index -= 1
        } else {
            moveToPreviousLeaf()
        }
    }

    private mutating func moveToNextLeaf() {
        path.removeLast()
        while !path.isEmpty {
            let last = path.count - 1
            if path[last].index + 1 < path[last].positions {
                path[last].index += 1
                descendLeftmost(from: path[last].child(path[last].index))
                return
            }
            path.removeLast()
        }
    }

    private mutating func moveToPreviousLeaf() {
        path.removeLast()
        while !path.isEmpty {
            let last = path.count - 1
            if path[last].index > 0 {
                path[last].index -= 1
                descendRightmost(from: path[last].child(path[last].index))
                return
            }
            path.removeLast()
        }
    }

    /// Descends to the first entry under `start`; a damaged node (nil) or an empty leaf ends the walk.
    private mutating func descendLeftmost(from start: BTreeCursorStep?) {
        guard var step = start else { return path.removeAll() }
        while !step.isLeaf {
            step.index = 0
            path.append(step)
            guard let child = step.child(0) else { return path.removeAll() }
            step = child
        }
        step.index = 0
        path.append(step)
        if step.positions == 0 { path.removeAll() }
    }

    /// Descends to the last entry under `start`; a damaged node (nil) or an empty leaf ends the walk.
    private mutating func descendRightmost(from start: BTreeCursorStep?) {
        guard var step = start else { return path.removeAll() }
        while !step.isLeaf {
            step.index = step.positions - 1
            path.append(step)
            guard let child = step.child(step.index) else { return path.removeAll() }
            step = child
        }
        step.index = step.positions - 1
        path.append(step)
        if step.positions == 0 { path.removeAll() }
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
