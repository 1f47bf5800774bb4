import Foundation

/// The page store's reader table (LMDB's idea, within one process): which checkpoints the
/// states still alive were read from, so a checkpoint reuses only page runs that none of them
/// can reach (``FreePageRuns``).
///
/// A state's page records are all reachable from the checkpoint it was read from or adopted
/// (``WrittenCheckpoint``): commits only drop references and add nodes in memory. A run freed by
/// checkpoint *n* is reachable from no checkpoint from *n* on, so it is safe to overwrite once
/// every live state came from checkpoint *n* or later: ``oldest`` ≥ *n*.
final class CheckpointReaders: @unchecked Sendable {
    // Guarded by `lock`: live pins per checkpoint number.
    private let lock = NSLock()
    private var pins: [UInt64: Int] = [:]

    init() {}

    /// A registration of checkpoint `number`, held by every tree of a state read from it
    /// (``BTree/checkpointPin``) and by every cursor over such a tree; it ends when the last
    /// holder goes.
    func pin(_ number: UInt64) -> CheckpointPin {
        lock.withLock { pins[number, default: 0] += 1 }
        return CheckpointPin(readers: self, number: number)
    }

    /// The oldest checkpoint a live state was read from; nil when none is registered.
    var oldest: UInt64? { lock.withLock { pins.keys.min() } }

    fileprivate func release(_ number: UInt64) {
        lock.withLock {
            let left = (pins[number] ?? 1) - 1
            pins[number] = left > 0 ? left : nil
        }
    }
}

/// One registration in a ``CheckpointReaders`` table; releasing the last reference ends it.
final class CheckpointPin: Sendable {
    let readers: CheckpointReaders
    /// The checkpoint the holder's pages were read from.
    let number: UInt64

    fileprivate init(readers: CheckpointReaders, number: UInt64) {
        self.readers = readers
        self.number = number
    }

    deinit { readers.release(number) }
}
