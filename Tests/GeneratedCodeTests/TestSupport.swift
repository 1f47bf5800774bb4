import Foundation
import SchemaGenRuntime

/// A temporary store directory, removed when the value is released.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "schemagen-generated-\(UUID().uuidString)"
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A settable clock for simulated days.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(days: Double) { lock.withLock { current += days * 86_400 } }

    func set(_ date: Date) { lock.withLock { current = date } }

    /// The clock as a closure for `open(at:options:clock:)`.
    var function: @Sendable () -> Date { { [self] in now } }
}

/// Fast store options for tests: nothing is fsynced, TTLs run on the test clock.
func testOptions(_ clock: TestClock) -> StoreOptions {
    StoreOptions(durability: .unsynced, clock: clock.function)
}
