import Foundation

/// A typed view of one TTL key space of the store: values in compact binary, keys as UTF-8.
public struct TypedCache<Value: BinaryCodable>: Sendable {
    let space: TTLSpace
    /// The entry lifetime the schema gives.
    public let ttl: TimeInterval

    /// Opens the store's TTL space `name` with the schema's entry lifetime.
    public init(store: Store, name: String, ttl: TimeInterval) throws {
        self.space = try store.ttlSpace(name)
        self.ttl = ttl
    }

    /// The value under `key`, unless missing or expired.
    public func get(_ key: String) throws -> Value? {
        guard let bytes = try space.get(Array(key.utf8)) else { return nil }
        return try BinaryReader.decode(Value.self, from: bytes)
    }

    /// Stores `value` under `key` for `ttl` seconds (the schema's TTL unless given).
    public func set(_ value: Value, for key: String, ttl: TimeInterval? = nil) throws {
        try space.set(Array(key.utf8), BinaryWriter.encode(value), ttl: ttl ?? self.ttl)
    }

    /// Removes `key`; returns whether it was present.
    @discardableResult
    /// Removes an entry; returns whether it existed.
    public func remove(_ key: String) throws -> Bool { try space.remove(Array(key.utf8)) }

    /// Deletes expired entries; returns how many.
    @discardableResult
    /// Deletes every expired entry; returns how many.
    public func purgeExpired() throws -> Int { try space.purgeExpired() }
}
