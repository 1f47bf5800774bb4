/// The meta file `pages.meta`: one framed record naming the page file, how much of it the
/// checkpoint covers, the log that continues it, the catalog, and every tree's root.
///
/// Written to `pages.meta.tmp`, fsynced, renamed over `pages.meta`, then the directory is
/// fsynced: a crash leaves the old or the new checkpoint, never a mixture (a checkpoint writes
/// only past what the old meta covers or into runs the old meta lists as free, so the old
/// checkpoint's nodes stay intact).
struct PageMeta {
    struct Root {
        var offset: UInt64
        var length: UInt32
        var level: UInt8
        /// The root record's payload CRC-32C (nil in format 1).
        var checksum: UInt32?
    }

    struct Tree {
        var count: Int
        var root: Root?
    }

    struct Table {
        var lastAutoID: Int64
        var trees: [Tree]
    }

    var logGeneration: UInt64
    var fileNumber: UInt64
    var validLength: UInt64
    /// The file's length right after it was last written whole (a compaction rewrites it whole
    /// again once it has grown past twice that).
    var baseLength: UInt64
    var catalog: StoreSchema
    var tables: [Table]
    /// The checkpoint's number, one more than the previous checkpoint's (format 5 on; 0 before).
    var checkpoint: UInt64 = 0
    /// The page runs no tree of this checkpoint reaches (format 5 on).
    var freeRuns = FreePageRuns()
    /// The format the meta was read in (always ``FileFormat/Pages/version`` when written).
    var version: UInt32 = FileFormat.Pages.version

    func encode() -> [UInt8] {
        var w = ByteWriter()
        w.raw(FileFormat.Pages.metaMagic)
        w.u32(FileFormat.Pages.version)
        w.u64(logGeneration)
        w.u64(fileNumber)
        w.u64(validLength)
        w.u64(baseLength)
        w.u64(checkpoint)
        w.u32(UInt32(FileFormat.Pages.pageSize))
        w.blob(Catalog.encode(catalog))
        w.varint(tables.count)
        for table in tables {
            w.signedVarint(table.lastAutoID)
            w.varint(table.trees.count)
            for tree in table.trees {
                w.varint(tree.count)
                if let root = tree.root {
                    w.u8(1); w.u64(root.offset); w.u32(root.length); w.u8(root.level); w.u32(root.checksum ?? 0)
                } else {
                    w.u8(0)
                }
            }
        }
        w.varint(freeRuns.runs.count)
        for run in freeRuns.runs {
            w.u64(run.offset); w.u32(run.pages); w.u64(run.freedBy)
        }
        return RecordFraming.frame(w.bytes)
    }

    /// Reads the meta file, failing on any damage.
    static func read(_ path: String, fileSystem: StorageFileSystem) throws -> PageMeta {
        let bytes = try fileSystem.readFile(path)
        let parsed = try RecordFraming.parse(bytes, file: path, allowTornTail: false)
        func corrupt(_ reason: String) -> StoreError { .corrupted(file: path, offset: 0, reason: reason) }
        guard parsed.payloads.count == 1, let payload = parsed.payloads.first else { throw corrupt("meta file must hold one record") }
        var r = ByteReader(bytes, from: payload.lowerBound, to: payload.upperBound)
        do {
            let magic = try r.raw(FileFormat.Pages.metaMagic.count), version = try r.u32()
            guard magic == FileFormat.Pages.metaMagic,
                  (FileFormat.Pages.oldestReadableVersion...FileFormat.Pages.version).contains(version) else {
                throw corrupt("not a page meta file of format \(FileFormat.Pages.oldestReadableVersion)...\(FileFormat.Pages.version)")
            }
            let logGeneration = try r.u64(), fileNumber = try r.u64(), validLength = try r.u64(), baseLength = try r.u64()
            let hasFreeRuns = version >= FileFormat.Pages.firstPageRunVersion
            let checkpoint = hasFreeRuns ? try r.u64() : 0
            if hasFreeRuns {
                let pageSize = try r.u32()
                guard pageSize == FileFormat.Pages.pageSize else { throw corrupt("page size \(pageSize) is not \(FileFormat.Pages.pageSize)") }
            }
            let catalog = try Catalog.decode(try r.blob(), file: path, offset: 0)
            let tableCount = try r.int()
            guard tableCount <= 1 << 20 else { throw corrupt("implausible table count") }
            var tables: [Table] = []
            for _ in 0..<tableCount {
                let lastAutoID = try r.signedVarint()
                let treeCount = try r.int()
                guard treeCount <= 1 << 16 else { throw corrupt("implausible tree count") }
                var trees: [Tree] = []
                for _ in 0..<treeCount {
                    let count = try r.int()
                    switch try r.u8() {
                    case 0: trees.append(Tree(count: count, root: nil))
                    case 1:
                        let offset = try r.u64(), length = try r.u32(), level = try r.u8()
                        trees.append(Tree(count: count, root: Root(offset: offset, length: length, level: level,
                                                                   checksum: version >= 2 ? try r.u32() : nil)))
                    default: throw corrupt("malformed tree root")
                    }
                }
                tables.append(Table(lastAutoID: lastAutoID, trees: trees))
            }
            var freeRuns = FreePageRuns()
            if hasFreeRuns {
                let count = try r.int()
                guard count <= 1 << 30 else { throw corrupt("implausible free run count") }
                var runs: [FreePageRun] = []
                for _ in 0..<count {
                    let run = FreePageRun(offset: try r.u64(), pages: try r.u32(), freedBy: try r.u64())
                    guard run.freedBy <= checkpoint else { throw corrupt("free run freed by a later checkpoint") }
                    runs.append(run)
                }
                guard let checked = FreePageRuns(checking: runs, below: validLength) else { throw corrupt("malformed free page runs") }
                freeRuns = checked
            }
            guard r.isAtEnd else { throw corrupt("trailing bytes in meta record") }
            return PageMeta(logGeneration: logGeneration, fileNumber: fileNumber, validLength: validLength, baseLength: baseLength,
                            catalog: catalog, tables: tables, checkpoint: checkpoint, freeRuns: freeRuns, version: version)
        } catch is ByteReader.Truncated {
            throw corrupt("malformed meta record")
        }
    }

    /// Replaces the meta file atomically (see the type's documentation).
    func write(directory: String, fileSystem: StorageFileSystem, sync: Bool) throws {
        let temporary = directory + "/" + FileFormat.Pages.temporaryMeta
        let file = try fileSystem.openForAppend(temporary, truncate: true)
        defer { file.close() }
        do {
            try file.append(encode())
            if sync { try file.sync() }
            try fileSystem.rename(temporary, to: directory + "/" + FileFormat.Pages.meta)
            if sync { try fileSystem.syncDirectory(directory) }
        } catch {
            try? fileSystem.remove(temporary)
            throw error
        }
    }
}
