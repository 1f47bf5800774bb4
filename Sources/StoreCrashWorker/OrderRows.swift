import SchemaGenRuntime

/// The rows every worker commits for order `n`: the order and its two items, so a test can tell
/// from the rows alone which commits a store holds (items `2n` and `2n + 1` belong to order `n`).
enum OrderRows {
    static func insert(_ n: Int64, in tx: WriteTransaction) throws {
        try tx.insert([.int(n), .string("order \(n)")], into: "orders")
        try tx.insert([.int(2 * n), .int(n), .int(1)], into: "items")
        try tx.insert([.int(2 * n + 1), .int(n), .int(2)], into: "items")
    }
}
