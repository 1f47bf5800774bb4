import Foundation

extension Store {
    /// Runs `body` on the store's serial write queue and returns its result, so blocking work
    /// (a write transaction and its fsync) never blocks the calling thread or the cooperative
    /// pool. Async writes run one after another in the order they were submitted; reads need
    /// no queue, as snapshots never wait for the writer.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            writeQueue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// Handlers a store runs once when it closes.
final class CloseHandlers: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var handlers: [@Sendable () -> Void] = []
    private var closed = false

    /// Adds `handler`; runs it at once if the store is already closed.
    func add(_ handler: @escaping @Sendable () -> Void) {
        let runNow = lock.withLock {
            if !closed { handlers.append(handler) }
            return closed
        }
        if runNow { handler() }
    }

    func run() {
        let handlers = lock.withLock {
            closed = true
            defer { self.handlers = [] }
            return self.handlers
        }
        for handler in handlers { handler() }
    }
}
