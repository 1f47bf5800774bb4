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
///
/// The leaf is kept apart from the internal nodes above it, so reading and stepping through its
/// entries works on it where it is stored: no copy of the step, and no retain or release of the
/// node or map it holds, per entry.
struct BTreeCursor {
    /// Internal nodes with the index of the child taken, root first, each kept slim
    /// (``BTreeCursorPathStep``): the descent copies one onto the path per level.
    private var path: [BTreeCursorPathStep] = []
    /// The current leaf with the entry index (``BTreeCursorStep/empty`` when not on an entry).
    private var leaf = BTreeCursorStep.empty
    /// The map the path's and the leaf's nodes in place lie in, and its file, held once for the
    /// whole path (no step retains them). Every node in place on the path lies below the last
    /// decoded one, so they all come from the one map met when the walk left the decoded nodes;
    /// a later step down from a decoded node replaces it only after the steps in place were
    /// taken off the path. Keeps the bytes mapped while the cursor is on them (a checkpoint may
    /// map the file again meanwhile; this map stays until the cursor moves on).
    private var mapping: PageMapping?
    private var file: PageFile?
    /// The tree's registration: the path may lie in pages a checkpoint would otherwise reuse.
    private var checkpointPin: CheckpointPin?
    /// Whether the cursor is on an entry.
    private(set) var isValid = false
    /// How many leaves the cursor has entered: a range iterator judges each leaf against its far
    /// bound once, when this changes.
    private(set) var leavesEntered = 0

    var key: [UInt8] { withEntry { key, _ in Array(key) } }
    var value: [UInt8] { withEntry { _, value in Array(value) } }
    /// Whether the current leaf is read in place in a page file's map (for tests).
    var isInPlace: Bool { isValid && leaf.isInPlace }

    /// Calls `body` with the current key's and value's bytes, without copying them.
    @inline(__always)
    func withEntry<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try leaf.withEntry(body)
    }

    /// Calls `body` with the current key as the leaf's shared prefix and the key's rest (together
    /// the key; the prefix is empty unless the leaf is read in place from a format-4 page file),
    /// and the value, copying none of them.
    @inline(__always)
    func withEntryParts<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try leaf.withEntryParts(body)
    }

    /// The current entry of a leaf read in place as its leaf's prefix, its rest and its value
    /// (``BTreeCursorStep/entryInPlace``): valid until the cursor moves. Nil for a decoded leaf.
    @inline(__always)
    var entryInPlace: (prefix: UnsafeBufferPointer<UInt8>, rest: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>)? {
        leaf.entryInPlace
    }

    /// Calls `body` with the current value's bytes, without copying them.
    func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withEntry { _, value in try body(value) }
    }

    /// How the current key compares with `key`: negative, zero or positive as it sorts before,
    /// equal to or after it.
    @inline(__always)
    func compareKey(with key: UnsafeBufferPointer<UInt8>) -> Int {
        leaf.compareKey(leaf.index, with: key)
    }

    /// How the key at the current leaf's end in the walk's direction (its last entry forward,
    /// its first backward) compares with `key`.
    @inline(__always)
    func compareLeafEnd(reverse: Bool, with key: UnsafeBufferPointer<UInt8>) -> Int {
        leaf.compareKey(reverse ? 0 : leaf.positions - 1, with: key)
    }

    /// Walks from `step` down to the leaf that would hold `key`, recording each internal step; nil at a damaged node.
    private mutating func descendToLeaf(from step: BTreeCursorStep, toward key: [UInt8]) -> BTreeCursorStep? {
        var step = step
        while !step.isLeaf {
            step.index = step.search(key, upper: true).index
            path.append(step.pathStep)
            guard let child = childOfLastStep() else { return nil }
            step = child
        }
        return step
    }

    /// The child the last path step takes: in place when it lies in a page file read through a
    /// map (a stub under a decoded node, whose map the cursor then holds, or any child of a node
    /// in place), else decoded as before. Nil when the child's record is damaged or not the one
    /// its parent names (the fault is recorded in the file's ``PageFaults``, which the scan's
    /// caller checks and throws).
    private mutating func childOfLastStep() -> BTreeCursorStep? {
        let step = path[path.count - 1]
        guard let node = step.node else {
            let (offset, length, checksum) = PageNodeView.childEntry(step.children.unsafelyUnwrapped + step.index * PageNodeLayout.childBytes)
            guard let view = file.unsafelyUnwrapped.verifiedView(in: mapping.unsafelyUnwrapped, offset: offset, length: length,
                                                                 level: step.level - 1, checksum: checksum, table: step.table, tree: step.tree)
            else { return nil }
            return BTreeCursorStep(view)
        }
        let child = node.children[step.index]
        guard child.isStub, let page = child.page else { return BTreeCursorStep(child) }
        guard let mapping = page.file.inPlaceMapping(for: page) else { return BTreeCursorStep(child.resolved()) }
        guard let view = page.file.verifiedView(in: mapping, offset: page.offset, length: page.length, level: page.level,
                                                checksum: page.checksum ?? 0, table: page.table, tree: page.tree)
        else { return nil }
        // No step in place is on the path below `node` (the walk left them to reach it), so
        // the map the cursor held is no longer read, except by the leaf the new descent replaces.
        self.mapping = mapping
        file = page.file
        return BTreeCursorStep(view)
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
        guard var leaf = descendToLeaf(from: BTreeCursorStep(root), toward: bound.key) else { end(); return }
        var (i, found) = leaf.search(bound.key, upper: false)
        if found, case .exclusive = bound { i += 1 }
        leaf.index = i
        enter(leaf)
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
        guard var leaf = descendToLeaf(from: BTreeCursorStep(root), toward: bound.key) else { end(); return }
        let (lb, found) = leaf.search(bound.key, upper: false)
        var i = lb - 1
        if found, case .inclusive = bound { i = lb }
        leaf.index = i
        enter(leaf)
        if i < 0 { moveToPreviousLeaf() }
    }

    /// Moves to the next entry in key order.
    @inline(__always)
    mutating func next() {
        guard isValid else { return }
        if leaf.index + 1 < leaf.positions {
            leaf.index += 1
        } else {
            moveToNextLeaf()
        }
    }

    /// Moves to the previous entry in key order.
    @inline(__always)
    mutating func previous() {
        guard isValid else { return }
        if leaf.index > 0 {
            leaf.index -= 1
        } else {
            moveToPreviousLeaf()
        }
    }

    /// Makes `step` the current leaf.
    private mutating func enter(_ step: BTreeCursorStep) {
        leaf = step
        isValid = true
        leavesEntered &+= 1
    }

    /// Ends the walk: off every entry, holding no node and no map.
    private mutating func end() {
        path.removeAll()
        leaf = .empty
        mapping = nil
        file = nil
        isValid = false
    }

    private mutating func moveToNextLeaf() {
        while !path.isEmpty {
            let last = path.count - 1
            if path[last].index + 1 < path[last].positions {
                path[last].index += 1
                descendLeftmost(from: childOfLastStep())
                return
            }
            path.removeLast()
        }
        end()
    }

    private mutating func moveToPreviousLeaf() {
        while !path.isEmpty {
            let last = path.count - 1
            if path[last].index > 0 {
                path[last].index -= 1
                descendRightmost(from: childOfLastStep())
                return
            }
            path.removeLast()
        }
        end()
    }

    /// Descends to the first entry under `start`; a damaged node (nil) or an empty leaf ends the walk.
    private mutating func descendLeftmost(from start: BTreeCursorStep?) {
        guard var step = start else { return end() }
        while !step.isLeaf {
            step.index = 0
            path.append(step.pathStep)
            guard let child = childOfLastStep() else { return end() }
            step = child
        }
        step.index = 0
        if step.positions == 0 { return end() }
        enter(step)
    }

    /// Descends to the last entry under `start`; a damaged node (nil) or an empty leaf ends the walk.
    private mutating func descendRightmost(from start: BTreeCursorStep?) {
        guard var step = start else { return end() }
        while !step.isLeaf {
            step.index = step.positions - 1
            path.append(step.pathStep)
            guard let child = childOfLastStep() else { return end() }
            step = child
        }
        step.index = step.positions - 1
        if step.positions == 0 { return end() }
        enter(step)
    }
}

/// Iterates the entries of a tree between two bounds in either direction.
///
/// The bound the walk goes toward (the upper one forward, the lower one backward) is compared
/// once per leaf with the leaf's far end: when that end lies inside it, so does every entry of
/// the leaf from the cursor on, and none of them is compared. Only the leaf the range ends in
/// compares entry by entry. A leaf read in place is compared as its shared prefix and each
/// key's rest, without putting the key together.
struct BTreeRangeIterator: IteratorProtocol {
    private var cursor: BTreeCursor
    private let reverse: Bool
    /// The cursor's ``BTreeCursor/leavesEntered`` when its leaf was last judged, and whether that
    /// leaf lies inside the far bound to its end.
    private var judgedLeaf = 0
    private var leafInside = false
    /// The bound the walk goes toward, apart, so no entry's check copies it.
    private let hasFar: Bool
    private let far: [UInt8]
    private let farInclusive: Bool
    /// Where ``nextEntry(_:)`` puts a format-4 key together (its leaf's prefix copied once per leaf);
    /// made at the first such key, so a walk of decoded nodes allocates none.
    private var joined: JoinedKeyBuffer?

    init(_ tree: BTree, lower: KeyBound?, upper: KeyBound?, reverse: Bool) {
        self.reverse = reverse
        let farBound = reverse ? lower : upper
        hasFar = farBound != nil
        far = farBound?.key ?? []
        if case .inclusive? = farBound { farInclusive = true } else { farInclusive = false }
        cursor = reverse ? BTreeCursor(tree, atOrBefore: upper) : BTreeCursor(tree, atOrAfter: lower)
    }

    /// Entries within `prefix`, i.e. keys that start with it.
    init(_ tree: BTree, prefix: [UInt8], reverse: Bool) {
        let upper = ByteOrder.successor(ofPrefix: prefix).map(KeyBound.exclusive)
        self.init(tree, lower: .inclusive(prefix), upper: upper, reverse: reverse)
    }

    mutating func next() -> (key: [UInt8], value: [UInt8])? {
        guard inRange() else { return nil }
        let entry = (cursor.key, cursor.value)
        advance()
        return entry
    }

    /// The next key only, skipping the copy of its value.
    mutating func nextKey() -> [UInt8]? {
        guard inRange() else { return nil }
        let key = cursor.key
        advance()
        return key
    }

    /// Calls `body` with the next value's bytes (not copied); nil at the end of the range.
    mutating func nextValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard inRange() else { return nil }
        let result = try cursor.withEntryParts { _, _, value in try body(value) }
        advance()
        return result
    }

    /// Calls `body` with the next entry's key and value bytes (not copied); nil at the end of the range.
    mutating func nextEntry<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard inRange() else { return nil }
        let result = try currentEntry(body)
        advance()
        return result
    }

    /// Calls `body` with the current entry's key whole and its value.
    @inline(__always)
    private mutating func currentEntry<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let (prefix, rest, value) = cursor.entryInPlace else { return try cursor.withEntry(body) }
        if prefix.isEmpty { return try body(rest, value) }
        if joined == nil { joined = JoinedKeyBuffer() }
        // The iterator (borrowed for this call) holds the buffer throughout: no retain per key.
        let leafCount = cursor.leavesEntered
        return try Unmanaged.passUnretained(joined.unsafelyUnwrapped)._withUnsafeGuaranteedRef { buffer in
            try buffer.withKey(leafCount: leafCount, prefix: prefix, rest: rest) { try body($0, value) }
        }
    }

    /// Calls `body` with the next entry's key as its leaf's shared prefix and its rest, and its
    /// value (see ``BTreeCursor/withEntryParts(_:)``); nil at the end of the range.
    mutating func nextEntryParts<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard inRange() else { return nil }
        let result: R
        if let (prefix, rest, value) = cursor.entryInPlace {
            result = try body(prefix, rest, value)
        } else {
            result = try cursor.withEntryParts(body)
        }
        advance()
        return result
    }

    @inline(__always)
    private mutating func advance() {
        if reverse { cursor.previous() } else { cursor.next() }
    }

    /// Whether the cursor is on an entry within the range.
    @inline(__always)
    private mutating func inRange() -> Bool {
        guard cursor.isValid else { return false }
        guard hasFar else { return true }
        if cursor.leavesEntered != judgedLeaf {
            judgedLeaf = cursor.leavesEntered
            leafInside = admits(far.withUnsafeBufferPointer { cursor.compareLeafEnd(reverse: reverse, with: $0) })
        }
        return leafInside || admits(far.withUnsafeBufferPointer { cursor.compareKey(with: $0) })
    }

    /// Whether a key comparing `order` with the far bound's key lies on the range's side of it.
    @inline(__always)
    private func admits(_ order: Int) -> Bool {
        if order == 0 { return farInclusive }
        return reverse ? order > 0 : order < 0
    }
}
