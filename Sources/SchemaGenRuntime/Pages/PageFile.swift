import Foundation

/// One page file opened for reading: nodes are read from it on demand, through the store's
/// shared ``PageCache``, and decoded with every check later reads rely on.
final class PageFile: @unchecked Sendable {
    let path: String
    /// The page file's number (its name is ``FileFormat/Pages/fileName(_:)``).
    let number: UInt64
    let schema: ResolvedSchema
    let cache: PageCache
    let faults: PageFaults
    /// Whether internal nodes and the meta record their children's checksums (format 2 on).
    let hasChildChecksums: Bool
    private let reader: StorageReadableFile
    // Guarded by `lock`: the length the last durable checkpoint covers; no reference points past it.
    private let lock = NSLock()
    private var length: UInt64

    /// The file's size in bytes, asked of the open file (nothing is read).
    func size() throws -> UInt64 { try reader.size() }

    init(path: String, number: UInt64, reader: StorageReadableFile, validLength: UInt64, schema: ResolvedSchema,
         cache: PageCache, faults: PageFaults, version: UInt32 = FileFormat.Pages.version) {
        self.path = path
        self.hasChildChecksums = version >= 2
        self.number = number
        self.reader = reader
        self.length = validLength
        self.schema = schema
        self.cache = cache
        self.faults = faults
    }

    /// The length covered by the last checkpoint written to this file.
    var validLength: UInt64 {
        get { lock.withLock { length } }
        set { lock.withLock { length = newValue } }
    }

    /// The node `reference` names. A damaged record reads as an empty leaf and records the
    /// fault in ``faults`` (see ``PageFaults``).
    func node(_ reference: PageReference) -> BTreeNode {
        if let cached = cache.node(in: self, at: reference.offset) { return cached }
        do {
            let node = try read(reference)
            cache.insert(node, in: self, at: reference.offset)
            return node
        } catch let error as StoreError {
            faults.record(error)
        } catch {
            faults.record(.corrupted(file: path, offset: Int(clamping: reference.offset), reason: "\(error)"))
        }
        return BTreeNode(generation: 0)
    }

    /// Reads and decodes the node `reference` names, bypassing the cache.
    func read(_ reference: PageReference) throws -> BTreeNode {
        let end = reference.offset.addingReportingOverflow(UInt64(reference.length))
        guard !end.overflow, end.partialValue <= validLength, reference.length >= UInt32(FileFormat.Frame.headerSize),
              Int(reference.length) <= FileFormat.Pages.maxNodeRecordBytes else {
            throw corrupt(reference, "page reference lies outside the file")
        }
        let bytes = try reader.read(at: reference.offset, count: Int(reference.length))
        let parsed: RecordFraming.Parsed
        do {
            parsed = try RecordFraming.parse(bytes, file: path, allowTornTail: false)
        } catch {
            throw corrupt(reference, "page checksum mismatch")
        }
        guard parsed.payloads.count == 1, parsed.validEnd == bytes.count else { throw corrupt(reference, "page record has the wrong length") }
        if let expected = reference.checksum, RecordFraming.payloadChecksum(ofRecord: bytes) != expected {
            throw corrupt(reference, "page is not the record its parent names")
        }
        return try PageNodeCodec.decode(bytes, payload: parsed.payloads[0], reference: reference, schema: schema) { self.corrupt(reference, $0) }
    }

    func corrupt(_ reference: PageReference, _ reason: String) -> StoreError {
        .corrupted(file: path, offset: Int(clamping: reference.offset), reason: reason)
    }
}
