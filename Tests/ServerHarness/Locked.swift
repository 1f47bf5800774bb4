import Foundation

/// A value guarded by a lock, so reference types holding mutable state can be `Sendable`.
///
/// (`Synchronization.Mutex` would do the same but needs macOS 15; the package supports macOS 13.)
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Guards `value`.
    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Creates a value once, on first use, and hands the same value (or the same failure) to every caller.
///
/// Servers use it for their `shared` instance: the first test that needs PostgreSQL starts it, the
/// others wait on the lock and then reuse it. A failed start is remembered, so every test fails with
/// the same clear message instead of each one retrying a slow start.
public final class LazyShared<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, any Error>?
    private let make: @Sendable () throws -> Value

    /// Calls `make` on first use.
    public init(_ make: @escaping @Sendable () throws -> Value) {
        self.make = make
    }

    /// The value if it was already created successfully, without creating it.
    public var existingValue: Value? {
        lock.lock()
        defer { lock.unlock() }
        return try? result?.get()
    }

    /// The value (or the error) of the first call of `make`, which runs once.
    public func get() throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let result {
            return try result.get()
        }
        let fresh = Result { try make() }
        result = fresh
        return try fresh.get()
    }
}
