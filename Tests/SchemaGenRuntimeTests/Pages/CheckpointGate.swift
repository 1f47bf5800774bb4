import Foundation
@testable import SchemaGenRuntime

/// Holds a page checkpoint at its first append to a page file until the test releases it, so a
/// test can commit while the checkpoint is in progress without waiting on the clock.
final class CheckpointGate: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var armed = true
    private var reached = false
    private var released = false

    /// Installs the gate on `disk`: the first append to a `pages-*.dat` file waits in it, then
    /// fails as on a full disk if `failing`.
    init(on disk: PowerLossFileSystem, failing: Bool = false) {
        disk.beforeAppend = { [self] path in
            guard path.contains("/pages-") else { return }
            let held = condition.withLock { () -> Bool in
                guard armed else { return false }
                armed = false
                reached = true
                condition.broadcast()
                while !released { condition.wait() }
                return true
            }
            if held, failing { throw StoreError.io(operation: "write", path: path, errno: ENOSPC) }
        }
    }

    /// Waits until a checkpoint is held in the gate; false if none got there within `seconds`
    /// (a bound against a hang, not a wait the test relies on).
    func waitUntilReached(seconds: Double = 60) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        return condition.withLock {
            while !reached { if !condition.wait(until: deadline) { return reached } }
            return true
        }
    }

    /// Lets the held checkpoint go on.
    func release() {
        condition.withLock {
            released = true
            condition.broadcast()
        }
    }
}

/// Runs `body` on a thread of its own; `wait` returns its outcome once it is done.
final class BackgroundRun<T: Sendable>: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var outcome: Result<T, Error>?

    init(_ body: @escaping @Sendable () throws -> T) {
        Thread { [self] in
            let result = Result { try body() }
            condition.withLock {
                outcome = result
                condition.broadcast()
            }
        }.start()
    }

    /// The outcome, or nil if `body` is still running after `seconds` (a bound against a hang).
    func wait(seconds: Double = 60) -> Result<T, Error>? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        return condition.withLock {
            while outcome == nil { if !condition.wait(until: deadline) { break } }
            return outcome
        }
    }
}
