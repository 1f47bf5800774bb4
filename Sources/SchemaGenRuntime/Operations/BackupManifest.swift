import Foundation

/// The file that completes a backup directory, written last: a directory without it is a backup
/// whose writing did not finish, and restore refuses it.
public struct BackupManifest: Codable, Sendable, Hashable {
    /// The manifest's file name inside a backup directory.
    public static let fileName = "backup.manifest"
    /// The manifest format; a newer one is refused.
    public static let currentFormat = 1

    /// The manifest format (``currentFormat`` when written).
    public var format: Int
    /// The sequence number the first commit after the backup's state has; archived log records
    /// from this number on continue the backup (point-in-time restore).
    public var nextSequence: UInt64
    /// When the backup was taken (the store's clock), in microseconds since 1970.
    public var createdAt: Int64
    /// Rows per table in the backup, as a check and for humans.
    public var rowCounts: [String: Int]
    /// For an increment (``Store/backupIncrement(to:after:)``): the sequence number of its first
    /// commit, the `nextSequence` of the backup or increment it continues. Nil for a full backup.
    public var incrementAfter: UInt64?

    /// The manifest of the backup or increment in `directory`.
    ///
    /// - Throws: ``StoreOperationError/incompleteBackup(path:)`` without one,
    ///   ``StoreOperationError/damagedBackup(file:offset:reason:)`` for one that does not decode.
    public static func read(at directory: String, fileSystem: any StorageFileSystem = POSIXFileSystem()) throws -> BackupManifest {
        try read(directory, fileSystem: fileSystem)
    }

    static func read(_ directory: String, fileSystem fs: StorageFileSystem) throws -> BackupManifest {
        let path = directory + "/" + fileName
        guard fs.fileExists(path) else { throw StoreOperationError.incompleteBackup(path: directory) }
        let manifest: BackupManifest
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(try fs.readFile(path)))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreOperationError.damagedBackup(file: path, offset: 0, reason: "manifest does not decode")
        }
        guard manifest.format == currentFormat else {
            throw StoreOperationError.damagedBackup(file: path, offset: 0, reason: "unknown manifest format \(manifest.format)")
        }
        return manifest
    }

    func write(to directory: String, fileSystem fs: StorageFileSystem, sync: Bool) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try DurableFile.write(Array(try encoder.encode(self)), to: directory + "/" + Self.fileName, fileSystem: fs, sync: sync)
    }
}
