/// Runs a database's `sweep()` (retention rules and expired cache entries) every interval on
/// the store's write queue, until ``stop()`` or until the store closes.
///
/// ```swift
/// let sweeper = db.startSweeping(every: .seconds(60))
/// …
/// await sweeper.stop()   // or db.close(), which stops it too
/// ```
public final class BackgroundSweeper: Sendable {
    private let task: Task<Void, Never>

    /// Starts sweeping `store` with `sweep` every `interval` (the first sweep after one interval).
    /// A sweep that throws is reported to `onError` and the sweeper goes on, unless the store is
    /// closed, which ends it.
    public init(store: Store, every interval: Duration, onError: (@Sendable (any Error) -> Void)? = nil,
                sweep: @escaping @Sendable () throws -> Void) {
        task = Task.detached {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                do {
                    try await store.perform(sweep)
                } catch StoreError.closed {
                    return
                } catch {
                    onError?(error)
                }
            }
        }
        let task = self.task
        store.closeHandlers.add { task.cancel() }
    }

    /// Stops sweeping and returns once no sweep is running any more.
    public func stop() async {
        task.cancel()
        await task.value
    }

    /// Whether the sweeper has stopped (after ``stop()``, or once its store closed).
    public var isStopped: Bool { task.isCancelled }
}
