import Foundation
import Testing
@testable import SchemaGenRuntime

/// Typed transforms on a hand-written record: a required column the step computes, and the
/// record's validation after the body.
@Suite struct TypedTransformTests {
    static let v1 = StoreSchema(tables: [TableDefinition("accounts", columns: [.init("id", .int), .init("name", .string)],
                                                         primaryKey: ["id"])])
    static let v2 = StoreSchema(tables: [TableDefinition("accounts", columns: [
        .init("id", .int), .init("name", .string), .init("nickname", .string),
    ], primaryKey: ["id"])])
    static let computed = step(columns: ["accounts": ["nickname": .transform]])
    static let rows: [String: [Row]] = ["accounts": [[.int(1), .string("Ada Lovelace")], [.int(2), .string("")]]]

    /// The v2 record; a nickname must not be empty.
    struct Account: StoredRecord {
        static let tableName = "accounts"
        static let entityName = "Account"
        static let primaryKeyPositions = [0]
        var id: Int64
        var name: String
        var nickname: String
        init(row: Row) throws {
            id = try Int64(storeValue: row[0])
            name = try String(storeValue: row[1])
            nickname = try String(storeValue: row[2])
        }
        var row: Row { [id.storeValue, name.storeValue, nickname.storeValue] }
        func collectFailures(at path: String, into failures: inout [ValidationFailure]) {
            if nickname.isEmpty { failures.append(ValidationFailure(path: "nickname", message: "must not be empty")) }
        }
    }

    static let firstWord = StoreTransform.record(Account.self, toVersion: 2) { old, account in
        // The computed required column arrives as a zero value of its type.
        #expect(account.nickname == "")
        account.nickname = String(try old.string("name").split(separator: " ").first ?? "")
    }

    @Test func aTypedTransformFillsARequiredComputedColumn() throws {
        let rows: [String: [Row]] = ["accounts": [[.int(1), .string("Ada Lovelace")], [.int(2), .string("Alan Turing")]]]
        let result = try Evolution.migrate(Self.v1, rows, to: Self.v2, Self.computed, transforms: [Self.firstWord])
        #expect(result == ["accounts": [[.int(1), .string("Ada Lovelace"), .string("Ada")],
                                        [.int(2), .string("Alan Turing"), .string("Alan")]]])
    }

    @Test func anInvalidTransformedRecordFailsTheMigrationNamingItsKey() throws {
        let error = try Evolution.refusal(Self.v1, Self.rows, to: Self.v2, Self.computed, transforms: [Self.firstWord])
        #expect(error == .migrationFailed(version: 2, failures: [
            MigrationFailure(table: "accounts", primaryKey: "2", reason: "the transformed record is invalid Account: nickname: must not be empty"),
        ], omitted: [:]))
    }

    @Test func aTypedTransformForATableTheCurrentVersionLacksIsRefused() throws {
        var other = Self.v2
        other.tables[0].name = "people"
        let error = try Evolution.refusal(Self.v1, Self.rows, to: other, step(tables: ["people": "accounts"]),
                                          transforms: [Self.firstWord])
        #expect(error == .invalidTransform(version: 2, table: "accounts", reason: "the current version has no table 'accounts'"))
    }
}
