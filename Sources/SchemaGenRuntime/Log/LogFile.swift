/// The log file commits are written to: records go one after another, either appended or, where
/// the file system writes at offsets and ``LogPreallocation`` allows it, into zeros written ahead
/// of them a chunk at a time.
///
/// Why the zeros: a commit that appends changes the file's size (and allocates blocks), so its
/// fdatasync must commit the file system's journal as well as flush the record. A commit that
/// overwrites zeros already on disk changes no metadata, so its fdatasync only flushes the data,
/// as SQLite's WAL does when it reuses its file. The zeros are written, not `fallocate`d: on ext4
/// an allocated but unwritten extent is converted by the first write into it, a journal commit
/// again. Recovery reads an all-zero tail after the last valid record as the log's end
/// (``RecordFraming/parse(_:file:allowTornTail:)``); the log is cut back to its last record
/// when it is ended, closed, or reopened.
///
/// Writes, cuts and the fields are only touched under the store's writer lock (or by `close`);
/// ``sync()`` may run on another thread meanwhile, which the kernel orders.
final class LogFile: @unchecked Sendable {
    private let file: StorageFile
    private let writer: PositionalWritableFile?
    private let chunk: Int
    /// Where the next record goes: just past the last one written.
    private(set) var size: Int
    /// The file's length: `size` plus the zeros written ahead.
    private var allocated: Int

    /// The log `file`, whose records end at `size` (nothing follows them: recovery cut any tail).
    init(_ file: StorageFile, size: Int, preallocation: LogPreallocation) {
        self.file = file
        self.size = size
        allocated = size
        chunk = preallocation.chunkBytes
        writer = chunk > 0 ? try? preallocation.fileSystem.positionalWriter(file.path) : nil
    }

    var path: String { file.path }

    /// Writes `record` after the last one. When it does not fit the zeros ahead, the same write
    /// carries the next chunk of zeros. On failure the file may hold part of it: ``cut(to:)``.
    func append(_ record: [UInt8]) throws {
        guard let writer else {
            try file.append(record)
            size += record.count
            allocated = size
            return
        }
        let end = size + record.count
        if end <= allocated {
            try writer.write(record, at: UInt64(size))
        } else {
            let extended = (end + chunk - 1) / chunk * chunk
            try writer.write(record + [UInt8](repeating: 0, count: extended - end), at: UInt64(size))
            allocated = extended
        }
        size = end
    }

    /// Cuts the file to `size` bytes (at most the current size), dropping the zeros ahead.
    func cut(to size: Int) throws {
        try file.truncate(to: size)
        self.size = size
        allocated = size
    }

    /// Drops the zeros written ahead, so an ended or closed log ends with its last record. Durable
    /// with the next ``sync()``; if that never comes, the zeros are harmless.
    func trim() throws {
        if allocated > size { try cut(to: size) }
    }

    /// Makes every record written so far durable (``StorageFile/sync()``).
    func sync() throws { try file.sync() }

    func close() {
        writer?.close()
        file.close()
    }
}

/// How far ahead a log is zero-filled (see ``LogFile``).
struct LogPreallocation: Sendable {
    let fileSystem: any StorageFileSystem
    /// The zeros written ahead at a time; 0 appends every record instead.
    let chunkBytes: Int

    /// `bytes` a time (``StoreOptions/logPreallocationBytes``), but no more than a log grows before
    /// its automatic checkpoint, and in whole 4 KiB pages, so that a chunk never ends inside a page.
    init(fileSystem: any StorageFileSystem, bytes: Int, checkpointLogBytes: Int) {
        self.fileSystem = fileSystem
        let capped = checkpointLogBytes > 0 ? min(bytes, checkpointLogBytes) : bytes
        chunkBytes = capped <= 0 ? 0 : (capped + 4095) / 4096 * 4096
    }
}
