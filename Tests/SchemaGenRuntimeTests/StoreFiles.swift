import Foundation
@testable import SchemaGenRuntime

/// Record-level access to a store's files, for damage that checksums alone cannot catch:
/// records dropped, duplicated or swapped, and records rewritten with valid checksums.
enum StoreFiles {
    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The payloads of every record of an undamaged file.
    static func payloads(_ path: String) throws -> [[UInt8]] {
        let all = try bytes(path)
        return try RecordFraming.parse(all, file: path, allowTornTail: false).payloads.map { Array(all[$0]) }
    }

    /// Offsets where each record of an undamaged file starts.
    static func recordStarts(_ path: String) throws -> [Int] {
        try RecordFraming.parse(bytes(path), file: path, allowTornTail: false).payloads
            .map { $0.lowerBound - FileFormat.Frame.headerSize }
    }

    /// Replaces the file with `payloads`, each framed with valid checksums.
    static func writeRecords(_ payloads: [[UInt8]], to path: String) throws {
        try write(payloads.flatMap(RecordFraming.frame), to: path)
    }

    /// The payload of every record the trees of `store`'s page file reach, each with the bytes
    /// its slot takes up to the next such record (its padding, and any free runs after it).
    static func pageSlots(_ store: String) throws -> [(payload: [UInt8], slot: Int)] {
        let file = try PageFiles.pageFile(store)
        let all = try bytes(file)
        let extents = try PageFiles.recordExtents(store)
        return try extents.indices.map { i in
            let (offset, length) = extents[i]
            let record = Array(all[offset..<offset + length])
            let payload = try RecordFraming.parse(record, file: file, allowTornTail: false).payloads[0]
            let next = i + 1 < extents.count ? extents[i + 1].offset : all.count
            return (Array(record[payload]), next - offset)
        }
    }

    /// Replaces a page file with `slots`, each payload framed with valid checksums and padded
    /// with zeros to its slot (or to whole pages, if it no longer fits), as the records lay.
    static func writePageSlots(_ slots: [(payload: [UInt8], slot: Int)], to path: String) throws {
        var out: [UInt8] = []
        for (payload, slot) in slots {
            let record = RecordFraming.frame(payload)
            let page = FileFormat.Pages.pageSize
            out += record + [UInt8](repeating: 0, count: max(slot, (record.count + page - 1) / page * page) - record.count)
        }
        try write(out, to: path)
    }

    /// The log files of a store, oldest first.
    static func logs(_ store: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store).filter { $0.hasPrefix("wal-") }.sorted().map { store + "/" + $0 }
    }

    /// One tree chunk of a snapshot file: its table, tree number and entries (value nil for index trees).
    struct TreeChunk {
        var table: Int
        var tree: Int
        var entries: [(key: [UInt8], value: [UInt8]?)]

        /// The chunk a payload holds, or nil for other snapshot records.
        init?(_ payload: [UInt8]) {
            var r = ByteReader(payload)
            guard (try? r.u8()) == FileFormat.Snapshot.treeKind, let t = try? r.int(), let tree = try? r.int(),
                  let count = try? r.int() else { return nil }
            var entries: [(key: [UInt8], value: [UInt8]?)] = []
            for _ in 0..<count {
                guard let key = try? r.blob() else { return nil }
                if tree == 0 {
                    guard let value = try? r.blob() else { return nil }
                    entries.append((key, value))
                } else {
                    entries.append((key, nil))
                }
            }
            self.table = t
            self.tree = tree
            self.entries = entries
        }

        var payload: [UInt8] {
            var w = ByteWriter()
            w.u8(FileFormat.Snapshot.treeKind); w.varint(table); w.varint(tree); w.varint(entries.count)
            for entry in entries {
                w.blob(entry.key)
                if let value = entry.value { w.blob(value) }
            }
            return w.bytes
        }
    }

    /// Rewrites the first tree chunk of `table`/`tree` in a snapshot with `change`, keeping
    /// every checksum valid; returns the offset of the rewritten record.
    @discardableResult
    static func rewriteChunk(_ snapshot: String, table: Int = 0, tree: Int = 0, _ change: (inout TreeChunk) -> Void) throws -> Int {
        var payloads = try payloads(snapshot)
        guard let i = payloads.firstIndex(where: { TreeChunk($0).map { $0.table == table && $0.tree == tree } ?? false }) else {
            throw StoreError.corrupted(file: snapshot, offset: 0, reason: "test: no chunk for table \(table) tree \(tree)")
        }
        var chunk = TreeChunk(payloads[i])!
        change(&chunk)
        payloads[i] = chunk.payload
        try writeRecords(payloads, to: snapshot)
        return try recordStarts(snapshot)[i]
    }
}
