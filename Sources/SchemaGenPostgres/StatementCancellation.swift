import Dispatch
import Foundation

/// Cancellation of one call on a connection, closing the race between a task's cancellation and
/// its statement reaching the server: a cancel that comes before the statement is sent stops it
/// from being sent, and one that comes while it runs is repeated until the statement ends, since
/// `PQcancel` travels on its own connection and can overtake the statement it is meant for.
final class StatementCancellation: @unchecked Sendable {
    // @unchecked: every field is only touched under `lock`.
    private let lock = NSLock()
    private var cancelled = false
    private var running = false
    private let canceller: QueryCanceller

    init(canceller: QueryCanceller) { self.canceller = canceller }

    /// Called on the connection's queue before the statement is sent; throws if the task was
    /// cancelled already, so nothing is sent.
    func begin() throws {
        lock.lock()
        defer { lock.unlock() }
        if cancelled {
            throw PostgresError(kind: .queryCanceled, message: "the task was cancelled before the statement was sent")
        }
        running = true
    }

    /// Called on the connection's queue once the statement has ended.
    func end() {
        lock.lock()
        running = false
        lock.unlock()
    }

    /// The task's cancellation handler: cancels now, and again every 50 ms while the statement runs.
    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
        repeatWhileRunning()
    }

    private func repeatWhileRunning() {
        // The check and the cancel are one critical section, so `end()` waits for a cancel in
        // flight: a late one could otherwise land on the connection's next statement.
        lock.lock()
        defer { lock.unlock() }
        guard running else { return }
        canceller.cancel()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { self.repeatWhileRunning() }
    }
}
