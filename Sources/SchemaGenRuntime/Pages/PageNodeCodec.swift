/// A node's record in a page file (the payload inside ``RecordFraming``'s frame). Format 3 on
/// is ``PageNodeLayout``; this reads the two earlier formats, which a checkpoint rewrites:
///
/// u8 kind (1 leaf, 2 internal), u8 level, table (varint), tree (varint), key count (varint),
/// the keys (varint length + bytes each); then a leaf's values (varint length + bytes each),
/// or an internal node's `count + 1` children (u64 offset, u32 record length, u32 payload
/// CRC-32C each; format 1 has no checksum).
enum PageNodeCodec {
    private typealias Format = FileFormat.Pages

    /// The payload of `node` in the current format (its children, if any, were written at `children`).
    static func encode(_ node: BTreeNode, level: UInt8, table: Int, tree: Int, children: [PageReference]) -> [UInt8] {
        PageNodeLayout.encode(node, level: level, table: table, tree: tree, children: children)
    }

    /// Decodes a node record of whichever format its file has.
    static func decode(_ bytes: [UInt8], payload: Range<Int>, reference: PageReference, schema: ResolvedSchema,
                       corrupt: (String) -> StoreError) throws -> BTreeNode {
        if reference.file.hasInPlaceLayout {
            return try PageNodeLayout.decode(bytes, payload: payload, reference: reference, schema: schema, corrupt: corrupt)
        }
        return try decodeVarintLayout(bytes, payload: payload, reference: reference, schema: schema, corrupt: corrupt)
    }

    /// Decodes the format 1 or 2 node record `bytes` (payload at `payload`), checking that it is the node
    /// `reference` expects and that every later read may trust it: keys strictly increasing,
    /// rows that decode, index entries whose primary-key length fits, a sane fill.
    private static func decodeVarintLayout(_ bytes: [UInt8], payload: Range<Int>, reference: PageReference, schema: ResolvedSchema,
                                           corrupt: (String) -> StoreError) throws -> BTreeNode {
        var r = ByteReader(bytes, from: payload.lowerBound, to: payload.upperBound)
        do {
            let kind = try r.u8(), level = try r.u8()
            let table = try r.int(), tree = try r.int(), count = try r.int()
            guard kind == Format.leafKind || kind == Format.internalKind, (kind == Format.leafKind) == (level == 0) else {
                throw corrupt("unknown page kind \(kind) at level \(level)")
            }
            guard level == reference.level, table == Int(reference.table), tree == Int(reference.tree) else {
                throw corrupt("page belongs to table \(table) tree \(tree) level \(level), expected table \(reference.table) tree \(reference.tree) level \(reference.level)")
            }
            guard table < schema.tables.count, tree <= schema.tables[table].indexes.count else { throw corrupt("page of an unknown tree") }
            let isLeaf = kind == Format.leafKind
            let limit = isLeaf ? BTree.maxLeafFill : BTree.maxInternalFill - 1
            guard count <= limit, count > 0 || !isLeaf else { throw corrupt("page holds \(count) keys") }
            // Two passes per section: the first checks lengths (and key order) in place, the
            // second copies into buffers of the exact size — no allocation per key or row.
            let keysStart = r.position
            var keyEnds: [UInt32] = []
            keyEnds.reserveCapacity(count)
            var keyTotal = 0
            try bytes.withUnsafeBufferPointer { all in
                var previous = 0..<0
                for i in 0..<count {
                    let length = try r.int()
                    guard length <= r.end - r.position else { throw ByteReader.Truncated() }
                    let current = r.position..<r.position + length
                    if i > 0 {
                        guard ByteOrder.compare(all.baseAddress! + previous.lowerBound, previous.count, UnsafeBufferPointer(rebasing: all[current])) < 0 else {
                            throw corrupt("keys of the page are not in increasing order")
                        }
                    }
                    previous = current
                    keyTotal += length
                    keyEnds.append(UInt32(keyTotal))
                    r.position += length
                }
            }
            let keyBytes = Self.copySection(bytes, from: keysStart, ends: keyEnds, total: keyTotal)
            let kinds = schema.tables[table].rowKinds
            if isLeaf {
                let valuesStart = r.position
                var valueEnds: [UInt32] = []
                valueEnds.reserveCapacity(count)
                var valueTotal = 0
                try bytes.withUnsafeBufferPointer { all in
                    for i in 0..<count {
                        let length = try r.int()
                        guard length <= r.end - r.position else { throw ByteReader.Truncated() }
                        let range = r.position..<r.position + length
                        if tree == 0 {
                            guard RowCodec.isWellFormed(UnsafeBufferPointer(rebasing: all[range]), kinds: kinds) else {
                                throw corrupt("row of table '\(schema.tables[table].name)' does not decode")
                            }
                        } else {
                            let keyRange = (i == 0 ? 0 : Int(keyEnds[i - 1]))..<Int(keyEnds[i])
                            guard length == 0, IndexKeys.primaryKeyRange(ofEntry: keyBytes[keyRange]) != nil else {
                                throw corrupt("index entry of table '\(schema.tables[table].name)' tree \(tree) is malformed")
                            }
                        }
                        valueTotal += length
                        valueEnds.append(UInt32(valueTotal))
                        r.position += length
                    }
                }
                guard r.isAtEnd else { throw corrupt("trailing bytes in page") }
                let valueBytes = Self.copySection(bytes, from: valuesStart, ends: valueEnds, total: valueTotal)
                return BTreeNode(generation: 0, keyBytes: keyBytes, keyEnds: keyEnds, valueBytes: valueBytes, valueEnds: valueEnds,
                                 page: reference, isLeaf: true)
            }
            var children: [BTreeNode] = []
            children.reserveCapacity(count + 1)
            for _ in 0...count {
                let offset = try r.u64(), length = try r.u32()
                let checksum = reference.file.hasChildChecksums ? try r.u32() : nil
                children.append(BTreeNode(stubFor: PageReference(file: reference.file, offset: offset, length: length, level: level - 1,
                                                                 table: reference.table, tree: reference.tree, checksum: checksum)))
            }
            guard r.isAtEnd else { throw corrupt("trailing bytes in page") }
            return BTreeNode(generation: 0, keyBytes: keyBytes, keyEnds: keyEnds, children: children, page: reference, isLeaf: false)
        } catch is ByteReader.Truncated {
            throw corrupt("malformed page")
        }
    }

    /// The byte strings of a section that starts at `start` of `bytes` (each a varint length,
    /// then the bytes; already checked), back to back in one buffer of exactly `total` bytes.
    private static func copySection(_ bytes: [UInt8], from start: Int, ends: [UInt32], total: Int) -> [UInt8] {
        guard total > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            bytes.withUnsafeBufferPointer { all in
                var position = start, written = 0
                for end in ends {
                    let length = Int(end) - written
                    // The varint was read once already; skipping its bytes needs no decoding.
                    while all[position] & 0x80 != 0 { position += 1 }
                    position += 1
                    if length > 0 {
                        (out.baseAddress! + written).initialize(from: all.baseAddress! + position, count: length)
                    }
                    position += length
                    written += length
                }
            }
            initialized = total
        }
    }
}
