import Foundation
#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// A file read at arbitrary offsets: how the page file reads one node without reading the rest.
protocol StorageReadableFile: AnyObject, Sendable {
    /// A memory map covering the bytes below `end`, if this file is read through one (see
    /// ``MappedReader``); nil sends readers through ``read(at:count:)``.
    func mapping(through end: Int) throws -> PageMapping?
    /// `count` bytes starting at `offset`; throws when the file is shorter.
    func read(at offset: UInt64, count: Int) throws -> [UInt8]
    /// The file's current size in bytes.
    func size() throws -> UInt64
    /// Releases the descriptor; reads after it throw.
    func close()
    /// Clears, in every map of the file still alive, the verification bits of records in
    /// `range` (new records are about to be written there).
    func forgetVerification(in range: Range<UInt64>)
    /// Makes every map ``mapping(through:)`` returns from now on cover the bytes below `end`
    /// (format 5: a child may lie after its parent, anywhere in the checkpointed length).
    func keepMapped(through end: Int)
}

extension StorageReadableFile {
    /// Not mapped: every read copies.
    func mapping(through end: Int) throws -> PageMapping? { nil }
    /// Not mapped: nothing to forget.
    func forgetVerification(in range: Range<UInt64>) {}
    /// Not mapped: nothing to cover.
    func keepMapped(through end: Int) {}
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
    /// Opens `path` read-only; reads copy from a memory map of it (``MappedReader``).
    func openForReading(_ path: String) throws -> StorageReadableFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error("open", path) }
        return MappedReader(positional: PositionalReader(fd: fd, path: path))
    }
}

/// Reads through a read-only shared memory map of the file: a node read from the page cache of
/// the kernel costs a copy, not a system call (`pread` costs one per node, measured in
/// `docs/storage.md`, "Read path"), and ``PageFile`` searches format-3 nodes in the map itself.
///
/// Safe because page files only grow while open: records are appended or written into free
/// runs inside the file (format 5), a live record is never rewritten (copy on write; a run is
/// reused only once nothing live reaches it, ``CheckpointReaders``), and the one truncation (at open, of a crashed checkpoint's tail) cuts only bytes
/// past the meta's length, which no reference reaches (``PageFile`` checks every reference
/// against it). A read touches only bytes the file held when they were checked, so it never
/// meets the end of the file (which would raise `SIGBUS`); another process truncating an open
/// store's page file could, as with any memory-mapped database. The map reserves twice the file's
/// size so appends land inside it; a file that outgrows it is mapped again (a new
/// ``PageMapping``), and an earlier map stays until the last read holding it ends.
final class MappedReader: StorageReadableFile, @unchecked Sendable {
    private let positional: PositionalReader
    // Guarded by `lock`.
    private let lock = NSLock()
    private var current: PageMapping?
    /// Maps replaced by a larger one that reads may still hold (``forgetVerification(in:)`` clears them too).
    private var earlier: [WeakMapping] = []
    /// The file's size when last asked: bytes below it may be read from the map.
    private var covered = 0
    /// What every map returned must cover at least (``keepMapped(through:)``).
    private var floor = 0
    /// Set when mapping failed: reads go through `pread` from then on.
    private var unmappable = false

    init(positional: PositionalReader) {
        self.positional = positional
    }

    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        guard offset <= UInt64(Int.max - count), let mapping = try mapping(through: Int(offset) + count) else {
            return try positional.read(at: offset, count: count)
        }
        return withExtendedLifetime(mapping) { Array(UnsafeRawBufferPointer(start: mapping.base + Int(offset), count: count)) }
    }

    /// The current map if it covers the bytes below `end` (mapping again if the file has grown),
    /// nil if they lie beyond the file's end or the file cannot be mapped (then `pread` answers).
    func mapping(through requested: Int) throws -> PageMapping? {
        try lock.withLock {
            let end = max(requested, floor)
            if end <= covered { return current }
            if unmappable { return nil }
            let size = Int(try positional.size())
            guard end <= size else { return nil }
            if size > current?.length ?? 0 {
                guard let mapping = PageMapping(descriptor: positional.descriptor, length: max(size * 2, 1 << 20)) else {
                    unmappable = true
                    return nil
                }
                earlier.removeAll { $0.mapping == nil }
                if let current {
                    // Under the lock, so a concurrent ``forgetVerification(in:)`` clears either
                    // the bits before they are taken or both maps.
                    mapping.inheritVerification(from: current)
                    earlier.append(WeakMapping(mapping: current))
                }
                current = mapping
            }
            covered = size
            return current
        }
    }

    func size() throws -> UInt64 { try positional.size() }

    func keepMapped(through end: Int) {
        lock.withLock { floor = max(floor, end) }
    }

    func forgetVerification(in range: Range<UInt64>) {
        let maps = lock.withLock { [current] + earlier.map(\.mapping) }
        for case let mapping? in maps { mapping.clearVerified(in: range) }
    }

    /// Nothing to release before the last reference goes (see ``PositionalReader/close()``).
    func close() {}

    private struct WeakMapping {
        weak var mapping: PageMapping?
    }
}

/// `pread` on one descriptor, kept open for the reader's lifetime (so a page file replaced by a
/// compaction stays readable by snapshots that still refer to it).
final class PositionalReader: StorageReadableFile, @unchecked Sendable {
    private let fd: Int32
    private let path: String
    /// The descriptor, for ``MappedReader``'s map (valid while this reader lives).
    var descriptor: Int32 { fd }

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
