/// One node of a copy-on-write B+tree: a leaf holding sorted keys with their values, or an
/// internal node holding separator keys between its children.
///
/// Keys (and a leaf's values) are packed into one byte buffer per node with an array of end
/// offsets, rather than one heap array per key: a search scans contiguous memory, copying a
/// node for copy-on-write is two memcpys instead of a retain per key, and a row costs a few
/// bytes of overhead instead of an array header per key and value.
///
/// Nodes are shared between snapshots, so they are immutable once published. The only node a
/// writer may change in place is one whose `generation` equals the generation of the open
/// write transaction: such a node was created by that transaction and is not yet reachable
/// from any published snapshot. That rule is what makes `@unchecked Sendable` sound.
final class BTreeNode: @unchecked Sendable {
    /// The write generation (savepoint) that created this node.
    let generation: UInt64
    /// All keys back to back. Internal nodes hold `children.count - 1` separators; child `i`
    /// holds keys `k` with `key(i-1) <= k < key(i)`.
    // Exclusivity is checked statically; the dynamic checks Swift adds to class properties
    // cost more than the searches themselves, and the generation rule already serializes writes.
    @exclusivity(unchecked) private(set) var keyBytes: [UInt8]
    /// `keyEnds[i]` is the offset in `keyBytes` just past key `i`.
    @exclusivity(unchecked) private(set) var keyEnds: [UInt32]
    /// Leaf only: all values back to back, and the offset just past each.
    @exclusivity(unchecked) private(set) var valueBytes: [UInt8]
    @exclusivity(unchecked) private(set) var valueEnds: [UInt32]
    /// Internal only: the subtrees.
    @exclusivity(unchecked) var children: [BTreeNode]

    /// Where the node lies in a page file: set for a node decoded from one and for a stub.
    /// A node with a page was written by a checkpoint and is never changed (its generation is 0).
    let page: PageReference?
    /// A stand-in for a node not read yet: it holds only ``page``; ``child(_:)`` reads the node
    /// through the page file's cache. Only an internal node's `children` hold stubs, so
    /// untouched subtrees cost a stub each instead of their nodes.
    let isStub: Bool

    init(generation: UInt64, keyBytes: [UInt8] = [], keyEnds: [UInt32] = [], valueBytes: [UInt8] = [], valueEnds: [UInt32] = [],
         children: [BTreeNode] = [], page: PageReference? = nil, isLeaf: Bool? = nil) {
        self.generation = generation
        self.keyBytes = keyBytes
        self.keyEnds = keyEnds
        self.valueBytes = valueBytes
        self.valueEnds = valueEnds
        self.children = children
        self.isLeaf = isLeaf ?? children.isEmpty
        self.page = page
        self.isStub = false
    }

    /// A stub for the node at `page`.
    init(stubFor page: PageReference) {
        generation = 0
        keyBytes = []; keyEnds = []; valueBytes = []; valueEnds = []; children = []
        isLeaf = page.level == 0
        self.page = page
        isStub = true
    }

    /// Child `i` of an internal node, read from the page file if it is a stub.
    @inline(__always)
    func child(_ i: Int) -> BTreeNode {
        let c = children[i]
        return c.isStub ? c.resolved() : c
    }

    /// The node a stub stands for (see ``PageFile/node(_:)`` for what a damaged page gives).
    @inline(never)
    func resolved() -> BTreeNode { page!.file.node(page!) }

    /// A node holding the given keys (and values, for a leaf) — for the rare paths that build nodes whole.
    convenience init(generation: UInt64, keys: [[UInt8]], values: [[UInt8]], children: [BTreeNode]) {
        self.init(generation: generation, children: children)
        setEntries(keys: keys, values: values)
    }

    /// Fixed at creation: a node never turns from leaf to internal or back. Stored rather than
    /// computed from `children`, because reading the shared empty array on every step of a
    /// descent costs a slow-path retain of an immortal object.
    let isLeaf: Bool
    var count: Int { keyEnds.count }
    /// Entries for fill-factor purposes: keys in a leaf, children in an internal node.
    var fill: Int { isLeaf ? keyEnds.count : children.count }

    @inline(__always) func keyRange(_ i: Int) -> Range<Int> { (i == 0 ? 0 : Int(keyEnds[i - 1]))..<Int(keyEnds[i]) }
    @inline(__always) func valueRange(_ i: Int) -> Range<Int> { (i == 0 ? 0 : Int(valueEnds[i - 1]))..<Int(valueEnds[i]) }
    func key(_ i: Int) -> [UInt8] { Array(keyBytes[keyRange(i)]) }
    func value(_ i: Int) -> [UInt8] { Array(valueBytes[valueRange(i)]) }
    var allKeys: [[UInt8]] { (0..<count).map(key) }
    var allValues: [[UInt8]] { isLeaf ? (0..<count).map(value) : [] }

    /// Calls `body` with the bytes of value `i` without copying them.
    @inline(__always)
    func withValue<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = valueRange(i)
        return try valueBytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[r])) }
    }

    /// This node if `generation` may change it in place, otherwise a copy owned by `generation`.
    @inline(__always)
    func writable(in generation: UInt64) -> BTreeNode {
        if self.generation == generation { return self }
        // Copies get room to grow, so the insert that usually follows does not copy again.
        return BTreeNode(generation: generation, keyBytes: Self.copy(keyBytes, slack: 64), keyEnds: Self.copy(keyEnds, slack: 2),
                         valueBytes: Self.copy(valueBytes, slack: isLeaf ? 128 : 0), valueEnds: Self.copy(valueEnds, slack: isLeaf ? 2 : 0),
                         children: Self.copy(children, slack: isLeaf ? 0 : 2))
    }

    @inline(__always)
    private static func copy<T>(_ array: [T], slack: Int) -> [T] {
        var out: [T] = []
        out.reserveCapacity(array.count + slack)
        out.append(contentsOf: array)
        return out
    }

    /// Calls `body` with the bytes of key `i` without copying them.
    @inline(__always)
    func withKey<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = keyRange(i)
        return try keyBytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[r])) }
    }

    /// Binary search: the first position whose key is `>= key` (or, with `upper`, `> key`),
    /// and whether the key there equals `key`.
    @inline(__always)
    private func search(_ k: UnsafeBufferPointer<UInt8>, upper: Bool) -> (index: Int, found: Bool) {
        let n = keyEnds.count
        if n == 0 { return (0, false) }
        return keyBytes.withUnsafeBufferPointer { bytes in
            keyEnds.withUnsafeBufferPointer { ends in
                ByteOrder.search(count: n, upper: upper) { mid in
                    let start = mid == 0 ? 0 : Int(ends[mid - 1])
                    return ByteOrder.compare(bytes.baseAddress.map { $0 + start }, Int(ends[mid]) - start, k)
                }
            }
        }
    }

    /// The first position whose key is `>= key`, and whether that key equals `key`.
    @inline(__always)
    func lowerBound(_ key: [UInt8]) -> (index: Int, found: Bool) { key.withUnsafeBufferPointer { search($0, upper: false) } }

    @inline(__always)
    func lowerBound(_ key: UnsafeBufferPointer<UInt8>) -> (index: Int, found: Bool) { search(key, upper: false) }

    /// The child of an internal node that covers `key`: the number of separators `<= key`.
    @inline(__always)
    func childIndex(_ key: [UInt8]) -> Int { key.withUnsafeBufferPointer { search($0, upper: true).index } }

    @inline(__always)
    func childIndex(_ key: UnsafeBufferPointer<UInt8>) -> Int { search(key, upper: true).index }

    // MARK: Mutation (only on nodes of the writer's generation)

    /// Inserts key (and value, in a leaf) at position `i`.
    func insert(key: [UInt8], value: [UInt8]?, at i: Int) {
        let start = i == 0 ? 0 : Int(keyEnds[i - 1])
        keyBytes.insert(contentsOf: key, at: start)
        shiftEnds(&keyEnds, from: i, by: key.count)
        keyEnds.insert(UInt32(start + key.count), at: i)
        if let value {
            let vstart = i == 0 ? 0 : Int(valueEnds[i - 1])
            valueBytes.insert(contentsOf: value, at: vstart)
            shiftEnds(&valueEnds, from: i, by: value.count)
            valueEnds.insert(UInt32(vstart + value.count), at: i)
        }
    }

    /// Removes key `i` (and its value, in a leaf); returns the value.
    @discardableResult
    func remove(at i: Int) -> [UInt8] {
        let kr = keyRange(i)
        keyBytes.removeSubrange(kr)
        keyEnds.remove(at: i)
        shiftEnds(&keyEnds, from: i, by: -kr.count)
        guard isLeaf else { return [] }
        let vr = valueRange(i)
        let old = Array(valueBytes[vr])
        valueBytes.removeSubrange(vr)
        valueEnds.remove(at: i)
        shiftEnds(&valueEnds, from: i, by: -vr.count)
        return old
    }

    /// Replaces the value of entry `i`; returns the old one.
    func replaceValue(at i: Int, with value: [UInt8]) -> [UInt8] {
        let vr = valueRange(i)
        let old = Array(valueBytes[vr])
        valueBytes.replaceSubrange(vr, with: value)
        shiftEnds(&valueEnds, from: i, by: value.count - vr.count)
        return old
    }

    /// Replaces key `i` (a separator, in an internal node).
    func replaceKey(at i: Int, with key: [UInt8]) {
        let kr = keyRange(i)
        keyBytes.replaceSubrange(kr, with: key)
        shiftEnds(&keyEnds, from: i, by: key.count - kr.count)
    }

    /// Moves entries `from...` of a leaf into a new leaf of `generation`, which it returns.
    func splitLeaf(from mid: Int, generation: UInt64) -> BTreeNode {
        let ks = Int(keyEnds[mid - 1]), vs = Int(valueEnds[mid - 1])
        let right = BTreeNode(generation: generation, keyBytes: Array(keyBytes[ks...]), keyEnds: keyEnds[mid...].map { $0 - UInt32(ks) },
                              valueBytes: Array(valueBytes[vs...]), valueEnds: valueEnds[mid...].map { $0 - UInt32(vs) })
        keyBytes.removeSubrange(ks...); keyEnds.removeSubrange(mid...)
        valueBytes.removeSubrange(vs...); valueEnds.removeSubrange(mid...)
        return right
    }

    /// Splits an internal node around separator `mid`: returns that separator and a new node of
    /// `generation` with the separators and children after it.
    func splitInternal(at mid: Int, generation: UInt64) -> ([UInt8], BTreeNode) {
        let up = key(mid)
        let ks = Int(keyEnds[mid])
        let right = BTreeNode(generation: generation, keyBytes: Array(keyBytes[ks...]), keyEnds: keyEnds[(mid + 1)...].map { $0 - UInt32(ks) },
                              children: Array(children[(mid + 1)...]))
        keyBytes.removeSubrange((mid == 0 ? 0 : Int(keyEnds[mid - 1]))...)
        keyEnds.removeSubrange(mid...)
        children.removeSubrange((mid + 1)...)
        return (up, right)
    }

    /// Replaces every key and value (the slow path used by rebalancing and bulk building).
    func setEntries(keys: [[UInt8]], values: [[UInt8]]) {
        keyBytes = []; keyEnds = []; valueBytes = []; valueEnds = []
        keyBytes.reserveCapacity(keys.reduce(0) { $0 + $1.count })
        for k in keys { keyBytes.append(contentsOf: k); keyEnds.append(UInt32(keyBytes.count)) }
        for v in values { valueBytes.append(contentsOf: v); valueEnds.append(UInt32(valueBytes.count)) }
    }

    /// Moves the end offsets of entries `i...` by `delta` bytes.
    @inline(__always)
    private func shiftEnds(_ ends: inout [UInt32], from i: Int, by delta: Int) {
        guard delta != 0 else { return }
        ends.withUnsafeMutableBufferPointer { e in
            var j = i
            while j < e.count {
                e[j] = UInt32(truncatingIfNeeded: Int(e[j]) + delta)
                j += 1
            }
        }
    }
}
