import Foundation

/// Something generated repositories read through: the store (a fresh snapshot per call), a
/// write transaction (its own writes included), a snapshot, or another backend (PostgreSQL).
public protocol ReadAccess {
    /// Runs `body` on a consistent snapshot: a store ``Snapshot``, or another backend's reader.
    func withSnapshot<T>(_ body: (any TableReader) throws -> T) throws -> T
}

/// Something generated repositories write through: the store (one transaction per call) or an
/// open write transaction.
public protocol WriteAccess: ReadAccess {
    /// The time writes stamp (`now` defaults, auto-updated timestamps).
    var now: Date { get }
    /// Runs `body` inside a write transaction (a new one, or the open one): a store
    /// ``WriteTransaction``, or another backend's writer.
    func withTransaction<T>(_ body: (any TableWriter) throws -> T) throws -> T
}

/// Write access at the root of a database or transaction, from which writer capabilities are taken.
public protocol RootAccess: WriteAccess {}

/// Access through an open store: every call is its own snapshot or transaction.
public struct StoreAccess: RootAccess, Sendable {
    /// The store.
    public let store: Store
    /// The clock writes are stamped with: the store's one clock, ``StoreOptions/clock``.
    public let clock: @Sendable () -> Date

    /// Access to `store`, stamping writes with the store's clock.
    public init(store: Store) {
        self.store = store
        self.clock = store.options.clock
    }

    /// Access to `store`, stamping writes with `clock` rather than the store's own.
    ///
    /// TTL spaces, caches and expiry read ``StoreOptions/clock``, so a second clock here
    /// disagrees with them; set the clock on the options instead.
    @available(*, deprecated, message: "set StoreOptions.clock and use init(store:)")
    public init(store: Store, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.clock = clock
    }

    /// The clock's current time.
    public var now: Date { clock() }

    /// Runs `body` on the latest committed snapshot.
    public func withSnapshot<T>(_ body: (any TableReader) throws -> T) throws -> T { try store.read { try body($0) } }

    /// Runs `body` as one committed transaction.
    public func withTransaction<T>(_ body: (any TableWriter) throws -> T) throws -> T { try store.write { try body($0) } }
}

/// Access inside an open write transaction: reads see its writes, writes join it.
public struct TransactionAccess: RootAccess {
    /// The open transaction.
    public let transaction: WriteTransaction
    /// The time the transaction stamps its writes with (fixed when it began).
    public let now: Date

    /// Access to `transaction`, stamping writes with the store's clock when it began
    /// (``WriteTransaction/startTime``).
    public init(transaction: WriteTransaction) { self.init(transaction: transaction, now: transaction.startTime) }

    /// Access to `transaction`, stamping writes with `now`.
    public init(transaction: WriteTransaction, now: Date) {
        self.transaction = transaction
        self.now = now
    }

    /// Runs `body` on the transaction's current state.
    public func withSnapshot<T>(_ body: (any TableReader) throws -> T) throws -> T { try body(transaction.snapshot) }

    /// Runs `body` in the open transaction.
    public func withTransaction<T>(_ body: (any TableWriter) throws -> T) throws -> T { try body(transaction) }
}

/// Read-only access to one snapshot.
public struct SnapshotAccess: ReadAccess, Sendable {
    /// The snapshot.
    public let snapshot: Snapshot

    /// Access to `snapshot`.
    public init(snapshot: Snapshot) { self.snapshot = snapshot }

    /// Runs `body` on the snapshot.
    public func withSnapshot<T>(_ body: (any TableReader) throws -> T) throws -> T { try body(snapshot) }
}

/// Errors of generated repositories besides validation (``ValidationError``) and the store's
/// own constraint errors (`StoreError.uniqueViolation`, `.missingParent`, `.foreignKeyRestrict`, …).
public enum RecordError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No record has the key.
    case notFound(entity: String)
    /// The record belongs to another owner or partition than the scope it was written through.
    case outsideScope(entity: String)
    /// A record inserted through an owner (or partition) scope names another owner: `got`,
    /// where the scope is `expected`. Nothing is written.
    case ownerMismatch(entity: String, expected: StoreValue, got: StoreValue)
    /// An update tried to change the primary key.
    case primaryKeyChanged(entity: String)
    /// A stored value could not be turned back into a model.
    case undecodable(entity: String, reason: String)

    /// A sentence describing the error.
    public var description: String {
        switch self {
        case .notFound(let entity): "no \(entity) record has this key"
        case .outsideScope(let entity): "the \(entity) record lies outside the scope it was written through"
        case .ownerMismatch(let entity, let expected, let got):
            "the \(entity) record names owner \(Self.shown(got)) but is written through the scope of \(Self.shown(expected)): "
                + "leave the owner field at its default and the scope fills it in"
        case .primaryKeyChanged(let entity): "an update of \(entity) cannot change its primary key"
        case .undecodable(let entity, let reason): "a stored \(entity) record cannot be decoded: \(reason)"
        }
    }

    /// An owner value as written in a schema: strings quoted, numbers bare.
    private static func shown(_ value: StoreValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .int(let number): "\(number)"
        default: "\(value)"
        }
    }
}
