import Foundation
@testable import SchemaGenRuntime
import SeededRandomness

/// An in-memory file system that keeps, across a simulated power loss, only what the store made
/// durable: a file's contents up to its last fsync, and directory entries (creations, renames,
/// removals) only up to the directory's last fsync.
///
/// What happens to everything else is chosen at random by ``afterPowerLoss(_:)``, within what an
/// operating system may do: each file keeps a random prefix of its unsynced writes, the last
/// one possibly torn, possibly with zeros where its data never arrived (the size was
/// written but the data was not); each unsynced directory operation independently survives or
/// is lost, in any combination. A file whose directory entry did not survive is gone.
///
/// Directories are durable once created (the store's directory is made before anything else).
/// Writes to one file (appends and writes at an offset, ``PositionalWritingFileSystem``) are
/// assumed to reach the disk in order. A file system that persisted a
/// later append before an earlier one would make recovery refuse the open (it treats a bad
/// record followed by good ones as damage) rather than lose data silently.
final class PowerLossFileSystem: StorageFileSystem, @unchecked Sendable {
    /// One file's data: what a power loss is sure to keep, and the writes since.
    final class Inode {
        var durable: [UInt8]
        var current: [UInt8]
        var pending: [DataWrite] = []
        init(_ bytes: [UInt8]) { durable = bytes; current = bytes }
    }

    enum DataWrite { case append([UInt8]), truncate(Int), write(Int, [UInt8]) }
    enum DirectoryChange { case link(String, Inode), unlink(String), rename(String, String) }

    /// Sabotage, to prove the crash tests would catch a store that forgot an fsync: fsyncs of
    /// files whose path satisfies this do nothing.
    var ignoresFileSync: @Sendable (String) -> Bool = { _ in false }
    /// Sabotage: directory fsyncs do nothing.
    var ignoresDirectorySync = false
    /// The power fails at this mutating operation (it and everything after it throw EIO).
    var failsAtOperation: Int? {
        get { lock.withLock { _failsAtOperation } }
        set { lock.withLock { _failsAtOperation = newValue } }
    }
    private var _failsAtOperation: Int?
    /// Called with the path before every append, outside the file system's lock: a test holds a
    /// checkpoint's page write here (``CheckpointGate``) while it commits, or fails it.
    var beforeAppend: (@Sendable (String) throws -> Void)? {
        get { lock.withLock { _beforeAppend } }
        set { lock.withLock { _beforeAppend = newValue } }
    }
    private var _beforeAppend: (@Sendable (String) throws -> Void)?

    private let lock = NSLock()
    private var directories: Set<String> = []
    private var names: [String: Inode] = [:]
    private var durableNames: [String: Inode] = [:]
    private var pendingDirectory: [DirectoryChange] = []
    private var locks: Set<String> = []
    private var operations = 0
    private(set) var hasFailed = false
    /// Mutating operations so far, so a test can cut the power a given number of operations later.
    var operationCount: Int { lock.withLock { operations } }
    /// Writes at an offset so far (a page checkpoint writing into reused runs).
    var positionalWrites: Int { lock.withLock { writesAtOffsets } }
    private var writesAtOffsets = 0

    init() {}

    /// Counts a mutating operation and fails it once the power is out.
    private func mutate<T>(_ path: String, _ body: () throws -> T) throws -> T {
        try lock.withLock {
            operations += 1
            if let failsAtOperation = _failsAtOperation, operations >= failsAtOperation { hasFailed = true }
            if hasFailed { throw StoreError.io(operation: "power lost", path: path, errno: EIO) }
            return try body()
        }
    }

    /// The disk after a power loss now: a new file system holding only what survived. With
    /// `worstCase`, nothing unsynced survives at all. The power stays off: every later operation
    /// on this file system fails.
    func afterPowerLoss(_ rng: inout SeededRandom, worstCase: Bool = false) -> PowerLossFileSystem {
        lock.withLock {
            hasFailed = true
            return image(&rng, worstCase: worstCase)
        }
    }

    /// What the worst power loss would leave now (nothing unsynced), with the power left on: a
    /// test polls it to see what has become durable without stopping the store that writes.
    func durableImage() -> PowerLossFileSystem {
        var unused = SeededRandom(seed: 0)  // the worst case draws nothing
        return lock.withLock { image(&unused, worstCase: true) }
    }

    /// A new file system holding what a power loss now would leave; the caller holds `lock`.
    private func image(_ rng: inout SeededRandom, worstCase: Bool) -> PowerLossFileSystem {
        var survivors = durableNames
        for change in pendingDirectory where !worstCase && Bool.random(using: &rng) {
            switch change {
            case .link(let name, let inode): survivors[name] = inode
            case .unlink(let name): survivors[name] = nil
            case .rename(let from, let to):
                if let inode = survivors[from] { survivors[to] = inode; survivors[from] = nil }
            }
        }
        let disk = PowerLossFileSystem()
        disk.directories = directories
        var images: [ObjectIdentifier: Inode] = [:]
        for (name, inode) in survivors {
            let image = images[ObjectIdentifier(inode)] ?? Inode(worstCase ? inode.durable : Self.surviving(inode, &rng))
            images[ObjectIdentifier(inode)] = image
            disk.names[name] = image
        }
        disk.durableNames = disk.names
        return disk
    }

    /// A file's bytes after a power loss: the durable ones, then a random prefix of the writes since.
    private static func surviving(_ inode: Inode, _ rng: inout SeededRandom) -> [UInt8] {
        var bytes = inode.durable
        let kept = Int.random(in: 0...inode.pending.count, using: &rng)
        for (i, write) in inode.pending.prefix(kept).enumerated() {
            switch write {
            case .truncate(let size): bytes = Array(bytes.prefix(size))
            case .write(let offset, let data):
                // A torn write at an offset keeps a prefix of its bytes; the rest keep their old contents.
                let arrived = i == kept - 1 && Bool.random(using: &rng) ? Int.random(in: 0...data.count, using: &rng) : data.count
                bytes = overwrite(bytes, at: offset, with: Array(data.prefix(arrived)))
            case .append(let data):
                guard i == kept - 1, Bool.random(using: &rng) else { bytes += data; continue }
                // The last surviving write is torn; the part that never arrived may read as zeros.
                let arrived = Int.random(in: 0...data.count, using: &rng)
                bytes += data.prefix(arrived)
                if Bool.random(using: &rng) { bytes += [UInt8](repeating: 0, count: data.count - arrived) }
            }
        }
        return bytes
    }

    /// `bytes` with `data` written at `offset` (zeros fill a gap past the end).
    static func overwrite(_ bytes: [UInt8], at offset: Int, with data: [UInt8]) -> [UInt8] {
        var out = bytes
        if out.count < offset + data.count { out += [UInt8](repeating: 0, count: offset + data.count - out.count) }
        out.replaceSubrange(offset..<offset + data.count, with: data)
        return out
    }

    // MARK: StorageFileSystem

    func createDirectory(_ path: String) throws {
        try mutate(path) { _ = directories.insert(path) }
    }

    func readFile(_ path: String) throws -> [UInt8] {
        try lock.withLock {
            guard let inode = names[path] else { throw StoreError.io(operation: "open", path: path, errno: ENOENT) }
            return inode.current
        }
    }

    func openForAppend(_ path: String, truncate: Bool) throws -> StorageFile {
        try mutate(path) {
            let inode: Inode
            if let existing = names[path] {
                inode = existing
            } else {
                inode = Inode([])
                names[path] = inode
                pendingDirectory.append(.link(path, inode))
            }
            if truncate {
                inode.current = []
                inode.pending.append(.truncate(0))
            }
            return PowerLossFile(path: path, inode: inode, fileSystem: self)
        }
    }

    func rename(_ from: String, to: String) throws {
        try mutate(from) {
            guard let inode = names[from] else { throw StoreError.io(operation: "rename", path: from, errno: ENOENT) }
            names[to] = inode
            names[from] = nil
            pendingDirectory.append(.rename(from, to))
        }
    }

    func remove(_ path: String) throws {
        try mutate(path) {
            guard names[path] != nil else { return }
            names[path] = nil
            pendingDirectory.append(.unlink(path))
        }
    }

    func fileExists(_ path: String) -> Bool { lock.withLock { names[path] != nil } }

    func listDirectory(_ path: String) throws -> [String] {
        try lock.withLock {
            guard directories.contains(path) else { throw StoreError.io(operation: "list", path: path, errno: ENOENT) }
            return names.keys.filter { $0.hasPrefix(path + "/") }.map { String($0.dropFirst(path.count + 1)) }
        }
    }

    func syncDirectory(_ path: String) throws {
        try mutate(path) {
            if ignoresDirectorySync { return }
            durableNames = names
            pendingDirectory.removeAll()
        }
    }

    func lock(_ path: String) throws -> StorageLock {
        try lock.withLock {
            guard locks.insert(path).inserted else { throw StoreError.alreadyOpen(path: path) }
            return PowerLossLock { [self] in _ = lock.withLock { locks.remove(path) } }
        }
    }

    // MARK: file operations

    fileprivate func append(_ bytes: [UInt8], to inode: Inode, path: String) throws {
        try beforeAppend?(path)
        try mutate(path) {
            inode.current += bytes
            inode.pending.append(.append(bytes))
        }
    }

    fileprivate func write(_ bytes: [UInt8], at offset: Int, to inode: Inode, path: String) throws {
        try beforeAppend?(path)
        try mutate(path) {
            writesAtOffsets += 1
            inode.current = Self.overwrite(inode.current, at: offset, with: bytes)
            inode.pending.append(.write(offset, bytes))
        }
    }

    fileprivate func sync(_ inode: Inode, path: String) throws {
        try mutate(path) {
            if ignoresFileSync(path) { return }
            inode.durable = inode.current
            inode.pending.removeAll()
        }
    }

    fileprivate func truncate(_ inode: Inode, to size: Int, path: String) throws {
        try mutate(path) {
            inode.current = Array(inode.current.prefix(size))
            inode.pending.append(.truncate(size))
        }
    }
}

final class PowerLossFile: StorageFile, @unchecked Sendable {
    let path: String
    let inode: PowerLossFileSystem.Inode
    let fileSystem: PowerLossFileSystem
    init(path: String, inode: PowerLossFileSystem.Inode, fileSystem: PowerLossFileSystem) {
        self.path = path
        self.inode = inode
        self.fileSystem = fileSystem
    }
    func append(_ bytes: [UInt8]) throws { try fileSystem.append(bytes, to: inode, path: path) }
    func sync() throws { try fileSystem.sync(inode, path: path) }
    func truncate(to size: Int) throws { try fileSystem.truncate(inode, to: size, path: path) }
    func close() {}
}

extension PowerLossFileSystem: PositionalWritingFileSystem {
    /// A handle writing the file's current inode at offsets, as a page checkpoint reuses a run.
    func openForPositionalWrites(_ path: String) throws -> PositionalWritableFile {
        try lock.withLock {
            guard let inode = names[path] else { throw StoreError.io(operation: "open", path: path, errno: ENOENT) }
            return PowerLossFile(path: path, inode: inode, fileSystem: self)
        }
    }
}

extension PowerLossFile: PositionalWritableFile {
    func write(_ bytes: [UInt8], at offset: UInt64) throws { try fileSystem.write(bytes, at: Int(offset), to: inode, path: path) }
}

final class PowerLossLock: StorageLock, @unchecked Sendable {
    let onRelease: () -> Void
    init(_ onRelease: @escaping () -> Void) { self.onRelease = onRelease }
    func release() { onRelease() }
}
