import CLibPQ
import Foundation

/// Asks the server to cancel whatever statement a connection is running, from any thread:
/// libpq's cancel object is made for this (`PQcancel` is thread-safe and opens its own socket).
final class QueryCanceller: @unchecked Sendable {
    // @unchecked: `handle` is only touched under `lock`.
    private let lock = NSLock()
    private var handle: OpaquePointer?

    init(handle: OpaquePointer?) {
        self.handle = handle
    }

    deinit {
        release()
    }

    /// Sends the cancel request; a statement that already finished is unaffected.
    func cancel() {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &message, Int32(message.count))
    }

    /// Frees the cancel object (when the connection closes).
    func release() {
        lock.lock()
        defer { lock.unlock() }
        if let handle { PQfreeCancel(handle) }
        handle = nil
    }
}
