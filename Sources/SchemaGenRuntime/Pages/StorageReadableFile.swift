#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// A file read at arbitrary offsets: how the page file reads one node without reading the rest.
protocol StorageReadableFile: AnyObject, Sendable {
    /// `count` bytes starting at `offset`; throws when the file is shorter.
    func read(at offset: UInt64, count: Int) throws -> [UInt8]
    /// The file's current size in bytes.
    func size() throws -> UInt64
    /// Releases the descriptor; reads after it throw.
    func close()
}

/// A file system that can read at offsets (``POSIXFileSystem``); others are read through
/// ``WholeFileReader``, so the public ``StorageFileSystem`` seam needs no new requirement.
protocol PositionalFileSystem {
    func openForReading(_ path: String) throws -> StorageReadableFile
}

extension StorageFileSystem {
    /// Positional reads where the file system has them, else whole-file reads (test doubles).
    func openForReading(_ path: String) throws -> StorageReadableFile {
        if let positional = self as? PositionalFileSystem { return try positional.openForReading(path) }
        return WholeFileReader(path: path, fileSystem: self)
    }
}

/// Reads through ``StorageFileSystem/readFile(_:)`` on every call: slow, but correct for a
/// file system that only models whole files (fault-injection doubles).
final class WholeFileReader: StorageReadableFile, @unchecked Sendable {
    private let path: String
    private let fileSystem: any StorageFileSystem

    init(path: String, fileSystem: any StorageFileSystem) {
        self.path = path
        self.fileSystem = fileSystem
    }

    /// Slices the requested range out of the whole file.
    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        let bytes = try fileSystem.readFile(path)
        guard offset <= UInt64(bytes.count), UInt64(bytes.count) - offset >= UInt64(count) else {
            throw StoreError.corrupted(file: path, offset: Int(clamping: offset), reason: "page lies beyond the end of the file")
        }
        return Array(bytes[Int(offset)..<Int(offset) + count])
    }

    /// The length of the whole file.
    func size() throws -> UInt64 { UInt64(try fileSystem.readFile(path).count) }

    /// Nothing to release.
    func close() {}
}

extension POSIXFileSystem: PositionalFileSystem {
    /// Opens `path` read-only; reads use `pread`, so concurrent readers need no lock.
    func openForReading(_ path: String) throws -> StorageReadableFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error("open", path) }
        return PositionalReader(fd: fd, path: path)
    }
}

/// `pread` on one descriptor, kept open for the reader's lifetime (so a page file replaced by a
/// compaction stays readable by snapshots that still refer to it).
final class PositionalReader: StorageReadableFile, @unchecked Sendable {
    private let fd: Int32
    private let path: String

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { _ = posixCloseReader(fd) }

    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw POSIXFileSystem.error("pread", path) }
            guard n > 0 else {
                throw StoreError.corrupted(file: path, offset: Int(clamping: offset), reason: "page lies beyond the end of the file")
            }
            done += n
        }
        return bytes
    }

    func size() throws -> UInt64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw POSIXFileSystem.error("fstat", path) }
        return UInt64(info.st_size)
    }

    /// The descriptor is closed when the last reference goes (see `deinit`), not here: a
    /// snapshot may still read through it.
    func close() {}
}

#if canImport(Darwin)
private func posixCloseReader(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#else
private func posixCloseReader(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#endif
