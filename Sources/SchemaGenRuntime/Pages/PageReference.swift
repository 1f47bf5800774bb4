import Foundation

/// Where one node lies in a page file, and what its parent says it must be (so a record that
/// belongs to another tree or level is refused, which also rules out cycles).
struct PageReference: Sendable {
    /// The file holding the node; kept alive by every reference, so a snapshot can read a file
    /// that a compaction has since replaced.
    let file: PageFile
    /// Byte offset of the node's record.
    let offset: UInt64
    /// The record's length, frame header included.
    let length: UInt32
    /// 0 for a leaf; a parent's children are one level below it.
    let level: UInt8
    /// The table (position in the schema) and tree (0 = rows, `i + 1` = index `i`) the node belongs to.
    let table: UInt32
    let tree: UInt16
    /// The CRC-32C of the record's payload as the parent (or the meta) recorded it when the
    /// record was written: a record that is valid on its own but not the one the parent
    /// meant (moved, swapped, duplicated, stale) fails this check. Nil in page files of format 1.
    let checksum: UInt32?
}

/// The first page-file fault any reader met, shared by every state read from that store's
/// page files. Reads cannot throw (a B-tree descent is not a throwing operation), so a node
/// whose record is damaged reads as an empty leaf and the fault is recorded here; every
/// snapshot read and every commit checks it and throws ``StoreError/corrupted(file:offset:reason:)``.
final class PageFaults: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var fault: StoreError?

    /// The first fault recorded, if any.
    var first: StoreError? { lock.withLock { fault } }

    /// Records `error` unless an earlier fault was recorded.
    func record(_ error: StoreError) { lock.withLock { if fault == nil { fault = error } } }

    /// Throws the recorded fault, if any.
    func check() throws { if let first { throw first } }
}
