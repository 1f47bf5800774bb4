import Foundation

/// Why a backup, restore, export or import was refused. Nothing was changed when one is thrown
/// (a failed backup may leave a partial backup directory, which restore refuses as incomplete).
public enum StoreOperationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The directory has no backup manifest: it is not a backup, or its writing did not finish.
    case incompleteBackup(path: String)
    /// A file of the backup is damaged or inconsistent; the restore wrote nothing.
    case damagedBackup(file: String, offset: Int, reason: String)
    /// A log of the archive is damaged; the restore wrote nothing.
    case damagedArchive(file: String, offset: Int, reason: String)
    /// The logs lack the commit with this sequence number, which a point-in-time restore needs
    /// because later commits at or before the requested time exist.
    case archiveGap(missingSequence: UInt64)
    /// A log record written before records carried commit times (log format 002) lies where a
    /// point-in-time restore has to compare times.
    case noCommitTime(file: String, offset: Int)
    /// The destination exists and holds files; pass `replacing: true` to replace it.
    case destinationNotEmpty(path: String)
    /// A JSON Lines import was refused at this line (1-based); nothing was imported.
    case importRejected(line: Int, reason: String)

    /// A sentence describing the error.
    public var description: String {
        switch self {
        case .incompleteBackup(let p): return "\(p) is not a complete backup (it has no \(BackupManifest.fileName))"
        case .damagedBackup(let f, let o, let r): return "the backup is damaged: \(f) at byte offset \(o): \(r)"
        case .damagedArchive(let f, let o, let r): return "the log archive is damaged: \(f) at byte offset \(o): \(r)"
        case .archiveGap(let s): return "the logs lack the commit with sequence number \(s); later commits exist, so the restore cannot continue past the gap"
        case .noCommitTime(let f, let o): return "\(f) at byte offset \(o) holds a commit without a commit time (log format 002)"
        case .destinationNotEmpty(let p): return "\(p) already holds files, and replacing it was not asked for"
        case .importRejected(let l, let r): return "line \(l): \(r); nothing was imported"
        }
    }
}
