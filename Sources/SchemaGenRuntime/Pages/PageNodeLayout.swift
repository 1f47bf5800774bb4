/// The node record layout of page-file format 3, built so a reader can search a node where it
/// lies in the memory map (``PageNodeView``) instead of decoding it first:
///
/// u8 kind (1 leaf, 2 internal), u8 level, table (varint), tree (varint), key count (varint),
/// u8 width (2 or 4: the bytes of each end offset below); the keys' end offsets (`count`
/// little-endian integers of `width` bytes, each just past its key in the key bytes), the key
/// bytes back to back; then a leaf's value end offsets and value bytes the same way, or an
/// internal node's `count + 1` children (u64 offset, u32 record length, u32 payload CRC-32C each).
///
/// Fixed-width end offsets are what make a binary search possible in place (the varint lengths
/// of formats 1 and 2 must be walked from the first key). Two bytes suffice unless a node's keys
/// or values exceed 64 KiB, so the offsets cost about as much as the varints did.
enum PageNodeLayout {
    private typealias Format = FileFormat.Pages
    /// Bytes of one child entry of an internal node.
    static let childBytes = 16

    /// The payload of `node` in this layout (its children, if any, were written at `children`).
    static func encode(_ node: BTreeNode, level: UInt8, table: Int, tree: Int, children: [PageReference]) -> [UInt8] {
        let count = node.count
        let keyTotal = Int(node.keyEnds.last ?? 0), valueTotal = node.isLeaf ? Int(node.valueEnds.last ?? 0) : 0
        let width = keyTotal <= Int(UInt16.max) && valueTotal <= Int(UInt16.max) ? 2 : 4
        var w = ByteWriter(capacity: 16 + (count * width + keyTotal) + (node.isLeaf ? count * width + valueTotal : childBytes * children.count))
        w.u8(node.isLeaf ? Format.leafKind : Format.internalKind)
        w.u8(level)
        w.varint(table)
        w.varint(tree)
        w.varint(count)
        w.u8(UInt8(width))
        func section(_ ends: [UInt32], _ bytes: [UInt8], total: Int) {
            for end in ends {
                if width == 2 { w.u8(UInt8(truncatingIfNeeded: end)); w.u8(UInt8(truncatingIfNeeded: end >> 8)) } else { w.u32(end) }
            }
            w.bytes.append(contentsOf: bytes[0..<total])
        }
        section(node.keyEnds, node.keyBytes, total: keyTotal)
        if node.isLeaf {
            section(node.valueEnds, node.valueBytes, total: valueTotal)
        } else {
            for child in children { w.u64(child.offset); w.u32(child.length); w.u32(child.checksum ?? 0) }
        }
        return w.bytes
    }

    /// Decodes the node record `bytes` (payload at `payload`) into a node, checking everything
    /// a later read trusts (``PageNodeView`` trusts the same checks): that it is the node
    /// `reference` expects, end offsets in order and inside the record, keys strictly
    /// increasing, rows that decode, index entries whose primary-key length fits, a sane fill,
    /// and children that lie before their parent (records are appended children first, so this
    /// also rules out cycles).
    static func decode(_ bytes: [UInt8], payload: Range<Int>, reference: PageReference, schema: ResolvedSchema,
                       corrupt: (String) -> StoreError) throws -> BTreeNode {
        try bytes.withUnsafeBytes { all in
            let p = UnsafeRawBufferPointer(rebasing: all[payload])
            guard let header = PageNodeHeader(p) else { throw corrupt("malformed page") }
            try check(header, reference: reference, schema: schema, corrupt: corrupt)
            let count = header.count, width = header.width
            let (keyEnds, keysEnd) = try ends(p, from: header.endsStart, count: count, width: width, corrupt: corrupt)
            let keysStart = header.endsStart + count * width
            let keyBytes = keyEnds.last.map { [UInt8](p[keysStart..<keysStart + Int($0)]) } ?? []
            for i in 1..<max(1, count) {
                let previous = (i == 1 ? 0 : Int(keyEnds[i - 2]))..<Int(keyEnds[i - 1]), current = Int(keyEnds[i - 1])..<Int(keyEnds[i])
                let order = keyBytes.withUnsafeBufferPointer { k in
                    ByteOrder.compare(k.baseAddress! + previous.lowerBound, previous.count, UnsafeBufferPointer(rebasing: k[current]))
                }
                guard order < 0 else { throw corrupt("keys of the page are not in increasing order") }
            }
            if header.kind == Format.leafKind {
                let (valueEnds, valuesEnd) = try ends(p, from: keysEnd, count: count, width: width, corrupt: corrupt)
                guard valuesEnd == p.count else { throw corrupt("trailing bytes in page") }
                let valuesStart = keysEnd + count * width
                let valueBytes = valueEnds.last.map { [UInt8](p[valuesStart..<valuesStart + Int($0)]) } ?? []
                let table = schema.tables[header.table]
                try valueBytes.withUnsafeBufferPointer { values in
                    for i in 0..<count {
                        let range = (i == 0 ? 0 : Int(valueEnds[i - 1]))..<Int(valueEnds[i])
                        if header.tree == 0 {
                            guard RowCodec.isWellFormed(UnsafeBufferPointer(rebasing: values[range]), columns: table.definition.columns) else {
                                throw corrupt("row of table '\(table.name)' does not decode")
                            }
                        } else {
                            let keyRange = (i == 0 ? 0 : Int(keyEnds[i - 1]))..<Int(keyEnds[i])
                            guard range.isEmpty, IndexKeys.primaryKeyRange(ofEntry: keyBytes[keyRange]) != nil else {
                                throw corrupt("index entry of table '\(table.name)' tree \(header.tree) is malformed")
                            }
                        }
                    }
                }
                return BTreeNode(generation: 0, keyBytes: keyBytes, keyEnds: keyEnds, valueBytes: valueBytes, valueEnds: valueEnds,
                                 page: reference, isLeaf: true)
            }
            guard p.count - keysEnd == (count + 1) * childBytes else { throw corrupt("trailing bytes in page") }
            var children: [BTreeNode] = []
            children.reserveCapacity(count + 1)
            for i in 0...count {
                let entry = PageNodeView.childEntry(p.baseAddress! + keysEnd + i * childBytes)
                let end = entry.offset.addingReportingOverflow(UInt64(entry.length))
                guard !end.overflow, end.partialValue <= reference.offset else { throw corrupt("child page does not precede its parent") }
                children.append(BTreeNode(stubFor: PageReference(file: reference.file, offset: entry.offset, length: entry.length,
                                                                 level: header.level - 1, table: reference.table, tree: reference.tree,
                                                                 checksum: entry.checksum)))
            }
            return BTreeNode(generation: 0, keyBytes: keyBytes, keyEnds: keyEnds, children: children, page: reference, isLeaf: false)
        }
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

    /// The `count` end offsets at `start` of `p`, checked to be in order and to fit in the
    /// record; also where the section's bytes end.
    private static func ends(_ p: UnsafeRawBufferPointer, from start: Int, count: Int, width: Int,
                             corrupt: (String) -> StoreError) throws -> ([UInt32], Int) {
        guard p.count - start >= count * width else { throw corrupt("malformed page") }
        var ends: [UInt32] = []
        ends.reserveCapacity(count)
        var previous = 0
        for i in 0..<count {
            let end = PageNodeView.end(p.baseAddress! + start, i, width: width)
            guard end >= previous else { throw corrupt("malformed page") }
            ends.append(UInt32(end))
            previous = end
        }
        let sectionEnd = start + count * width + previous
        guard sectionEnd <= p.count else { throw corrupt("malformed page") }
        return (ends, sectionEnd)
    }
}

/// The fixed part of a format-3 node record, parsed from its payload.
struct PageNodeHeader {
    var kind: UInt8
    var level: UInt8
    var table: Int
    var tree: Int
    var count: Int
    var width: Int
    /// Where the key end offsets start, from the payload's start.
    var endsStart: Int

    /// Nil when the payload is too short or a varint runs past it (or past 32 bits).
    @inline(__always)
    init?(_ p: UnsafeRawBufferPointer) {
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
        endsStart = position + 1
    }
}

/// A format-3 node read where it lies in the memory map: a binary search compares the key with
/// the mapped keys, and a found value is handed over in place, so a descent allocates nothing.
///
/// Only records that ``PageNodeLayout/decode(_:payload:reference:schema:corrupt:)`` accepted are
/// viewed (``PageFile`` remembers which, see ``PageMapping``), so the view trusts the offsets.
struct PageNodeView {
    let header: PageNodeHeader
    private let keyEnds: UnsafeRawPointer
    private let keys: UnsafeRawPointer
    /// A leaf's value end offsets, or an internal node's children.
    private let afterKeys: UnsafeRawPointer

    @inline(__always)
    init?(payload: UnsafeRawBufferPointer) {
        guard let header = PageNodeHeader(payload) else { return nil }
        self.header = header
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
        let width = header.width
        let bytes = keys.assumingMemoryBound(to: UInt8.self)
        return ByteOrder.search(count: header.count, upper: upper) { mid in
            let start = mid == 0 ? 0 : Self.end(keyEnds, mid - 1, width: width)
            return ByteOrder.compare(bytes + start, Self.end(keyEnds, mid, width: width) - start, key)
        }
    }

    /// The bytes of key `i`, in place.
    @inline(__always)
    func key(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let width = header.width
        let start = i == 0 ? 0 : Self.end(keyEnds, i - 1, width: width)
        return UnsafeBufferPointer(start: keys.assumingMemoryBound(to: UInt8.self) + start, count: Self.end(keyEnds, i, width: width) - start)
    }

    /// Child `i` of an internal node.
    @inline(__always)
    func child(_ i: Int) -> (offset: UInt64, length: UInt32, checksum: UInt32) {
        Self.childEntry(afterKeys + i * PageNodeLayout.childBytes)
    }

    /// The bytes of value `i` of a leaf, in place.
    @inline(__always)
    func value(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let width = header.width
        let values = (afterKeys + header.count * width).assumingMemoryBound(to: UInt8.self)
        let start = i == 0 ? 0 : Self.end(afterKeys, i - 1, width: width)
        return UnsafeBufferPointer(start: values + start, count: Self.end(afterKeys, i, width: width) - start)
    }
}
