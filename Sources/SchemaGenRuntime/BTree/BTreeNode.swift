import Foundation

/// One node of a copy-on-write B+tree: a leaf holding sorted keys with their values, or an
/// internal node holding separator keys between its children.
///
/// The keys, their end offsets, and a leaf's values and their end offsets live in one heap region
/// the node owns (see ``BTreeNode/region``), rather than one array each: a search touches the
/// object and that region only, a descent through nodes in memory pays one cache miss per level
/// for them instead of one per array, and copying a node for copy-on-write is one allocation.
///
/// Nodes are shared between snapshots, so they are immutable once published. The only node a
/// writer may change in place is one whose `generation` equals the generation of the open
/// write transaction: such a node was created by that transaction and is not yet reachable
/// from any published snapshot. That rule is what makes `@unchecked Sendable` sound: the region
/// is written only through this class's mutating methods, only while the node is unpublished
/// and owned by one writer; a published node's region is only read, by any number of threads,
/// and freed in `deinit`, when no reference — so no reader — is left. Pointers handed out by
/// ``withKey(_:_:)``, ``withValue(_:_:)`` and ``sections`` stay valid while the node lives
/// unchanged (for a published node: while it is held).
final class BTreeNode: @unchecked Sendable {
    /// The write generation (savepoint) that created this node.
    let generation: UInt64
    /// Fixed at creation: a node never turns from leaf to internal or back. Stored rather than
    /// computed from `children`, because reading the shared empty array on every step of a
    /// descent costs a slow-path retain of an immortal object.
    let isLeaf: Bool
    /// A stand-in for a node not read yet: it holds only ``page``; ``child(_:)`` reads the node
    /// through the page file's cache. Only an internal node's `children` hold stubs, so
    /// untouched subtrees cost a stub each instead of their nodes.
    let isStub: Bool

    // Exclusivity is checked statically; the dynamic checks Swift adds to class properties
    // cost more than the searches themselves, and the generation rule already serializes writes.

    /// Keys held: a leaf's entries, or an internal node's separators (`children.count - 1`).
    @exclusivity(unchecked) var count: Int
    /// The region: `entryCapacity` key end offsets (UInt32, each just past its key in the key
    /// bytes), `keyByteCapacity` key bytes (rounded up to 4), then for a leaf `entryCapacity`
    /// value end offsets and `valueByteCapacity` value bytes. Nil while every capacity is 0.
    @exclusivity(unchecked) var region: UnsafeMutableRawPointer?
    @exclusivity(unchecked) var entryCapacity: Int
    @exclusivity(unchecked) var keyByteCount: Int
    @exclusivity(unchecked) var keyByteCapacity: Int
    /// Leaf only: the value bytes in use and room for them.
    @exclusivity(unchecked) var valueByteCount: Int
    @exclusivity(unchecked) var valueByteCapacity: Int
    /// Internal only: the subtrees. Child `i` holds keys `k` with `key(i-1) <= k < key(i)`.
    @exclusivity(unchecked) var children: [BTreeNode]

    /// Where the node lies in a page file: set for a node decoded from one and for a stub.
    /// A node with a page was written by a checkpoint and is never changed (its generation is 0).
    let page: PageReference?

    /// An empty node with room for the given entries and bytes.
    init(generation: UInt64, isLeaf: Bool? = nil, children: [BTreeNode] = [], page: PageReference? = nil,
         entryCapacity: Int = 0, keyByteCapacity: Int = 0, valueByteCapacity: Int = 0) {
        self.generation = generation
        self.isLeaf = isLeaf ?? children.isEmpty
        self.isStub = false
        self.count = 0
        self.keyByteCount = 0
        self.valueByteCount = 0
        self.children = children
        self.page = page
        self.entryCapacity = entryCapacity
        self.keyByteCapacity = keyByteCapacity
        self.valueByteCapacity = self.isLeaf ? valueByteCapacity : 0
        self.region = BTreeNode.allocateRegion(BTreeNode.regionBytes(entries: entryCapacity, keyBytes: keyByteCapacity,
                                                           valueBytes: self.valueByteCapacity, isLeaf: self.isLeaf),
                                          generation: generation)
    }

    /// A stub for the node at `page`.
    init(stubFor page: PageReference) {
        generation = 0
        isLeaf = page.level == 0
        isStub = true
        count = 0; keyByteCount = 0; valueByteCount = 0
        entryCapacity = 0; keyByteCapacity = 0; valueByteCapacity = 0
        region = nil
        children = []
        self.page = page
    }

    /// A node holding keys packed in `keyBytes` with their end offsets (and a leaf's values the
    /// same way; a leaf without value offsets holds empty values): the form a page record decodes to.
    convenience init(generation: UInt64, keyBytes: [UInt8], keyEnds: [UInt32], valueBytes: [UInt8] = [], valueEnds: [UInt32] = [],
                     children: [BTreeNode] = [], page: PageReference? = nil, isLeaf: Bool? = nil) {
        self.init(generation: generation, isLeaf: isLeaf, children: children, page: page,
                  entryCapacity: keyEnds.count, keyByteCapacity: keyBytes.count, valueByteCapacity: valueBytes.count)
        precondition(Int(keyEnds.last ?? 0) == keyBytes.count && (valueEnds.isEmpty || valueEnds.count == keyEnds.count)
                     && Int(valueEnds.last ?? 0) == valueBytes.count, "inconsistent node sections")
        guard let region else { return }
        keyEnds.withUnsafeBytes { region.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        keyBytes.withUnsafeBytes { if $0.count > 0 { (region + keysOffset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
        if self.isLeaf {
            if valueEnds.isEmpty {
                memset(region + valueEndsOffset, 0, keyEnds.count * 4)
            } else {
                valueEnds.withUnsafeBytes { (region + valueEndsOffset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
            valueBytes.withUnsafeBytes { if $0.count > 0 { (region + valuesOffset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            valueByteCount = valueBytes.count
        }
        count = keyEnds.count
        keyByteCount = keyBytes.count
    }

    /// A node holding the given keys (and values, for a leaf) — for the rare paths that build nodes whole.
    convenience init(generation: UInt64, keys: [[UInt8]], values: [[UInt8]], children: [BTreeNode]) {
        self.init(generation: generation, children: children)
        setEntries(keys: keys, values: values)
    }

    deinit {
        if let region { Self.freeRegion(region, generation: generation) }
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

    /// Entries for fill-factor purposes: keys in a leaf, children in an internal node.
    var fill: Int { isLeaf ? count : children.count }

    // MARK: Region layout

    @inline(__always) var keysOffset: Int { entryCapacity &* 4 }
    @inline(__always) var valueEndsOffset: Int { keysOffset &+ Self.roundedUp(keyByteCapacity) }
    @inline(__always) var valuesOffset: Int { valueEndsOffset &+ entryCapacity &* 4 }

    @inline(__always) static func roundedUp(_ bytes: Int) -> Int { (bytes &+ 3) & ~3 }

    @inline(__always)
    static func regionBytes(entries: Int, keyBytes: Int, valueBytes: Int, isLeaf: Bool) -> Int {
        entries * 4 + roundedUp(keyBytes) + (isLeaf ? entries * 4 + valueBytes : 0)
    }

    /// The offset in the key bytes just past key `i`.
    @inline(__always)
    func keyEnd(_ i: Int) -> Int { Int(UnsafeRawPointer(region.unsafelyUnwrapped).load(fromByteOffset: i &* 4, as: UInt32.self)) }

    /// Leaf only: the offset in the value bytes just past value `i`.
    @inline(__always)
    func valueEnd(_ i: Int) -> Int {
        Int(UnsafeRawPointer(region.unsafelyUnwrapped).load(fromByteOffset: valueEndsOffset &+ i &* 4, as: UInt32.self))
    }

    @inline(__always) private var keyBase: UnsafePointer<UInt8> {
        UnsafePointer((region.unsafelyUnwrapped + keysOffset).assumingMemoryBound(to: UInt8.self))
    }
    @inline(__always) private var valueBase: UnsafePointer<UInt8> {
        UnsafePointer((region.unsafelyUnwrapped + valuesOffset).assumingMemoryBound(to: UInt8.self))
    }

    /// The used parts of the region: key end offsets, key bytes, and a leaf's value end offsets
    /// and value bytes (empty for an internal node). Valid while the node lives unchanged.
    var sections: (keyEnds: UnsafeRawBufferPointer, keys: UnsafeBufferPointer<UInt8>,
                   valueEnds: UnsafeRawBufferPointer, values: UnsafeBufferPointer<UInt8>) {
        guard let region else {
            return (UnsafeRawBufferPointer(start: nil, count: 0), UnsafeBufferPointer(start: nil, count: 0),
                    UnsafeRawBufferPointer(start: nil, count: 0), UnsafeBufferPointer(start: nil, count: 0))
        }
        let leaf = isLeaf
        return (UnsafeRawBufferPointer(start: region, count: count * 4), UnsafeBufferPointer(start: keyBase, count: keyByteCount),
                UnsafeRawBufferPointer(start: region + valueEndsOffset, count: leaf ? count * 4 : 0),
                UnsafeBufferPointer(start: leaf ? valueBase : nil, count: leaf ? valueByteCount : 0))
    }

    // MARK: Reads

    @inline(__always) func keyRange(_ i: Int) -> Range<Int> { (i == 0 ? 0 : keyEnd(i - 1))..<keyEnd(i) }
    @inline(__always) func valueRange(_ i: Int) -> Range<Int> { (i == 0 ? 0 : valueEnd(i - 1))..<valueEnd(i) }
    func key(_ i: Int) -> [UInt8] { withKey(i) { Array($0) } }
    func value(_ i: Int) -> [UInt8] { withValue(i) { Array($0) } }
    var allKeys: [[UInt8]] { (0..<count).map(key) }
    var allValues: [[UInt8]] { isLeaf ? (0..<count).map(value) : [] }

    /// Calls `body` with the bytes of key `i` without copying them.
    @inline(__always)
    func withKey<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = keyRange(i)
        return try body(UnsafeBufferPointer(start: keyBase + r.lowerBound, count: r.count))
    }

    /// Calls `body` with the bytes of value `i` (of a leaf) without copying them.
    @inline(__always)
    func withValue<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = valueRange(i)
        return try body(UnsafeBufferPointer(start: valueBase + r.lowerBound, count: r.count))
    }

    /// Binary search over positions `first..<count`: the first whose key is `>= key` (or, with
    /// `upper`, `> key`), and whether the key there equals `key`.
    @inline(__always)
    private func search(_ k: UnsafeBufferPointer<UInt8>, upper: Bool, from first: Int = 0) -> (index: Int, found: Bool) {
        let n = count &- first
        if n <= 0 { return (count, false) }
        let ends = UnsafeRawPointer(region.unsafelyUnwrapped)
        let keys = keyBase
        let (i, found) = ByteOrder.search(count: n, upper: upper) { m in
            let mid = m &+ first
            let start = mid == 0 ? 0 : Int(ends.load(fromByteOffset: (mid &- 1) &* 4, as: UInt32.self))
            return ByteOrder.compare(keys + start, Int(ends.load(fromByteOffset: mid &* 4, as: UInt32.self)) &- start, k)
        }
        return (i &+ first, found)
    }

    /// The first position whose key is `>= key`, and whether that key equals `key`.
    @inline(__always)
    func lowerBound(_ key: [UInt8]) -> (index: Int, found: Bool) { key.withUnsafeBufferPointer { search($0, upper: false) } }

    @inline(__always)
    func lowerBound(_ key: UnsafeBufferPointer<UInt8>) -> (index: Int, found: Bool) { search(key, upper: false) }

    /// The same among positions `first...` (for ascending keys searched one after another).
    @inline(__always)
    func lowerBound(_ key: UnsafeBufferPointer<UInt8>, from first: Int) -> (index: Int, found: Bool) { search(key, upper: false, from: first) }

    /// The child of an internal node that covers `key`: the number of separators `<= key`.
    @inline(__always)
    func childIndex(_ key: [UInt8]) -> Int { key.withUnsafeBufferPointer { search($0, upper: true).index } }

    @inline(__always)
    func childIndex(_ key: UnsafeBufferPointer<UInt8>) -> Int { search(key, upper: true).index }
}
