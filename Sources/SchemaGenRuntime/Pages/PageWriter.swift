/// Writes node records to a page file during a checkpoint: appended, buffered into large
/// writes, or (format 5) written into a free page run that no live state reaches.
///
/// Nodes already in the target file (decoded from it, or stubs for it) are not written again:
/// their reference is reused, so a checkpoint writes only what changed since the last one, plus
/// the path from each change to its root (copy-on-write never overwrites a live record).
struct PageWriter {
    let target: PageFile
    let output: StorageFile
    private var buffer = ByteWriter(capacity: FileFormat.Pages.writeBufferBytes + 4096)
    private var flushedLength: UInt64
    /// What may be reused: the handle that writes at offsets, and the newest checkpoint whose
    /// freed runs may be written (nil: only appends).
    private let reuse: (file: PositionalWritableFile, freedBy: UInt64)?
    /// The file's free runs: those reused are taken out as records are written into them.
    private(set) var free: FreePageRuns
    /// Node records written so far, and how many pages of them went into reused runs.
    private(set) var nodesWritten = 0
    private(set) var pagesReused = 0
    /// The reference of each node written, keyed by the node object handed to ``write(_:table:tree:)``
    /// (a stub of another file, not the node it resolves to): what a checkpoint swaps in for the
    /// nodes writers did not copy meanwhile (``WrittenCheckpoint``). The keys are only valid while
    /// the written state keeps those objects alive.
    private(set) var written: [ObjectIdentifier: PageReference] = [:]
    /// The offsets of records already in the file that the written trees still name: what the
    /// previous checkpoint reached and this one does not is everything else (``PageStore``).
    private(set) var kept: Set<UInt64> = []

    init(target: PageFile, output: StorageFile, startingAt length: UInt64, free: FreePageRuns = FreePageRuns(),
         reuse: (file: PositionalWritableFile, freedBy: UInt64)? = nil) {
        self.target = target
        self.output = output
        flushedLength = length
        self.free = free
        self.reuse = reuse
        if target.reusesPageRuns { padToPage() }
    }

    /// The file length once everything written is flushed.
    var length: UInt64 { flushedLength + UInt64(buffer.bytes.count) }

    /// Writes the tree under `node` (the nodes not yet in the target file), returning the root's reference.
    mutating func write(_ original: BTreeNode, table: Int, tree: Int) throws -> PageReference {
        if let page = original.page, page.file === target {
            kept.insert(page.offset)
            return page
        }
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
        var offset = length
        let start = buffer.bytes.count
        RecordFraming.appendFrame(payload, to: &buffer)
        let checksum = RecordFraming.payloadChecksum(ofRecord: buffer.bytes, at: start)
        let recordLength = UInt32(buffer.bytes.count - start)
        if target.reusesPageRuns {
            let pages = FreePageRuns.pages(forRecordOf: recordLength)
            if let reuse, let run = free.take(pages, freedBy: reuse.freedBy) {
                let record = Array(buffer.bytes[start...])
                buffer.bytes.removeSubrange(start...)
                target.forgetRecords(in: run..<run + UInt64(pages) * UInt64(FileFormat.Pages.pageSize))
                try reuse.file.write(record, at: run)
                offset = run
                pagesReused += Int(pages)
            } else {
                padToPage()
            }
        }
        nodesWritten += 1
        if buffer.bytes.count >= FileFormat.Pages.writeBufferBytes { try flush() }
        let reference = PageReference(file: target, offset: offset, length: recordLength, level: level, table: UInt32(table), tree: UInt16(tree),
                                      checksum: checksum)
        written[ObjectIdentifier(original)] = reference
        return reference
    }

    /// Zeros up to the next page boundary, so the next appended record starts a page run.
    private mutating func padToPage() {
        let rest = Int(length % UInt64(FileFormat.Pages.pageSize))
        if rest != 0 { buffer.bytes.append(contentsOf: repeatElement(0, count: FileFormat.Pages.pageSize - rest)) }
    }

    /// Appends the buffered records to the file.
    mutating func flush() throws {
        guard !buffer.bytes.isEmpty else { return }
        try output.append(buffer.bytes)
        flushedLength += UInt64(buffer.bytes.count)
        buffer.bytes.removeAll(keepingCapacity: true)
    }
}
