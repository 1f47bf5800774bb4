import Foundation

/// The node record layout of page-file formats 3 and 4, built so a reader can search a node
/// where it lies in the memory map (``PageNodeView``) instead of decoding it first:
///
/// u8 kind (1 leaf, 2 internal), u8 level, table (varint), tree (varint), key count (varint),
/// u8 width (2 or 4: the bytes of each end offset below); format 4: the length of the prefix
/// every key of the node starts with (varint) and its bytes; the keys' end offsets (`count`
/// little-endian integers of `width` bytes, each just past its key in the key bytes), the key
/// bytes back to back (format 4: each without the prefix); then a leaf's value end offsets and
/// value bytes the same way (format 4: only in the rows' tree, tree 0 — an index entry's value is
/// always empty), or an internal node's `count + 1` children (u64 offset, u32 record length,
/// u32 payload CRC-32C each).
///
/// Fixed-width end offsets are what make a binary search possible in place (the varint lengths
/// of formats 1 and 2 must be walked from the first key). Two bytes suffice unless a node's keys
/// or values exceed 64 KiB, so the offsets cost about as much as the varints did. The shared
/// prefix is what keeps index entries small: the keys of one leaf mostly agree on their leading
/// columns (a chat and the high bytes of a time), which format 3 stored in every key.
enum PageNodeLayout {
    private typealias Format = FileFormat.Pages
    /// Bytes of one child entry of an internal node.
    static let childBytes = 16

    /// The payload of `node` in the current layout (its children, if any, were written at `children`).
    static func encode(_ node: BTreeNode, level: UInt8, table: Int, tree: Int, children: [PageReference]) -> [UInt8] {
        let count = node.count
        let prefix = sharedPrefixLength(node)
        let keyTotal = node.keyByteCount - count * prefix
        let hasValues = node.isLeaf && tree == 0
        let valueTotal = hasValues ? node.valueByteCount : 0
        let width = keyTotal <= Int(UInt16.max) && valueTotal <= Int(UInt16.max) ? 2 : 4
        var w = ByteWriter(capacity: 24 + prefix + (count * width + keyTotal) + (hasValues ? count * width + valueTotal : 0)
                           + (node.isLeaf ? 0 : childBytes * children.count))
        w.u8(node.isLeaf ? Format.leafKind : Format.internalKind)
        w.u8(level)
        w.varint(table)
        w.varint(tree)
        w.varint(count)
        w.u8(UInt8(width))
        w.varint(prefix)
        let sections = node.sections
        if prefix > 0 { w.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: sections.keys[0..<prefix])) }
        func end(_ value: Int) {
            if width == 2 { w.u8(UInt8(truncatingIfNeeded: value)); w.u8(UInt8(truncatingIfNeeded: value >> 8)) } else { w.u32(UInt32(value)) }
        }
        // Each key without the prefix: its end offset drops by the prefixes cut before it.
        for i in 0..<count { end(node.keyEnd(i) - (i + 1) * prefix) }
        var start = 0
        for i in 0..<count {
            let keyEnd = node.keyEnd(i)
            w.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: sections.keys[(start + prefix)..<keyEnd]))
            start = keyEnd
        }
        if hasValues {
            for i in 0..<count { end(node.valueEnd(i)) }
            w.bytes.append(contentsOf: sections.values)
        } else if !node.isLeaf {
            for child in children { w.u64(child.offset); w.u32(child.length); w.u32(child.checksum ?? 0) }
        }
        return w.bytes
    }

    /// How many leading bytes every key of `node` shares: those of its first and last key, as
    /// the keys are sorted.
    static func sharedPrefixLength(_ node: BTreeNode) -> Int {
        guard node.count > 1 else { return 0 }
        let lastStart = node.keyEnd(node.count - 2)
        let limit = min(node.keyEnd(0), node.keyEnd(node.count - 1) - lastStart)
        let k = node.sections.keys
        var n = 0
        while n < limit, k[n] == k[lastStart + n] { n += 1 }
        return n
    }

    /// Decodes the node record `bytes` (payload at `payload`) into a node, after the checks of
    /// ``verify(_:reference:schema:corrupt:)``, which ``PageNodeView`` trusts as well.
    static func decode(_ bytes: [UInt8], payload: Range<Int>, reference: PageReference, schema: ResolvedSchema,
                       corrupt: (String) -> StoreError) throws -> BTreeNode {
        try bytes.withUnsafeBytes { all in
            let p = UnsafeRawBufferPointer(rebasing: all[payload])
            let header = try verify(p, reference: reference, schema: schema, corrupt: corrupt)
            let count = header.count, width = header.width, prefix = header.prefixLength
            let base = p.baseAddress!
            let keysStart = header.endsStart + count * width
            let keysEnd = keysStart + (count == 0 ? 0 : PageNodeView.end(base + header.endsStart, count - 1, width: width))
            // The keys in full, as a decoded node holds them: the prefix before each suffix.
            var keyEnds: [UInt32] = []
            keyEnds.reserveCapacity(count)
            for i in 0..<count { keyEnds.append(UInt32(PageNodeView.end(base + header.endsStart, i, width: width) + (i + 1) * prefix)) }
            let keyBytes = [UInt8](unsafeUninitializedCapacity: Int(keyEnds.last ?? 0)) { out, initialized in
                var written = 0, start = 0
                for i in 0..<count {
                    let end = PageNodeView.end(base + header.endsStart, i, width: width)
                    if prefix > 0 { out.baseAddress!.advanced(by: written).initialize(from: (base + header.prefixStart).assumingMemoryBound(to: UInt8.self), count: prefix) }
                    written += prefix
                    let length = end - start
                    if length > 0 { out.baseAddress!.advanced(by: written).initialize(from: (base + keysStart + start).assumingMemoryBound(to: UInt8.self), count: length) }
                    written += length
                    start = end
                }
                initialized = written
            }
            if header.kind == Format.leafKind {
                guard header.hasValueSection else {
                    return BTreeNode(generation: 0, keyBytes: keyBytes, keyEnds: keyEnds, valueBytes: [],
                                     valueEnds: [UInt32](repeating: 0, count: count), page: reference, isLeaf: true)
                }
                let valuesStart = keysEnd + count * width
                let valueEnds = (0..<count).map { UInt32(PageNodeView.end(base + keysEnd, $0, width: width)) }
                let valueBytes = valueEnds.last.map { [UInt8](p[valuesStart..<valuesStart + Int($0)]) } ?? []
                return BTreeNode(generation: 0, keyBytes: keyBytes, keyEnds: keyEnds, valueBytes: valueBytes, valueEnds: valueEnds,
                                 page: reference, isLeaf: true)
            }
            var children: [BTreeNode] = []
            children.reserveCapacity(count + 1)
            for i in 0...count {
                let entry = PageNodeView.childEntry(base + keysEnd + i * childBytes)
                children.append(BTreeNode(stubFor: PageReference(file: reference.file, offset: entry.offset, length: entry.length,
                                                                 level: header.level - 1, table: reference.table, tree: reference.tree,
                                                                 checksum: entry.checksum)))
            }
            return BTreeNode(generation: 0, keyBytes: keyBytes, keyEnds: keyEnds, children: children, page: reference, isLeaf: false)
        }
    }

    /// Checks the node record payload `p` where it lies, allocating nothing: everything a later
    /// read trusts (``PageNodeView`` and ``decode(_:payload:reference:schema:corrupt:)``) — that
    /// it is the node `reference` expects, end offsets in order and inside the record, keys
    /// strictly increasing, rows that decode, index entries whose primary-key length fits, a sane
    /// fill, and, before format 5, children that lie before their parent (records were appended
    /// children first). Cycles are ruled out by the levels alone: a child is one level below its
    /// parent; from format 5 a record reused from a free run may lie before its children.
    ///
    /// A point read checks each record this way the first time a map meets it, so the check is
    /// most of what a read of a large store costs until its leaves have been met once (measured
    /// in `docs/storage.md`, "Point reads at 10M rows").
    @discardableResult
    static func verify(_ p: UnsafeRawBufferPointer, reference: PageReference, schema: ResolvedSchema,
                       corrupt: (String) -> StoreError) throws -> PageNodeHeader {
        guard let header = PageNodeHeader(p, keyPrefixes: reference.file.hasKeyPrefixes) else { throw corrupt("malformed page") }
        try check(header, reference: reference, schema: schema, corrupt: corrupt)
        let count = header.count, width = header.width
        guard header.prefixLength == 0 || count > 1 else { throw corrupt("malformed page") }
        // The header parsed, so the payload has at least six bytes.
        let base = p.baseAddress!
        let keysEnd = try checkEnds(p, from: header.endsStart, count: count, width: width, corrupt: corrupt)
        let keyEnds = base + header.endsStart, keys = (keyEnds + count * width).assumingMemoryBound(to: UInt8.self)
        @inline(__always) func suffix(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            let start = i == 0 ? 0 : PageNodeView.end(keyEnds, i - 1, width: width)
            return UnsafeBufferPointer(start: keys + start, count: PageNodeView.end(keyEnds, i, width: width) - start)
        }
        // Every key starts with the same prefix, so the suffixes sort as the keys do.
        for i in 1..<max(1, count) {
            let previous = suffix(i - 1)
            guard ByteOrder.compare(previous.baseAddress, previous.count, suffix(i)) < 0 else {
                throw corrupt("keys of the page are not in increasing order")
            }
        }
        let prefix = UnsafeBufferPointer(start: (base + header.prefixStart).assumingMemoryBound(to: UInt8.self), count: header.prefixLength)
        @inline(__always) func isIndexEntry(_ i: Int) -> Bool {
            PageNodeView.withJoinedKey(prefix, suffix(i)) { IndexKeys.primaryKeyRange(ofEntry: $0) != nil }
        }
        if header.kind == Format.leafKind {
            let table = schema.tables[header.table]
            guard header.hasValueSection else {
                guard keysEnd == p.count else { throw corrupt("trailing bytes in page") }
                for i in 0..<count where !isIndexEntry(i) {
                    throw corrupt("index entry of table '\(table.name)' tree \(header.tree) is malformed")
                }
                return header
            }
            let valuesEnd = try checkEnds(p, from: keysEnd, count: count, width: width, corrupt: corrupt)
            guard valuesEnd == p.count else { throw corrupt("trailing bytes in page") }
            let valueEnds = base + keysEnd, values = (valueEnds + count * width).assumingMemoryBound(to: UInt8.self)
            let kinds = table.rowKinds
            for i in 0..<count {
                let start = i == 0 ? 0 : PageNodeView.end(valueEnds, i - 1, width: width)
                let value = UnsafeBufferPointer(start: values + start, count: PageNodeView.end(valueEnds, i, width: width) - start)
                if header.tree == 0 {
                    guard RowCodec.isWellFormed(value, kinds: kinds) else {
                        throw corrupt("row of table '\(table.name)' does not decode")
                    }
                } else {
                    guard value.isEmpty, isIndexEntry(i) else {
                        throw corrupt("index entry of table '\(table.name)' tree \(header.tree) is malformed")
                    }
                }
            }
            return header
        }
        guard p.count - keysEnd == (count + 1) * childBytes else { throw corrupt("trailing bytes in page") }
        for i in 0...count {
            let entry = PageNodeView.childEntry(base + keysEnd + i * childBytes)
            let end = entry.offset.addingReportingOverflow(UInt64(entry.length))
            guard !end.overflow, reference.file.reusesPageRuns || end.partialValue <= reference.offset else {
                throw corrupt("child page does not precede its parent")
            }
        }
        return header
    }

    /// The header checks shared with formats 1 and 2: the kind, and the tree and level the parent expects.
    private static func check(_ header: PageNodeHeader, reference: PageReference, schema: ResolvedSchema,
                              corrupt: (String) -> StoreError) throws {
        let isLeaf = header.kind == Format.leafKind
        guard isLeaf || header.kind == Format.internalKind, isLeaf == (header.level == 0) else {
            throw corrupt("unknown page kind \(header.kind) at level \(header.level)")
        }
        guard header.level == reference.level, header.table == Int(reference.table), header.tree == Int(reference.tree) else {
            throw corrupt("page belongs to table \(header.table) tree \(header.tree) level \(header.level), expected table \(reference.table) tree \(reference.tree) level \(reference.level)")
        }
        guard header.table < schema.tables.count, header.tree <= schema.tables[header.table].indexes.count else {
            throw corrupt("page of an unknown tree")
        }
        let limit = isLeaf ? BTree.maxLeafFill : BTree.maxInternalFill - 1
        guard header.count <= limit, header.count > 0 || !isLeaf else { throw corrupt("page holds \(header.count) keys") }
        guard header.width == 2 || header.width == 4 else { throw corrupt("page offsets of \(header.width) bytes") }
    }

    /// Checks the `count` end offsets at `start` of `p`: in order, and their bytes inside the
    /// record; returns where the section's bytes end.
    private static func checkEnds(_ p: UnsafeRawBufferPointer, from start: Int, count: Int, width: Int,
                                  corrupt: (String) -> StoreError) throws -> Int {
        guard p.count - start >= count * width else { throw corrupt("malformed page") }
        var previous = 0
        for i in 0..<count {
            let end = PageNodeView.end(p.baseAddress! + start, i, width: width)
            guard end >= previous else { throw corrupt("malformed page") }
            previous = end
        }
        let sectionEnd = start + count * width + previous
        guard sectionEnd <= p.count else { throw corrupt("malformed page") }
        return sectionEnd
    }
}

/// The fixed part of a format-3 or format-4 node record, parsed from its payload.
struct PageNodeHeader {
    var kind: UInt8
    var level: UInt8
    var table: Int
    var tree: Int
    var count: Int
    var width: Int
    /// Where the prefix every key shares starts (format 4), and its length (0 in format 3).
    var prefixStart: Int
    var prefixLength: Int
    /// Whether a leaf has a value section: always in format 3, only in the rows' tree in format 4.
    var hasValueSection: Bool
    /// Where the key end offsets start, from the payload's start.
    var endsStart: Int

    /// Nil when the payload is too short or a varint runs past it (or past 32 bits).
    @inline(__always)
    init?(_ p: UnsafeRawBufferPointer, keyPrefixes: Bool) {
        guard p.count >= 6 else { return nil }
        kind = p[0]
        level = p[1]
        var position = 2
        @inline(__always) func varint() -> Int? {
            var value = 0, shift = 0
            while position < p.count, shift < 35 {
                let byte = p[position]
                position += 1
                value |= Int(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        guard let table = varint(), let tree = varint(), let count = varint(), position < p.count else { return nil }
        self.table = table
        self.tree = tree
        self.count = count
        width = Int(p[position])
        position += 1
        if keyPrefixes {
            guard let length = varint(), length <= p.count - position else { return nil }
            prefixLength = length
        } else {
            prefixLength = 0
        }
        prefixStart = position
        endsStart = position + prefixLength
        hasValueSection = !keyPrefixes || tree == 0
    }
}

/// A format-3 or format-4 node read where it lies in the memory map: a binary search compares
/// the key with the mapped keys, and a found value is handed over in place, so a descent
/// allocates nothing.
///
/// Only records that ``PageNodeLayout/decode(_:payload:reference:schema:corrupt:)`` accepted are
/// viewed (``PageFile`` remembers which, see ``PageMapping``), so the view trusts the offsets.
struct PageNodeView {
    let header: PageNodeHeader
    /// The bytes every key of the node starts with (format 4; empty in format 3).
    private let prefix: UnsafePointer<UInt8>
    private let keyEnds: UnsafeRawPointer
    private let keys: UnsafeRawPointer
    /// A leaf's value end offsets, or an internal node's children.
    private let afterKeys: UnsafeRawPointer

    @inline(__always)
    init?(payload: UnsafeRawBufferPointer, keyPrefixes: Bool) {
        guard let header = PageNodeHeader(payload, keyPrefixes: keyPrefixes) else { return nil }
        self.header = header
        prefix = (payload.baseAddress! + header.prefixStart).assumingMemoryBound(to: UInt8.self)
        keyEnds = payload.baseAddress! + header.endsStart
        keys = keyEnds + header.count * header.width
        afterKeys = keys + (header.count == 0 ? 0 : Self.end(keyEnds, header.count - 1, width: header.width))
    }

    /// End offset `i` of the table at `ends`.
    @inline(__always)
    static func end(_ ends: UnsafeRawPointer, _ i: Int, width: Int) -> Int {
        width == 2 ? Int(UInt16(littleEndian: ends.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            : Int(UInt32(littleEndian: ends.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
    }

    /// The child entry at `entry`.
    @inline(__always)
    static func childEntry(_ entry: UnsafeRawPointer) -> (offset: UInt64, length: UInt32, checksum: UInt32) {
        (UInt64(littleEndian: entry.loadUnaligned(as: UInt64.self)),
         UInt32(littleEndian: entry.loadUnaligned(fromByteOffset: 8, as: UInt32.self)),
         UInt32(littleEndian: entry.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
    }

    /// Binary search as ``BTreeNode``'s: the first position whose key is `>= key` (or, with
    /// `upper`, `> key`), and whether the key there equals `key`.
    @inline(__always)
    func search(_ key: UnsafeBufferPointer<UInt8>, upper: Bool) -> (index: Int, found: Bool) {
        var rest = key
        let prefixLength = header.prefixLength
        if prefixLength > 0 {
            // Every key of the node starts with the prefix: a key that differs from it within
            // its length sorts before or after all of them, and the rest compares the suffixes.
            let n = min(prefixLength, key.count)
            let order = n == 0 ? 0 : memcmp(prefix, key.baseAddress!, n)
            if order > 0 { return (0, false) }
            if order < 0 { return (header.count, false) }
            if key.count < prefixLength { return (0, false) }
            rest = UnsafeBufferPointer(rebasing: key[prefixLength...])
        }
        let width = header.width
        let bytes = keys.assumingMemoryBound(to: UInt8.self)
        return ByteOrder.search(count: header.count, upper: upper) { mid in
            let start = mid == 0 ? 0 : Self.end(keyEnds, mid - 1, width: width)
            return ByteOrder.compare(bytes + start, Self.end(keyEnds, mid, width: width) - start, rest)
        }
    }

    /// The bytes of key `i` after the prefix, in place.
    @inline(__always)
    func keySuffix(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let width = header.width
        let start = i == 0 ? 0 : Self.end(keyEnds, i - 1, width: width)
        return UnsafeBufferPointer(start: keys.assumingMemoryBound(to: UInt8.self) + start, count: Self.end(keyEnds, i, width: width) - start)
    }

    /// The bytes every key of the node starts with, in place (empty in format 3).
    @inline(__always)
    var keyPrefix: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: prefix, count: header.prefixLength) }

    /// How key `i` (the prefix, then its rest) compares with `key`: negative, zero or positive as
    /// it sorts before, equal to or after it, without putting the key together.
    @inline(__always)
    func compareKey(_ i: Int, with key: UnsafeBufferPointer<UInt8>) -> Int {
        let rest = keySuffix(i)
        let prefixLength = header.prefixLength
        guard prefixLength > 0 else { return ByteOrder.compare(rest.baseAddress, rest.count, key) }
        let n = min(prefixLength, key.count)
        let order = ByteOrder.compare(prefix, n, UnsafeBufferPointer(rebasing: key[..<n]))
        if order != 0 { return order }
        // `key` ends inside the prefix (or with it): the key, which goes on, sorts after it.
        if key.count <= prefixLength { return key.count < prefixLength || rest.count > 0 ? 1 : 0 }
        return ByteOrder.compare(rest.baseAddress, rest.count, UnsafeBufferPointer(rebasing: key[prefixLength...]))
    }

    /// Calls `body` with the bytes of key `i`: in place without a prefix, else the prefix and
    /// the suffix copied into a buffer on the stack.
    @inline(__always)
    func withKey<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try Self.withJoinedKey(keyPrefix, keySuffix(i), body)
    }

    /// Calls `body` with `prefix` and `rest` as one key: `rest` itself when `prefix` is empty,
    /// else both copied into a buffer on the stack.
    @inline(__always)
    static func withJoinedKey<R>(_ prefix: UnsafeBufferPointer<UInt8>, _ rest: UnsafeBufferPointer<UInt8>,
                                 _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard prefix.count > 0 else { return try body(rest) }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: prefix.count + rest.count) { buffer in
            let base = buffer.baseAddress!
            base.initialize(from: prefix.baseAddress!, count: prefix.count)
            if rest.count > 0 { (base + prefix.count).initialize(from: rest.baseAddress!, count: rest.count) }
            return try body(UnsafeBufferPointer(buffer))
        }
    }

    /// Where an internal node's child table starts (``childEntry(_:)`` of entry `i` lies
    /// ``PageNodeLayout/childBytes`` × `i` past it): what a cursor keeps of a node on its path.
    var childTable: UnsafeRawPointer { afterKeys }

    /// Child `i` of an internal node.
    @inline(__always)
    func child(_ i: Int) -> (offset: UInt64, length: UInt32, checksum: UInt32) {
        Self.childEntry(afterKeys + i * PageNodeLayout.childBytes)
    }

    /// The bytes of value `i` of a leaf, in place (empty for an index entry of format 4).
    @inline(__always)
    func value(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard header.hasValueSection else { return UnsafeBufferPointer(start: nil, count: 0) }
        let width = header.width
        let values = (afterKeys + header.count * width).assumingMemoryBound(to: UInt8.self)
        let start = i == 0 ? 0 : Self.end(afterKeys, i - 1, width: width)
        return UnsafeBufferPointer(start: values + start, count: Self.end(afterKeys, i, width: width) - start)
    }
}
