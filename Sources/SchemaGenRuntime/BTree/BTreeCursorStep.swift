/// One node on a ``BTreeCursor``'s path, with the child (internal node) or entry (leaf) index
/// taken: a decoded node, or a node of a page file read where it lies in the file's memory map
/// (``PageNodeView``). Below the first checkpointed node a scan meets, every node is read in
/// place, so walking a leaf's entries takes no lock, no cache probe, no decode and no allocation.
///
/// A node in place is checked as a point read checks it (``PageFile/verifiedView(in:offset:length:level:checksum:table:tree:)``):
/// in full the first time its map meets it, and on every visit against what its parent names.
struct BTreeCursorStep {
    /// The decoded node; nil when the node is read in place through ``view``.
    private let node: BTreeNode?
    /// The node in the map (set exactly when ``node`` is nil).
    private let view: PageNodeView?
    /// Keeps ``view``'s bytes mapped while the step is on a path (a checkpoint may map the file
    /// again meanwhile; this map stays until the last cursor holding it moves on).
    private let mapping: PageMapping?
    /// The file ``view`` lies in, which checks each child the first time the map meets it.
    private let file: PageFile?
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
        mapping = nil
        file = nil
        isLeaf = true
        positions = 0
    }

    /// A step on a decoded node.
    init(_ node: BTreeNode) {
        self.node = node
        view = nil
        mapping = nil
        file = nil
        isLeaf = node.isLeaf
        positions = node.isLeaf ? node.count : node.children.count
    }

    /// A step on a node read in place in `mapping` of `file`.
    private init(_ view: PageNodeView, mapping: PageMapping, file: PageFile) {
        node = nil
        self.view = view
        self.mapping = mapping
        self.file = file
        isLeaf = view.header.level == 0
        positions = view.header.count + (isLeaf ? 0 : 1)
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
        guard let node else {
            let view = view.unsafelyUnwrapped
            return try view.withKey(i) { try body($0, view.value(i)) }
        }
        return try node.withKey(i) { key in try node.withValue(i) { try body(key, $0) } }
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
    /// the value: bytes in the map, which this step keeps mapped while it is a cursor's leaf; nil
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

    /// Child `i` of an internal node, in place when it lies in a page file read through a map
    /// (a stub under a decoded node, or any child of a node in place), else decoded as before.
    /// Nil when the child's record is damaged or not the one this node names (the fault is
    /// recorded in the file's ``PageFaults``, which the scan's caller checks and throws).
    func child(_ i: Int) -> BTreeCursorStep? {
        guard let node else {
            let view = view.unsafelyUnwrapped, file = file.unsafelyUnwrapped, mapping = mapping.unsafelyUnwrapped
            let (offset, length, checksum) = view.child(i)
            guard let child = file.verifiedView(in: mapping, offset: offset, length: length, level: view.header.level - 1,
                                                checksum: checksum, table: UInt32(view.header.table), tree: UInt16(view.header.tree))
            else { return nil }
            return BTreeCursorStep(child, mapping: mapping, file: file)
        }
        let child = node.children[i]
        guard child.isStub, let page = child.page else { return BTreeCursorStep(child) }
        guard let mapping = page.file.inPlaceMapping(for: page) else { return BTreeCursorStep(child.resolved()) }
        guard let view = page.file.verifiedView(in: mapping, offset: page.offset, length: page.length, level: page.level,
                                                checksum: page.checksum ?? 0, table: page.table, tree: page.tree)
        else { return nil }
        return BTreeCursorStep(view, mapping: mapping, file: page.file)
    }
}
