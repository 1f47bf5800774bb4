import Foundation

extension Store {
    /// Writes into `directory` (missing or empty) every commit made after the backup or
    /// increment `previous` up to now, as one log file plus a ``BackupManifest`` (written last)
    /// whose ``BackupManifest/incrementAfter`` is `previous.nextSequence`. Chain increments by
    /// passing the last one's manifest, or pass the full backup's each time (differential).
    ///
    /// The commits are read from the store's logs and, when set, its log archive
    /// (``StoreOptions/logArchiveDirectory``); without an archive, a checkpoint since `previous`
    /// has deleted some of them and the call throws ``StoreOperationError/archiveGap(missingSequence:)``
    /// (take a full backup instead). Restore with
    /// ``restore(backup:logs:until:to:replacing:fileSystem:)``: the full backup, and the
    /// increments as `logs`.
    ///
    /// - Throws: also ``StoreOperationError/destinationNotEmpty(path:)``, and
    ///   ``StoreOperationError/noCommitTime(file:offset:)`` for a commit written before log format 003.
    @discardableResult
    public func backupIncrement(to directory: String, after previous: BackupManifest) throws -> BackupManifest {
        let point = try durableCommitPoint()
        let fs = options.fileSystem, sync = options.durability != .unsynced
        if fs.fileExists(directory), !(try fs.listDirectory(directory)).isEmpty {
            throw StoreOperationError.destinationNotEmpty(path: directory)
        }
        let commits = try logCommits()
        let first = previous.nextSequence
        var chain = WriteAheadLog.Chain(sequence: first, previous: 0)
        let header = WriteAheadLog.headerRecord(generation: 1, firstSequence: first)
        chain.previous = WriteAheadLog.payloadChecksum(ofFramed: header)
        var bytes = header
        var sequence = first
        while sequence < point.nextSequence {
            guard let commit = commits.commits[sequence] else { throw StoreOperationError.archiveGap(missingSequence: sequence) }
            guard let time = commit.commitTime else { throw StoreOperationError.noCommitTime(file: commit.file, offset: commit.offset) }
            let record = WriteAheadLog.transactionRecord(commit.operations, chain: chain, commitTime: time)
            bytes += record
            chain = .init(sequence: sequence + 1, previous: WriteAheadLog.payloadChecksum(ofFramed: record))
            sequence += 1
        }
        try fs.createDirectory(directory)
        try DurableFile.write(bytes, to: directory + "/" + FileFormat.Directory.logName(generation: 1), fileSystem: fs, sync: sync)
        var counts: [String: Int] = [:]
        for table in schema.tables { counts[table.name] = point.state.tables[table.id].primary.count }
        let manifest = BackupManifest(format: BackupManifest.currentFormat, nextSequence: point.nextSequence,
                                      createdAt: options.nowMicroseconds, rowCounts: counts, incrementAfter: first)
        try manifest.write(to: directory, fileSystem: fs, sync: sync)
        return manifest
    }

    /// The commits in the store's logs and its archive. A checkpoint may retire a log between
    /// listing and reading it; it is then in the archive (copied there before deletion), so
    /// the read is retried.
    private func logCommits() throws -> LogArchive {
        let directories = [path] + (options.logArchiveDirectory.map { [$0] } ?? [])
        var attempts = 0
        while true {
            do {
                return try LogArchive(directories: directories.filter { options.fileSystem.fileExists($0) },
                                      fileSystem: options.fileSystem)
            } catch StoreError.io where attempts < 3 {
                attempts += 1
            }
        }
    }
}
