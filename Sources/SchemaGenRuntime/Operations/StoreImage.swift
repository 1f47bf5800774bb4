import Foundation

/// A store directory written in one go from a state: the one writer behind backups and
/// restores. An image is an ordinary store (a checkpoint naming log 1, and log 1 holding no
/// commits yet, starting at the sequence number after the state's last commit), so it opens
/// with ``Store/open(at:schema:options:)``; a backup image also has a ``BackupManifest``,
/// written last. The checkpoint is in the format of the store it copies: a page file holding
/// the live nodes (so the copy opens without loading anything) or a snapshot file.
enum StoreImage {
    /// Decoded nodes the page file of an image keeps cached while it is written and read back
    /// (only the roots are read back; the nodes copied are read through the source's cache).
    private static let writingCacheNodes = 64

    /// Writes `state` into `directory`, which must be missing or empty, with its checkpoint in
    /// `format`. Each file is durable before the next is written; the manifest (if any) last.
    static func write(_ state: StoreState, schema: ResolvedSchema, nextSequence: UInt64, format: CheckpointFormat,
                      manifest: BackupManifest?, to directory: String, fileSystem fs: StorageFileSystem, sync: Bool) throws {
        if fs.fileExists(directory), !(try fs.listDirectory(directory)).isEmpty {
            throw StoreOperationError.destinationNotEmpty(path: directory)
        }
        try fs.createDirectory(directory)
        let (log, _) = try WriteAheadLog.create(generation: 1, firstSequence: nextSequence, in: directory, fileSystem: fs, sync: sync)
        log.close()
        switch format {
        case .snapshotFile:
            try SnapshotFile.write(state, schema: schema, logGeneration: 1, directory: directory, fileSystem: fs, sync: sync)
        case .pages:
            // Nodes still in the source's page file are read from it and written anew, so the
            // image holds exactly the live nodes, in one file.
            let created = try PageStore.create(state, directory: directory, schema: schema, fileSystem: fs, sync: sync,
                                               cacheNodes: writingCacheNodes, logGeneration: 1)
            created.store.close()
            // A damaged source page read as an empty leaf while it was copied: the image is not a copy.
            try state.pageFaults?.check()
        }
        try manifest?.write(to: directory, fileSystem: fs, sync: sync)
    }

    /// A store image read back and checked in full: the state of its snapshot plus its logs,
    /// every tree and index, every foreign key.
    struct Loaded {
        var schema: ResolvedSchema
        var state: StoreState
        var nextSequence: UInt64
        /// The format of the image's checkpoint, which a restore writes again.
        var format: CheckpointFormat
    }

    /// Reads and verifies the image in `directory` with the catalog it stores; damage of any
    /// kind becomes ``StoreOperationError/damagedBackup(file:offset:reason:)``.
    static func load(_ directory: String, fileSystem fs: StorageFileSystem) throws -> Loaded {
        do {
            guard let stored = try StoredCatalog.read(directory, fileSystem: fs) else {
                throw StoreError.missingCheckpoint(in: directory)
            }
            let schema = try ResolvedSchema(stored)
            let recovered = try Recovery.open(directory, schema: schema, fileSystem: fs, sync: false, readOnly: true)
            do {
                // Walks every node, so every page of a page file is read and checked.
                try StoreConsistency.check(recovered.state, schema: schema)
                try Store.checkForeignKeys(recovered.state, schema: schema)
            } catch {
                // A damaged page reads as an empty leaf; the page fault is the cause to report.
                try recovered.state.pageFaults?.check()
                throw error
            }
            try recovered.state.pageFaults?.check()
            let format: CheckpointFormat = recovered.pages == nil ? .snapshotFile : .pages
            return Loaded(schema: schema, state: recovered.state, nextSequence: recovered.chain.sequence, format: format)
        } catch StoreError.corrupted(let file, let offset, let reason) {
            throw StoreOperationError.damagedBackup(file: file, offset: offset, reason: reason)
        } catch let violation as BTreeInvariantViolation {
            throw StoreOperationError.damagedBackup(file: directory, offset: 0, reason: violation.description)
        } catch let error as StoreError {
            switch error {
            case .io, .alreadyOpen, .closed: throw error
            default: throw StoreOperationError.damagedBackup(file: directory, offset: 0, reason: error.description)
            }
        }
    }

    /// Puts the image built by `build` (into a fresh sibling directory) at `target`: refused
    /// when `target` holds files unless `replacing`, in which case the old store is locked
    /// (so an open store is never replaced), moved aside, and removed once the new one is in place.
    static func install(at target: String, replacing: Bool, fileSystem fs: StorageFileSystem, sync: Bool,
                        build: (String) throws -> Void) throws {
        let occupied = try fs.fileExists(target) && !fs.listDirectory(target).isEmpty
        if occupied, !replacing { throw StoreOperationError.destinationNotEmpty(path: target) }
        // Held until the old store is moved aside, so it cannot be opened meanwhile.
        let lock = occupied ? try fs.lock(target + "/" + FileFormat.Directory.lock) : nil
        defer { lock?.release() }
        let staging = target + ".restoring"
        try removeDirectory(staging)
        do {
            try build(staging)
        } catch {
            try? removeDirectory(staging)
            throw error
        }
        let parent = DurableFile.parentDirectory(of: target)
        if occupied {
            let aside = target + ".replaced"
            try removeDirectory(aside)
            try fs.rename(target, to: aside)
            try fs.rename(staging, to: target)
            if sync { try fs.syncDirectory(parent) }
            try removeDirectory(aside)
        } else {
            if fs.fileExists(target) { try removeDirectory(target) }
            try fs.rename(staging, to: target)
            if sync { try fs.syncDirectory(parent) }
        }
    }

    /// Removes a directory written by ``install`` (the file-system seam has no directory removal).
    private static func removeDirectory(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.removeItem(atPath: path)
    }
}
