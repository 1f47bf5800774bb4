/// Which checkpoint recovery starts from: the page file when `pages.meta` exists, otherwise the
/// snapshot file — converted to a page file first when the options ask for pages.
///
/// Conversion is crash-safe because the meta file's rename is its one switching moment: before
/// it, `snapshot.dat` is the checkpoint (and the next open removes the unnamed page file);
/// after it, the page file is, and `snapshot.dat` is removed (by this open or, after a crash,
/// the next). Both name the same log, so the logs need no change.
enum PagedRecovery {
    struct Checkpoint {
        var state: StoreState
        var logGeneration: UInt64
        var pages: PageStore?
    }

    static func checkpoint(_ directory: String, schema: ResolvedSchema, fileSystem fs: StorageFileSystem, sync: Bool, readOnly: Bool,
                           format: CheckpointFormat, cacheNodes: Int) throws -> Checkpoint {
        let snapshotPath = directory + "/" + FileFormat.Directory.snapshot
        if PageStore.exists(in: directory, fileSystem: fs) {
            let opened = try PageStore.open(directory, schema: schema, fileSystem: fs, sync: sync, cacheNodes: cacheNodes, readOnly: readOnly)
            if !readOnly, fs.fileExists(snapshotPath) {
                try fs.remove(snapshotPath)
                if sync { try fs.syncDirectory(directory) }
            }
            return Checkpoint(state: opened.state, logGeneration: opened.logGeneration, pages: opened.store)
        }
        let loaded = try SnapshotFile.read(snapshotPath, schema: schema, fileSystem: fs)
        guard format == .pages, !readOnly else { return Checkpoint(state: loaded.state, logGeneration: loaded.logGeneration, pages: nil) }
        let created = try PageStore.create(loaded.state, directory: directory, schema: schema, fileSystem: fs, sync: sync,
                                           cacheNodes: cacheNodes, logGeneration: loaded.logGeneration)
        try fs.remove(snapshotPath)
        if sync { try fs.syncDirectory(directory) }
        return Checkpoint(state: created.state, logGeneration: loaded.logGeneration, pages: created.store)
    }
}
