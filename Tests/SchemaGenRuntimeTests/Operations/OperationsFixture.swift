import Foundation
import Testing
@testable import SchemaGenRuntime

/// A bank: accounts whose balances always sum to the same total, and a ledger row per transfer.
/// Every transfer changes two accounts and adds a ledger row in one transaction, so a state
/// holding part of a transaction shows in the sums.
enum Bank {
    static let accounts = 8
    static let initialBalance: Int64 = 1_000

    static let schema = StoreSchema(tables: [
        TableDefinition("accounts", columns: [.init("id", .int), .init("owner", .string), .init("balance", .int)],
                        primaryKey: ["id"]),
        TableDefinition("ledger",
                        columns: [.init("id", .int), .init("from", .int), .init("to", .int), .init("amount", .int),
                                  .init("at", .timestamp)],
                        primaryKey: ["id"], autoIncrement: true,
                        indexes: [IndexDefinition("byFrom", on: ["from"])],
                        foreignKeys: [ForeignKeyDefinition("from", columns: ["from"], references: "accounts", ["id"], onDelete: .restrict)]),
    ])

    static func open(_ path: String, options: StoreOptions = fastOptions) throws -> Store {
        let store = try Store.open(at: path, schema: schema, options: options)
        if try store.snapshot.count("accounts") == 0 {
            try store.write { tx in
                for id in 0..<Int64(accounts) {
                    try tx.insert([.int(id), .string("owner \(id)"), .int(initialBalance)], into: "accounts")
                }
            }
        }
        return store
    }

    /// Moves `amount` from one account to another and records it, in one transaction.
    static func transfer(_ store: Store, _ n: Int64, amount: Int64 = 1) throws {
        let from = n % Int64(accounts), to = (n * 3 + 1) % Int64(accounts)
        try store.write { tx in
            let a = try tx.get("accounts", primaryKey: .int(from))!, b = try tx.get("accounts", primaryKey: .int(to))!
            try tx.update([a[0], a[1], .int(a[2].intValue! - amount)], in: "accounts")
            let b2 = from == to ? [a[0], a[1], .int(a[2].intValue! - amount)] : b
            try tx.update([b2[0], b2[1], .int(b2[2].intValue! + amount)], in: "accounts")
            try tx.insert([.null, .int(from), .int(to), .int(amount), .timestamp(tx.startTime)], into: "ledger")
        }
    }

    /// Checks a snapshot is a whole number of transfers: balances sum to the total and every
    /// balance equals the initial balance plus what the ledger says moved. Returns the transfers.
    static func checkConsistent(_ snapshot: Snapshot) throws -> Int {
        let accounts = try snapshot.scan("accounts"), ledger = try snapshot.scan("ledger")
        var expected = [Int64](repeating: initialBalance, count: Self.accounts)
        for row in ledger {
            expected[Int(row[1].intValue!)] -= row[3].intValue!
            expected[Int(row[2].intValue!)] += row[3].intValue!
        }
        #expect(accounts.map { $0[2].intValue! } == expected)
        #expect(accounts.reduce(0) { $0 + $1[2].intValue! } == initialBalance * Int64(Self.accounts))
        return ledger.count
    }

    /// Every row of both tables.
    static func contents(_ snapshot: Snapshot) throws -> [[Row]] {
        [try snapshot.scan("accounts"), try snapshot.scan("ledger")]
    }
}

/// The ``StoreOperationError`` `body` throws, or nil if it returns; any other error is a test failure.
func operationError<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> StoreOperationError? {
    do {
        _ = try body()
        return nil
    } catch let error as StoreOperationError {
        return error
    } catch {
        Issue.record("expected a StoreOperationError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Every file of a directory with its bytes (to show a refused operation changed nothing).
func directoryContents(_ path: String) throws -> [String: [UInt8]] {
    guard FileManager.default.fileExists(atPath: path) else { return [:] }
    var files: [String: [UInt8]] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: path) {
        files[name] = Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))
    }
    return files
}
