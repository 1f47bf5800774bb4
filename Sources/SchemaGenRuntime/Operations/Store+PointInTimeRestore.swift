import Foundation

/// What a point-in-time restore applied on top of its base backup.
public struct PointInTimeRestoreReport: Sendable, Hashable {
    /// Commits replayed from the logs after the backup's state.
    public var appliedTransactions: Int
    /// The commit time of the last commit replayed, nil when none was.
    public var lastCommitTime: Date?
    /// The sequence number the restored store's next commit gets.
    public var nextSequence: UInt64
}

extension Store {
    /// Restores the store as it was at `until`: the base `backup` plus every commit the logs in
    /// `logs` hold after it, up to and including the last one whose commit time is at or before
    /// `until`. `logs` lists directories to read `wal-*.log` files from: the log archive
    /// (``StoreOptions/logArchiveDirectory``) and, for commits not yet archived, the store's own
    /// directory (its newest log may end in a torn record, which is ignored).
    ///
    /// Commit times are the store clock's time when each write transaction started
    /// (``WriteTransaction/startTime``), which follow commit order as long as the clock does not go back.
    ///
    /// - Throws: whatever ``restore(backup:to:replacing:fileSystem:)`` throws;
    ///   ``StoreOperationError/damagedArchive(file:offset:reason:)`` for a damaged log;
    ///   ``StoreOperationError/archiveGap(missingSequence:)`` when a commit before the last one
    ///   to apply is in none of the logs; ``StoreOperationError/noCommitTime(file:offset:)`` when
    ///   whether the next commit lies before `until` cannot be told (a format 002 record).
    ///   `directory` is unchanged whenever it throws.
    @discardableResult
    public static func restore(backup: String, logs: [String], until: Date, to directory: String, replacing: Bool = false,
                               fileSystem: any StorageFileSystem = POSIXFileSystem()) throws -> PointInTimeRestoreReport {
        var image = try verifiedBackup(backup, fileSystem: fileSystem)
        let archive = try LogArchive(directories: logs, fileSystem: fileSystem)
        let limit = StoreTime.microseconds(until)
        var report = PointInTimeRestoreReport(appliedTransactions: 0, lastCommitTime: nil, nextSequence: image.nextSequence)
        if let last = archive.lastSequence(atOrBefore: limit, from: image.nextSequence) {
            // Format 002 records carry no time; one before a timed commit inside the limit was made before it.
            for sequence in image.nextSequence...last {
                guard let commit = archive.commits[sequence] else { throw StoreOperationError.archiveGap(missingSequence: sequence) }
                do {
                    try Recovery.apply(commit.operations, to: &image.state, schema: image.schema, file: commit.file, offset: commit.offset)
                } catch StoreError.corrupted(let file, let offset, let reason) {
                    throw StoreOperationError.damagedArchive(file: file, offset: offset, reason: reason)
                }
                report.appliedTransactions += 1
                if let time = commit.commitTime { report.lastCommitTime = StoreTime.date(time) }
            }
            image.nextSequence = last + 1
        }
        if let next = archive.commits[image.nextSequence], next.commitTime == nil {
            throw StoreOperationError.noCommitTime(file: next.file, offset: next.offset)
        }
        // Replayed records are checked as recovery checks them; the result is checked as a whole.
        do {
            try StoreConsistency.check(image.state, schema: image.schema)
            try Store.checkForeignKeys(image.state, schema: image.schema)
        } catch let error as StoreError {
            throw StoreOperationError.damagedArchive(file: logs.joined(separator: ", "), offset: 0, reason: error.description)
        } catch let violation as BTreeInvariantViolation {
            throw StoreOperationError.damagedArchive(file: logs.joined(separator: ", "), offset: 0, reason: violation.description)
        }
        report.nextSequence = image.nextSequence
        let restored = image
        try StoreImage.install(at: directory, replacing: replacing, fileSystem: fileSystem, sync: true) { staging in
            try StoreImage.write(restored.state, schema: restored.schema, nextSequence: restored.nextSequence, format: restored.format,
                                 manifest: nil,
                                 to: staging, fileSystem: fileSystem, sync: true)
        }
        return report
    }
}
