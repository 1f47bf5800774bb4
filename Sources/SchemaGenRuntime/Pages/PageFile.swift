import Foundation
internal import CMemoryPrefetch

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
    /// Whether node records are laid out for reading in place (format 3 on, ``PageNodeLayout``).
    let hasInPlaceLayout: Bool
    /// Whether node records store their keys' shared prefix once (format 4 on, ``PageNodeLayout``).
    let hasKeyPrefixes: Bool
    /// Whether records lie in page runs that later checkpoints reuse (format 5 on, ``FreePageRuns``):
    /// then a child may lie after its parent.
    let reusesPageRuns: Bool
    private let reader: StorageReadableFile
    // Guarded by `lock`: the length the last durable checkpoint covers; no reference points past it.
    private let lock = NSLock()
    private var length: UInt64
    private var checkedInPlace = 0

    /// The file's size in bytes, asked of the open file (nothing is read).
    func size() throws -> UInt64 { try reader.size() }

    init(path: String, number: UInt64, reader: StorageReadableFile, validLength: UInt64, schema: ResolvedSchema,
         cache: PageCache, faults: PageFaults, version: UInt32 = FileFormat.Pages.version) {
        self.path = path
        self.hasChildChecksums = version >= 2
        self.hasInPlaceLayout = version >= FileFormat.Pages.firstInPlaceVersion
        self.hasKeyPrefixes = version >= FileFormat.Pages.firstKeyPrefixVersion
        self.reusesPageRuns = version >= FileFormat.Pages.firstPageRunVersion
        self.number = number
        self.reader = reader
        self.length = validLength
        if reusesPageRuns { reader.keepMapped(through: Int(clamping: validLength)) }
        self.schema = schema
        self.cache = cache
        self.faults = faults
    }

    /// The length covered by the last checkpoint written to this file.
    var validLength: UInt64 {
        get { lock.withLock { length } }
        set {
            lock.withLock { length = newValue }
            // Set before the checkpoint's state is adopted, so every map a reader of it gets covers its records.
            if reusesPageRuns { reader.keepMapped(through: Int(clamping: newValue)) }
        }
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
        let payloadLength = try bytes.withUnsafeBytes { try checkedPayload(of: $0, reference).count }
        let headerSize = FileFormat.Frame.headerSize
        return try PageNodeCodec.decode(bytes, payload: headerSize..<headerSize + payloadLength, reference: reference,
                                        schema: schema) { self.corrupt(reference, $0) }
    }

    /// The payload of `record`, the bytes `reference` names (a copy, or the record in the map),
    /// after the frame's checks: the header's own checksum, a payload that fills the record,
    /// and the payload's checksum, which must also be the one the parent recorded.
    private func checkedPayload(of record: UnsafeRawBufferPointer, _ reference: PageReference) throws -> UnsafeRawBufferPointer {
        let headerSize = FileFormat.Frame.headerSize
        assert(record.count == Int(reference.length) && record.count >= headerSize, "the caller checked the reference's length")
        let payloadLength = Int(UInt32(littleEndian: record.loadUnaligned(as: UInt32.self)))
        let payloadChecksum = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: FileFormat.Frame.payloadChecksumOffset, as: UInt32.self))
        let headerChecksum = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: FileFormat.Frame.checksummedHeaderBytes, as: UInt32.self))
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: record[0..<FileFormat.Frame.checksummedHeaderBytes])) == headerChecksum,
              payloadLength <= record.count - headerSize else {
            throw corrupt(reference, "page checksum mismatch")
        }
        guard payloadLength == record.count - headerSize else { throw corrupt(reference, "page record has the wrong length") }
        let payload = UnsafeRawBufferPointer(rebasing: record[headerSize...])
        guard CRC32C.checksum(payload) == payloadChecksum else { throw corrupt(reference, "page checksum mismatch") }
        if let expected = reference.checksum, payloadChecksum != expected {
            throw corrupt(reference, "page is not the record its parent names")
        }
        return payload
    }

    /// Checks the format-3-on record `reference` names where it lies in `mapping`, as ``read(_:)``
    /// checks a copy (the frame, then ``PageNodeLayout/verify(_:reference:schema:corrupt:)``),
    /// but copying, decoding and caching nothing: a point read needs one row of the record, so
    /// it builds no node and evicts none from the cache for it. What the first check still costs
    /// (reading the whole cold record, its checksum, every row's check) is measured in
    /// `docs/storage.md`, "Point reads at 10M rows".
    func checkInPlace(_ reference: PageReference, in mapping: PageMapping) throws {
        let end = reference.offset.addingReportingOverflow(UInt64(reference.length))
        guard !end.overflow, end.partialValue <= validLength, end.partialValue <= UInt64(mapping.length),
              reference.length >= UInt32(FileFormat.Frame.headerSize), Int(reference.length) <= FileFormat.Pages.maxNodeRecordBytes else {
            throw corrupt(reference, "page reference lies outside the file")
        }
        let record = UnsafeRawBufferPointer(start: mapping.base + Int(reference.offset), count: Int(reference.length))
        // ``verifiedView`` asked for the first `prefetchedRecordBytes`; the check reads the rest too.
        if record.count > Self.prefetchedRecordBytes {
            schemagen_prefetch_range(record.baseAddress! + Self.prefetchedRecordBytes, record.count - Self.prefetchedRecordBytes)
        }
        let payload = try checkedPayload(of: record, reference)
        try PageNodeLayout.verify(payload, reference: reference, schema: schema) { corrupt(reference, $0) }
        lock.withLock { checkedInPlace += 1 }
    }

    /// How much of a record ``verifiedView`` prefetches: a leaf of a bulk-loaded tree fits (a few
    /// KiB at most); a longer record's rest is prefetched only when the first check reads it all.
    static let prefetchedRecordBytes = 4096

    /// Records checked in place by ``checkInPlace(_:in:)`` since the file was opened: each is
    /// checked once per map, so reading the same records again leaves this unchanged.
    var recordsCheckedInPlace: Int { lock.withLock { checkedInPlace } }

    /// Forgets what was read from the records in `run` before a checkpoint writes new ones
    /// there: their cached nodes (records start on page boundaries) and the maps' verification
    /// bits, so the new records are checked in full when first read. Nothing live reaches the
    /// run (``CheckpointReaders``), so no reader is using what is forgotten.
    func forgetRecords(in run: Range<UInt64>) {
        var offset = run.lowerBound
        while offset < run.upperBound {
            cache.remove(in: self, at: offset)
            offset += UInt64(FileFormat.Pages.pageSize)
        }
        reader.forgetVerification(in: run)
    }

    func corrupt(_ reference: PageReference, _ reason: String) -> StoreError {
        .corrupted(file: path, offset: Int(clamping: reference.offset), reason: reason)
    }

    // MARK: Reading in place

    /// The outcome of ``withMappedValue(forKey:below:_:)``.
    enum MappedLookup<R> {
        case found(R)
        /// No entry with the key (or a damaged record on the way, recorded in ``faults``).
        case absent
        /// The file is not read through a map (or is of a format before 3): read through the cache.
        case unavailable
    }

    /// Looks `key` up in the subtree whose root `reference` names, reading every node where it
    /// lies in the memory map: no cache lookup, no decode and no allocation per step, only
    /// `body`'s result. A record is checked in full (checksums, structure, rows) the first time
    /// this map meets it (``PageMapping``); every read still compares the record's header with
    /// what its parent names (length, payload checksum, tree and level), so a record that is
    /// valid but not the one meant is refused as on the cache path. A damaged record reads as
    /// absent and records the fault, as ``node(_:)`` does.
    func withMappedValue<R>(forKey key: UnsafeBufferPointer<UInt8>, below reference: PageReference,
                            _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> MappedLookup<R> {
        guard let mapping = inPlaceMapping(for: reference) else { return .unavailable }
        return try withExtendedLifetime(mapping) {
            var offset = reference.offset, length = reference.length, level = reference.level
            var checksum = reference.checksum ?? 0
            while true {
                guard let view = verifiedView(in: mapping, offset: offset, length: length, level: level, checksum: checksum,
                                              table: reference.table, tree: reference.tree) else { return .absent }
                if level == 0 {
                    let (i, found) = view.search(key, upper: false)
                    return found ? .found(try body(view.value(i))) : .absent
                }
                // The verified parent's children lie before it in the file, so inside this map.
                (offset, length, checksum) = view.child(view.search(key, upper: true).index)
                level -= 1
            }
        }
    }

    /// The memory map to read the subtree under `reference` in place, or nil when it must be
    /// read through the cache: a format before 3, a file not read through a map, or a system
    /// without the atomics that record which records were checked. From format 5 the map covers
    /// the whole checkpointed length (``StorageReadableFile/keepMapped(through:)``): a child may
    /// lie after its parent.
    func inPlaceMapping(for reference: PageReference) -> PageMapping? {
        guard hasInPlaceLayout, PageMapping.tracksVerification else { return nil }
        let end = reference.offset.addingReportingOverflow(UInt64(reference.length))
        guard !end.overflow, end.partialValue <= UInt64(Int.max) else { return nil }
        do { return try reader.mapping(through: Int(end.partialValue)) } catch { return nil }
    }

    /// The node at `offset` as a view of the map, verified in full if this map has not met it
    /// yet, or nil (the fault recorded) if it is damaged or not the record its parent names.
    /// The view is valid while `mapping` lives; its children lie before it, so inside the map.
    @inline(__always)
    func verifiedView(in mapping: PageMapping, offset: UInt64, length: UInt32, level: UInt8, checksum: UInt32,
                              table: UInt32, tree: UInt16) -> PageNodeView? {
        func reference() -> PageReference {
            PageReference(file: self, offset: offset, length: length, level: level, table: table, tree: tree, checksum: checksum)
        }
        // Only a damaged reference names a record outside the map (the map covers what the state reaches).
        guard mapping.covers(offset: offset, length: length) else {
            faults.record(corrupt(reference(), "page reference lies outside the file"))
            return nil
        }
        // Every line of the record is asked for at once, before the verification bit is read:
        // that bit's miss, the record's and (on a first meeting) those of the whole record the
        // check reads then overlap instead of following one another (a record is rarely
        // cached at 10M rows; measured in `docs/storage.md`, "Cold point reads").
        schemagen_prefetch_range(mapping.base + Int(offset), min(Int(length), Self.prefetchedRecordBytes))
        if !mapping.isVerified(at: offset) {
            // A node decoded into the cache passed the same checks; otherwise check the record where it lies.
            if cache.node(in: self, at: offset) == nil {
                do {
                    try checkInPlace(reference(), in: mapping)
                } catch let error as StoreError {
                    faults.record(error)
                    return nil
                } catch {
                    faults.record(corrupt(reference(), "\(error)"))
                    return nil
                }
            }
            mapping.markVerified(at: offset)
        }
        guard let view = framedView(in: mapping, offset: offset, length: length, checksum: checksum),
              view.header.level == level, view.header.table == Int(table), view.header.tree == Int(tree) else {
            faults.record(corrupt(reference(), "page is not the record its parent names"))
            return nil
        }
        return view
    }

    /// The record at `offset` of `mapping` (inside it) as a view, if its frame says the length and
    /// payload checksum its parent names; nil otherwise. What every in-place read compares, even
    /// of a verified record: a reference into the middle of one names no such frame.
    @inline(__always)
    func framedView(in mapping: PageMapping, offset: UInt64, length: UInt32, checksum: UInt32) -> PageNodeView? {
        let record = mapping.base + Int(offset)
        let payloadLength = UInt32(littleEndian: record.loadUnaligned(as: UInt32.self))
        let payloadChecksum = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: FileFormat.Frame.payloadChecksumOffset, as: UInt32.self))
        let headerSize = FileFormat.Frame.headerSize
        guard Int(payloadLength) + headerSize == Int(length), payloadChecksum == checksum else { return nil }
        return PageNodeView(payload: UnsafeRawBufferPointer(start: record + headerSize, count: Int(payloadLength)),
                            keyPrefixes: hasKeyPrefixes)
    }
}
