import Foundation
#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// A file written at given offsets: how a checkpoint writes a record into a reused page run
/// (``FreePageRuns``). Its writes become durable with the file's next fsync through any handle.
protocol PositionalWritableFile: AnyObject, Sendable {
    /// Writes `bytes` at `offset`, inside the file.
    func write(_ bytes: [UInt8], at offset: UInt64) throws
    func close()
}

/// A file system that can write at offsets. The public ``StorageFileSystem`` seam only appends,
/// so on other file systems a page file's free runs are recorded but not reused (its space then
/// comes back by compaction, as before format 5).
protocol PositionalWritingFileSystem {
    func openForPositionalWrites(_ path: String) throws -> PositionalWritableFile
}

extension StorageFileSystem {
    /// A handle writing `path` at offsets, or nil where the file system only appends.
    func positionalWriter(_ path: String) throws -> PositionalWritableFile? {
        try (self as? PositionalWritingFileSystem)?.openForPositionalWrites(path)
    }
}

extension POSIXFileSystem: PositionalWritingFileSystem {
    /// Opens `path` for `pwrite` (not `O_APPEND`, under which Linux's `pwrite` appends).
    func openForPositionalWrites(_ path: String) throws -> PositionalWritableFile {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error("open", path) }
        return POSIXPositionalFile(fd: fd, path: path)
    }
}

final class POSIXPositionalFile: PositionalWritableFile, @unchecked Sendable {
    private let fd: Int32
    private let path: String
    // Guarded by `lock`: close() happens once.
    private let lock = NSLock()
    private var isOpen = true

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close() }

    func write(_ bytes: [UInt8], at offset: UInt64) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw POSIXFileSystem.error("pwrite", path) }
            done += n
        }
    }

    func close() {
        let closing = lock.withLock { () -> Bool in
            defer { isOpen = false }
            return isOpen
        }
        if closing { _ = closePositional(fd) }
    }
}

#if canImport(Darwin)
private func closePositional(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#else
private func closePositional(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#endif
