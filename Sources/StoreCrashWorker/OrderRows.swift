import SchemaGenRuntime

/// The rows every worker commits for order `n`: the order and its two items, so a test can tell
/// from the rows alone which commits a store holds (items `2n` and `2n + 1` belong to order `n`).
enum OrderRows {
    /// The order number after the store's last: where a restarted worker resumes committing.
    static func next(in store: Store) throws -> Int64 {
        try store.read { snapshot in
            Int64(try snapshot.scan("orders", direction: .backward, limit: 1).first?[0].intValue ?? 0) + 1
        }
    }

    static func insert(_ n: Int64, in tx: WriteTransaction) throws {
        try tx.insert([.int(n), .string("order \(n)")], into: "orders")
        try tx.insert([.int(2 * n), .int(n), .int(1)], into: "items")
        try tx.insert([.int(2 * n + 1), .int(n), .int(2)], into: "items")
    }
}
