import Foundation

extension Store {
    /// Writes a consistent copy of the store into `directory` (missing or empty) while writers go
    /// on: the state after the last commit made before the call, never part of a transaction.
    ///
    /// Writers wait for at most one fsync (the commits already in flight); the copy is then
    /// written from that state's copy-on-write trees while new commits proceed. The backup is a
    /// store directory plus a ``BackupManifest`` written last; restore it with
    /// ``restore(backup:to:replacing:fileSystem:)`` (or open it read-only as a store).
    ///
    /// - Returns: the manifest, whose ``BackupManifest/nextSequence`` is where archived logs
    ///   continue it.
    /// - Throws: ``StoreOperationError/destinationNotEmpty(path:)``; ``StoreError/closed``,
    ///   ``StoreError/unusable(reason:)`` or a file error. A failed backup leaves a directory
    ///   without a manifest, which restore refuses.
    @discardableResult
    public func backup(to directory: String) throws -> BackupManifest {
        let point = try durableCommitPoint()
        var counts: [String: Int] = [:]
        for table in schema.tables { counts[table.name] = point.state.tables[table.id].primary.count }
        let manifest = BackupManifest(format: BackupManifest.currentFormat, nextSequence: point.nextSequence,
                                      createdAt: options.nowMicroseconds, rowCounts: counts)
        try StoreImage.write(point.state, schema: schema, nextSequence: point.nextSequence, format: pages == nil ? .snapshotFile : .pages,
                             manifest: manifest,
                             to: directory, fileSystem: options.fileSystem, sync: options.durability != .unsynced)
        return manifest
    }

    /// Restores the backup in `backup` as the store in `directory`, after checking all of it
    /// (every checksum, tree, index and foreign key, and the manifest's row counts).
    ///
    /// - Parameter replacing: replace a store already in `directory`; without it a directory
    ///   holding files is refused. A store open there is never replaced (``StoreError/alreadyOpen(path:)``).
    /// - Throws: ``StoreOperationError/incompleteBackup(path:)``, ``StoreOperationError/damagedBackup(file:offset:reason:)``,
    ///   ``StoreOperationError/destinationNotEmpty(path:)``; in each case `directory` is unchanged.
    public static func restore(backup: String, to directory: String, replacing: Bool = false,
                               fileSystem: any StorageFileSystem = POSIXFileSystem()) throws {
        let image = try verifiedBackup(backup, fileSystem: fileSystem)
        try StoreImage.install(at: directory, replacing: replacing, fileSystem: fileSystem, sync: true) { staging in
            try StoreImage.write(image.state, schema: image.schema, nextSequence: image.nextSequence, format: image.format, manifest: nil,
                                 to: staging, fileSystem: fileSystem, sync: true)
        }
    }

    /// Reads a backup and checks it against its manifest.
    static func verifiedBackup(_ backup: String, fileSystem fs: any StorageFileSystem) throws -> StoreImage.Loaded {
        let manifest = try BackupManifest.read(backup, fileSystem: fs)
        guard manifest.incrementAfter == nil else {
            throw StoreOperationError.damagedBackup(file: backup + "/" + BackupManifest.fileName, offset: 0,
                                                    reason: "an increment, not a full backup: pass it in logs")
        }
        let image = try StoreImage.load(backup, fileSystem: fs)
        let manifestPath = backup + "/" + BackupManifest.fileName
        guard image.nextSequence == manifest.nextSequence else {
            throw StoreOperationError.damagedBackup(file: manifestPath, offset: 0,
                                                    reason: "manifest names sequence \(manifest.nextSequence), the logs end at \(image.nextSequence)")
        }
        for table in image.schema.tables where manifest.rowCounts[table.name] != image.state.tables[table.id].primary.count {
            throw StoreOperationError.damagedBackup(file: manifestPath, offset: 0,
                                                    reason: "table '\(table.name)' has \(image.state.tables[table.id].primary.count) rows, the manifest says \(manifest.rowCounts[table.name] ?? 0)")
        }
        return image
    }
}
