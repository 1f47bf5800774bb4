/// A key-value space whose entries expire, for caches. Declared by name in
/// ``StoreSchema/keyValueSpaces`` and obtained with ``Store/ttlSpace(_:)``.
///
/// An entry past its expiry is never returned, even before ``purgeExpired(batchSize:)`` has
/// removed it. Time comes from the store's clock, ``StoreOptions/clock``. Each mutating call is its own
/// transaction, committed as ``StoreOptions/cacheDurability`` says (by default without waiting for an fsync).
public struct TTLSpace: Sendable {
    /// The space's name.
    public let name: String
    let store: Store
    private var table: String { ResolvedSchema.keyValueTableName(name) }

    /// The value stored under `key`, unless missing or expired.
    public func get(_ key: [UInt8]) throws -> [UInt8]? {
        try store.read { snapshot in
            guard let row = try snapshot.get(table, primaryKey: [.bytes(key)]), case .bytes(let value) = row[1] else { return nil }
            if case .timestamp(let expiry) = row[2], expiry <= store.options.nowMicroseconds { return nil }
            return value
        }
    }

    /// Stores `value` under `key`, expiring `ttl` seconds from now (never, when nil).
    public func set(_ key: [UInt8], _ value: [UInt8], ttl: Double?) throws {
        let expiry: StoreValue = ttl.map { .timestamp(store.options.nowMicroseconds + Int64($0 * 1_000_000)) } ?? .null
        try store.write(durability: store.options.cacheDurability) { tx in _ = try tx.upsert([.bytes(key), .bytes(value), expiry], into: table) }
    }

    /// Removes `key`; returns whether it was present (expired or not).
    @discardableResult
    public func remove(_ key: [UInt8]) throws -> Bool {
        try store.write(durability: store.options.cacheDurability) { tx in try tx.delete(primaryKey: [.bytes(key)], from: table) }
    }

    /// Deletes expired entries in transactions of at most `batchSize`; returns how many.
    @discardableResult
    public func purgeExpired(batchSize: Int = 1000) throws -> Int {
        var total = 0
        while true {
            let now = StoreValue.timestamp(store.options.nowMicroseconds + 1)
            let n = try store.write(durability: store.options.cacheDurability) { tx in
                try tx.deleteExpiredEntries(table: table, before: now, batchSize: batchSize)
            }
            total += n
            if n < batchSize { return total }
        }
    }
}

extension WriteTransaction {
    /// Entries expire at `expiresAt <= now`, i.e. before `now + 1µs`; walks the partial expiry index.
    func deleteExpiredEntries(table: String, before bound: StoreValue, batchSize: Int) throws -> Int {
        let t = try schema.table(table)
        let prefixEnd = IndexKeyEncoder.encode([bound])
        var entries = BTreeRangeIterator(state.tables[t.id].indexes[0], lower: nil, upper: .exclusive(prefixEnd), reverse: false)
        var keys: [[UInt8]] = []
        while keys.count < batchSize, let (entry, _) = entries.next() { keys.append(IndexKeys.primaryKey(ofEntry: entry)) }
        for key in keys {
            if let row = state.row(t, key: key) { try delete(key: key, row: row, in: t) }
        }
        return keys.count
    }
}

extension Store {
    /// Deletes the expired entries of every TTL key-value space; returns how many, by space name.
    @discardableResult
    public func purgeExpiredEntries() throws -> [String: Int] {
        var purged: [String: Int] = [:]
        for name in schema.schema.keyValueSpaces { purged[name] = try TTLSpace(name: name, store: self).purgeExpired() }
        return purged
    }

    /// The TTL key-value space declared as `name` in the schema.
    public func ttlSpace(_ name: String) throws -> TTLSpace {
        guard schema.schema.keyValueSpaces.contains(name) else { throw StoreError.unknownTable(ResolvedSchema.keyValueTableName(name)) }
        return TTLSpace(name: name, store: self)
    }
}
