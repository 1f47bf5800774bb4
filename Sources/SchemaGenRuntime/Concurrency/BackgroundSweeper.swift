import Foundation

/// Runs a database's `sweep()` (retention rules and expired cache entries) every interval, until
/// ``stop()`` or until the database closes: on the store's write queue, or for another backend
/// (PostgreSQL) through the function it is given.
///
/// ```swift
/// let sweeper = db.startSweeping(every: .seconds(60))
/// …
/// await sweeper.stop()   // or db.close(), which stops it too
/// ```
public final class BackgroundSweeper: Sendable {
    private let task: Task<Void, Never>
    /// Set when the sweeping loop has ended on its own (its database closed).
    private let ended = EndFlag()

    /// Starts sweeping `store` with `sweep` every `interval` (the first sweep after one interval).
    /// A sweep that throws is reported to `onError` and the sweeper goes on, unless the store is
    /// closed, which ends it.
    public init(store: Store, every interval: Duration, onError: (@Sendable (any Error) -> Void)? = nil,
                sweep: @escaping @Sendable () throws -> Void) {
        task = Self.run(every: interval, onError: onError, ended: ended, isClosed: { false },
                        endsOn: { error in if case StoreError.closed = error { true } else { false } }) { try await store.perform(sweep) }
        let task = self.task
        store.closeHandlers.add { task.cancel() }
    }

    /// Starts running `sweep` every `interval` (the first sweep after one interval), for a
    /// database that is not a store (the PostgreSQL facade's `startSweeping`). A sweep that throws
    /// is reported to `onError` and the sweeper goes on; once `isClosed` returns true (checked
    /// before every sweep and after a failed one) it ends.
    public init(every interval: Duration, onError: (@Sendable (any Error) -> Void)? = nil,
                isClosed: @escaping @Sendable () -> Bool, sweep: @escaping @Sendable () async throws -> Void) {
        task = Self.run(every: interval, onError: onError, ended: ended, isClosed: isClosed, endsOn: { _ in isClosed() }, sweep: sweep)
    }

    /// The sweeping task: `isClosed` is asked before each sweep, `endsOn` about each error.
    private static func run(every interval: Duration, onError: (@Sendable (any Error) -> Void)?, ended: EndFlag,
                            isClosed: @escaping @Sendable () -> Bool, endsOn: @escaping @Sendable (any Error) -> Bool,
                            sweep: @escaping @Sendable () async throws -> Void) -> Task<Void, Never> {
        Task.detached {
            defer { ended.set() }
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                if isClosed() { return }
                do {
                    try await sweep()
                } catch {
                    if endsOn(error) { return }
                    onError?(error)
                }
            }
        }
    }

    /// Stops sweeping and returns once no sweep is running any more.
    public func stop() async {
        task.cancel()
        await task.value
    }

    /// Whether the sweeper has stopped (after ``stop()``, or once its database closed).
    public var isStopped: Bool { task.isCancelled || ended.isSet }
}

/// A flag one thread sets and others read.
private final class EndFlag: @unchecked Sendable {
    // @unchecked: `value` is only touched with `lock` held.
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
