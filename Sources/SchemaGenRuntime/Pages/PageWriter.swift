/// Appends node records to a page file during a checkpoint, buffering them into large writes.
///
/// Nodes already in the target file (decoded from it, or stubs for it) are not written again:
/// their reference is reused, so a checkpoint writes only what changed since the last one, plus
/// the path from each change to its root (copy-on-write never overwrites a record).
struct PageWriter {
    let target: PageFile
    let output: StorageFile
    private var buffer = ByteWriter(capacity: FileFormat.Pages.writeBufferBytes + 4096)
    private var flushedLength: UInt64
    /// Node records written so far.
    private(set) var nodesWritten = 0
    /// The reference of each node written, keyed by the node object handed to ``write(_:table:tree:)``
    /// (a stub of another file, not the node it resolves to): what a checkpoint swaps in for the
    /// nodes writers did not copy meanwhile (``WrittenCheckpoint``). The keys are only valid while
    /// the written state keeps those objects alive.
    private(set) var written: [ObjectIdentifier: PageReference] = [:]

    init(target: PageFile, output: StorageFile, startingAt length: UInt64) {
        self.target = target
        self.output = output
        flushedLength = length
    }

    /// The file length once everything written is flushed.
    var length: UInt64 { flushedLength + UInt64(buffer.bytes.count) }

    /// Writes the tree under `node` (the nodes not yet in the target file), returning the root's reference.
    mutating func write(_ original: BTreeNode, table: Int, tree: Int) throws -> PageReference {
        if let page = original.page, page.file === target { return page }
        let node = original.isStub ? original.resolved() : original
        try target.faults.check()
        var children: [PageReference] = []
        var level: UInt8 = 0
        if !node.isLeaf {
            children.reserveCapacity(node.children.count)
            for i in node.children.indices { children.append(try write(node.children[i], table: table, tree: tree)) }
            level = children[0].level + 1
        }
        let payload = PageNodeCodec.encode(node, level: level, table: table, tree: tree, children: children)
        let offset = length, start = buffer.bytes.count
        RecordFraming.appendFrame(payload, to: &buffer)
        let checksum = RecordFraming.payloadChecksum(ofRecord: buffer.bytes, at: start)
        let recordLength = UInt32(length - offset)
        nodesWritten += 1
        if buffer.bytes.count >= FileFormat.Pages.writeBufferBytes { try flush() }
        let reference = PageReference(file: target, offset: offset, length: recordLength, level: level, table: UInt32(table), tree: UInt16(tree),
                                      checksum: checksum)
        written[ObjectIdentifier(original)] = reference
        return reference
    }

    /// Appends the buffered records to the file.
    mutating func flush() throws {
        guard !buffer.bytes.isEmpty else { return }
        try output.append(buffer.bytes)
        flushedLength += UInt64(buffer.bytes.count)
        buffer.bytes.removeAll(keepingCapacity: true)
    }
}
