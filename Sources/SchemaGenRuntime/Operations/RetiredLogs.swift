/// What happens to a log once no open needs it (a checkpoint or a recovery retired it): deleted,
/// or moved into the log archive that point-in-time restore reads
/// (``StoreOptions/logArchiveDirectory``). Checkpoint and recovery both call ``dispose``, so the
/// archive receives every retired log, including those of a checkpoint that crashed before
/// deleting them.
enum RetiredLogs {
    /// Deletes the log at `path`, or with an `archive` directory copies it there durably
    /// (`.tmp`, fsync, rename, directory fsync) before deleting it. A crash between copy and
    /// delete leaves the same log in both places; the next retirement copies it again.
    ///
    /// An archived log of the same name with other contents (a restored store starts again at
    /// generation 1) is kept: the new one is archived as `wal-<generation>-<first sequence>.log`.
    static func dispose(_ path: String, archive: String?, fileSystem fs: StorageFileSystem, sync: Bool) throws {
        if let archive {
            let name = String(path.split(separator: "/").last ?? Substring(path))
            let bytes = try fs.readFile(path)
            try fs.createDirectory(archive)
            var target = archive + "/" + name
            if fs.fileExists(target), try fs.readFile(target) != bytes {
                let firstSequence = LogArchive.header(of: bytes)?.firstSequence ?? 0
                target = archive + "/" + name.dropLast(FileFormat.Directory.logSuffix.count) + "-"
                    + String(firstSequence, radix: 16) + FileFormat.Directory.logSuffix
            }
            try DurableFile.write(bytes, to: target, fileSystem: fs, sync: sync)
        }
        try fs.remove(path)
    }
}
