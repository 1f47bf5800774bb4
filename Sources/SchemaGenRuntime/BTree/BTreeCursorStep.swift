/// One node on a ``BTreeCursor``'s way down, with the child (internal node) or entry (leaf) index
/// taken: a decoded node, or a node of a page file read where it lies in the file's memory map
/// (``PageNodeView``). Below the first checkpointed node a scan meets, every node is read in
/// place, so walking a leaf's entries takes no lock, no cache probe, no decode and no allocation.
///
/// A node in place is checked as a point read checks it (``PageFile/verifiedView(in:offset:length:level:checksum:table:tree:)``):
/// in full the first time its map meets it, and on every visit against what its parent names.
/// The map and file a view lies in are held by the cursor, once for its whole path
/// (``BTreeCursor``), not by each step: a step is copied at every level of a descent, and
/// holding them here made each copy retain and release both.
struct BTreeCursorStep {
    /// The decoded node; nil when the node is read in place through ``view``.
    private let node: BTreeNode?
    /// The node in the map (set exactly when ``node`` is nil).
    private let view: PageNodeView?
    /// Whether the node is a leaf.
    let isLeaf: Bool
    /// The indexes a cursor may take: a leaf's entries, an internal node's children.
    let positions: Int
    /// The child or entry index taken.
    var index = 0

    /// No node: where a cursor on no entry keeps its leaf (it reads nothing from it).
    static var empty: BTreeCursorStep { BTreeCursorStep() }

    private init() {
        node = nil
        view = nil
        isLeaf = true
        positions = 0
    }

    /// A step on a decoded node.
    init(_ node: BTreeNode) {
        self.node = node
        view = nil
        isLeaf = node.isLeaf
        positions = node.isLeaf ? node.count : node.children.count
    }

    /// A step on a node read in place (its map is kept by the cursor that holds the step).
    init(_ view: PageNodeView) {
        node = nil
        self.view = view
        isLeaf = view.header.level == 0
        positions = view.header.count + (isLeaf ? 0 : 1)
    }

    /// What a cursor's path keeps of this internal node once it has taken child ``index``.
    @inline(__always)
    var pathStep: BTreeCursorPathStep {
        guard let node else {
            let header = view.unsafelyUnwrapped.header
            return BTreeCursorPathStep(node: nil, children: view.unsafelyUnwrapped.childTable, level: header.level,
                                       table: UInt32(truncatingIfNeeded: header.table), tree: UInt16(truncatingIfNeeded: header.tree),
                                       positions: positions, index: index)
        }
        return BTreeCursorPathStep(node: node, children: nil, level: 0, table: 0, tree: 0, positions: positions, index: index)
    }

    /// Whether the node is read in place (for tests).
    var isInPlace: Bool { node == nil }

    /// Binary search: the first position whose key is `>= key` (or, with `upper`, `> key`),
    /// and whether the key there equals `key`.
    @inline(__always)
    func search(_ key: [UInt8], upper: Bool) -> (index: Int, found: Bool) {
        if let node { return upper ? (node.childIndex(key), false) : node.lowerBound(key) }
        return key.withUnsafeBufferPointer { view.unsafelyUnwrapped.search($0, upper: upper) }
    }

    /// Calls `body` with the key and value bytes of entry ``index`` of a leaf, copying neither
    /// (a key read in place from a format-4 record is put together on the stack, see ``PageNodeView/withKey(_:_:)``).
    @inline(__always)
    func withEntry<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let i = index
        guard node != nil else {
            let view = view.unsafelyUnwrapped
            return try view.withKey(i) { try body($0, view.value(i)) }
        }
        // This step holds the node for the whole call (the cursor it lies in is borrowed by the
        // caller), so the node is used without a retain and release of its own per entry.
        return try Unmanaged.passUnretained(node.unsafelyUnwrapped)._withUnsafeGuaranteedRef { node in
            try node.withKey(i) { key in try node.withValue(i) { try body(key, $0) } }
        }
    }

    /// Calls `body` with entry ``index`` of a leaf as the prefix every key of the leaf shares, the
    /// key's rest and the value, copying none of them: the prefix is empty except in a format-4
    /// record read in place.
    @inline(__always)
    func withEntryParts<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let i = index
        guard let node else {
            let view = view.unsafelyUnwrapped
            return try body(view.keyPrefix, view.keySuffix(i), view.value(i))
        }
        let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        return try node.withKey(i) { key in try node.withValue(i) { try body(none, key, $0) } }
    }

    /// Entry ``index`` of a leaf read in place, as the leaf's shared prefix, the key's rest and
    /// the value: bytes in the map, which the cursor holding this leaf keeps mapped; nil
    /// for a decoded node. Hands the bytes out without a closure, so a caller's body is called
    /// directly on the hot path.
    @inline(__always)
    var entryInPlace: (prefix: UnsafeBufferPointer<UInt8>, rest: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>)? {
        guard node == nil, let view else { return nil }
        return (view.keyPrefix, view.keySuffix(index), view.value(index))
    }

    /// How key `i` of a leaf compares with `key` (negative, zero, positive), without copying it.
    @inline(__always)
    func compareKey(_ i: Int, with key: UnsafeBufferPointer<UInt8>) -> Int {
        guard let node else { return view.unsafelyUnwrapped.compareKey(i, with: key) }
        return node.withKey(i) { ByteOrder.compare($0.baseAddress, $0.count, key) }
    }
}

/// An internal node on a ``BTreeCursor``'s path: only what moving to a sibling leaf needs (the
/// node, or where its child table lies in the cursor's map, and the child index taken), 48 bytes
/// where a ``BTreeCursorStep`` with its in-place view is several times that.
struct BTreeCursorPathStep {
    /// The decoded node; nil when the node lies in the cursor's map.
    let node: BTreeNode?
    /// The node's child table in the cursor's map (``PageNodeView/childTable``), when in place.
    let children: UnsafeRawPointer?
    /// The in-place node's level, table and tree, which each child read through it must match.
    let level: UInt8
    let table: UInt32
    let tree: UInt16
    /// The node's children.
    let positions: Int
    /// The child index taken.
    var index: Int
}
