import Foundation

/// A file the store appends to: a write-ahead log or a snapshot being written.
///
/// All file I/O goes through this protocol and ``StorageFileSystem`` so tests can inject torn
/// writes, failed fsyncs and full disks.
public protocol StorageFile: AnyObject, Sendable {
    /// The file's path, used in error messages.
    var path: String { get }
    /// Appends all of `bytes` at the end of the file, or throws.
    func append(_ bytes: [UInt8]) throws
    /// Makes everything written so far durable, with the file's size (fsync; ``POSIXFileSystem``
    /// uses fdatasync where it exists, which skips timestamps the store never reads).
    func sync() throws
    /// Cuts the file to `size` bytes.
    func truncate(to size: Int) throws
    /// Closes the file; further calls fail.
    func close()
}

/// A held lock on a store directory; released by ``release()`` or when the process dies.
public protocol StorageLock: AnyObject, Sendable {
    /// Releases the lock.
    func release()
}

/// The file operations the store performs, as a seam for fault injection.
public protocol StorageFileSystem: Sendable {
    /// Creates the directory (mode 0700) if it does not exist.
    func createDirectory(_ path: String) throws
    /// The whole contents of a file.
    func readFile(_ path: String) throws -> [UInt8]
    /// Opens a file for appending, creating it (mode 0600) if needed; `truncate` empties it first.
    func openForAppend(_ path: String, truncate: Bool) throws -> StorageFile
    /// Atomically renames `from` to `to`, replacing `to`.
    func rename(_ from: String, to: String) throws
    /// Removes a file; a missing file is not an error.
    func remove(_ path: String) throws
    /// Whether a file exists.
    func fileExists(_ path: String) -> Bool
    /// The names of the entries in a directory.
    func listDirectory(_ path: String) throws -> [String]
    /// Makes the directory's entries (creations, renames, removals) durable.
    func syncDirectory(_ path: String) throws
    /// Takes an exclusive lock on the file at `path` (created 0600), or throws ``StoreError/alreadyOpen(path:)``.
    func lock(_ path: String) throws -> StorageLock
}

/// The real file system through POSIX calls.
public struct POSIXFileSystem: StorageFileSystem {
    /// The real file system.
    public init() {}

    /// The POSIX implementation of the protocol requirement `createDirectory`.
    public func createDirectory(_ path: String) throws {
        if mkdir(path, 0o700) != 0, errno != EEXIST { throw Self.error("mkdir", path) }
    }

    /// The POSIX implementation of the protocol requirement `readFile`.
    public func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error("open", path) }
        defer { _ = posixClose(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.error("fstat", path) }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Self.error("read", path) }
            done += n
        }
        return bytes
    }

    /// The POSIX implementation of the protocol requirement `openForAppend`.
    public func openForAppend(_ path: String, truncate: Bool) throws -> StorageFile {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0o600)
        guard fd >= 0 else { throw Self.error("open", path) }
        return POSIXFile(fd: fd, path: path)
    }

    /// The POSIX implementation of the protocol requirement `rename`.
    public func rename(_ from: String, to: String) throws {
        guard posixRename(from, to) == 0 else { throw Self.error("rename", from) }
    }

    /// The POSIX implementation of the protocol requirement `remove`.
    public func remove(_ path: String) throws {
        if unlink(path) != 0, errno != ENOENT { throw Self.error("unlink", path) }
    }

    /// The POSIX implementation of the protocol requirement `fileExists`.
    public func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The POSIX implementation of the protocol requirement `listDirectory`.
    public func listDirectory(_ path: String) throws -> [String] {
        do { return try FileManager.default.contentsOfDirectory(atPath: path) } catch { throw StoreError.io(operation: "list", path: path, errno: ENOENT) }
    }

    /// The POSIX implementation of the protocol requirement `syncDirectory`.
    public func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error("open", path) }
        defer { _ = posixClose(fd) }
        guard fsync(fd) == 0 else { throw Self.error("fsync", path) }
    }

    /// The POSIX implementation of the protocol requirement `lock`.
    public func lock(_ path: String) throws -> StorageLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.error("open", path) }
        // flock locks belong to the open file description, so a second open in this same
        // process conflicts too, and the kernel drops the lock if the process dies.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let e = errno
            _ = posixClose(fd)
            if e == EWOULDBLOCK { throw StoreError.alreadyOpen(path: path) }
            throw StoreError.io(operation: "flock", path: path, errno: e)
        }
        return POSIXLock(fd: fd)
    }

    static func error(_ operation: String, _ path: String) -> StoreError {
        .io(operation: operation, path: path, errno: errno)
    }
}

final class POSIXFile: StorageFile, @unchecked Sendable {
    // The descriptor never changes after init; the kernel serializes appends and fsyncs on it.
    let fd: Int32
    let path: String

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    func append(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw POSIXFileSystem.error("write", path) }
            done += n
        }
    }

    func sync() throws {
        // fdatasync flushes the data and what reading it needs (size, blocks), not the
        // modification time: an overwrite of a log's preallocated zeros (``LogFile``) then
        // commits no journal transaction.
        #if os(Linux)
        guard fdatasync(fd) == 0 else { throw POSIXFileSystem.error("fdatasync", path) }
        #else
        guard fsync(fd) == 0 else { throw POSIXFileSystem.error("fsync", path) }
        #endif
    }

    func truncate(to size: Int) throws {
        guard ftruncate(fd, off_t(size)) == 0 else { throw POSIXFileSystem.error("ftruncate", path) }
    }

    func close() { _ = posixClose(fd) }
}

final class POSIXLock: StorageLock, @unchecked Sendable {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }
    func release() {
        _ = flock(fd, LOCK_UN)
        _ = posixClose(fd)
    }
}

// Free functions so the methods named close/rename above do not shadow the system calls.
#if canImport(Darwin)
private func posixClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
private func posixRename(_ a: String, _ b: String) -> Int32 { Darwin.rename(a, b) }
#else
private func posixClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
private func posixRename(_ a: String, _ b: String) -> Int32 { Glibc.rename(a, b) }
#endif
