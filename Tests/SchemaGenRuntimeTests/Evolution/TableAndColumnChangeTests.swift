import Foundation
import Testing
@testable import SchemaGenRuntime

/// Tables and columns added, dropped, renamed, made optional or required, widened and narrowed:
/// each migrated store is reopened and every value compared.
@Suite struct TableAndColumnChangeTests {
    static let users = TableDefinition("users", columns: [
        .init("id", .int, shape: .integer(bits: 64)),
        .init("name", .string, shape: .string(maxLength: 20)),
        .init("age", .int, nullable: true, shape: .integer(bits: 32)),
    ], primaryKey: ["id"])
    static let logs = TableDefinition("logs", columns: [.init("id", .int), .init("line", .string)], primaryKey: ["id"])
    static let v1 = StoreSchema(tables: [users, logs])
    /// Every third user has no age.
    static let rows: [String: [Row]] = {
        let users: [Row] = (1...9).map { i -> Row in
            let age: StoreValue = i % 3 == 0 ? .null : .int(Int64(20 + i))
            return [.int(Int64(i)), .string("user\(i)"), age]
        }
        let logs: [Row] = (1...4).map { i -> Row in [.int(Int64(i)), .string("line \(i)")] }
        return ["users": users, "logs": logs]
    }()

    /// `v1` with the users table's columns replaced.
    static func withUsers(_ columns: [ColumnDefinition], name: String = "users") -> StoreSchema {
        var t = users
        t.name = name
        t.columns = columns
        return StoreSchema(tables: [t, logs])
    }

    @Test func addedTableStartsEmptyAndOthersKeepTheirRows() throws {
        let notes = TableDefinition("notes", columns: [.init("id", .int), .init("text", .string)], primaryKey: ["id"])
        let v2 = StoreSchema(tables: [Self.users, Self.logs, notes])
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, step(tables: ["notes": nil]), policy: .automatic)
        #expect(result == ["users": Self.rows["users"]!, "logs": Self.rows["logs"]!, "notes": []])
    }

    @Test func droppedTableNeedsAcknowledgementAndIsListedByCode() throws {
        let v2 = StoreSchema(tables: [Self.users])
        let drop = destructive("SG102", "logs", nil, "drop entity 'logs'")
        let s = step(changes: [drop])
        #expect(try Evolution.refusal(Self.v1, Self.rows, to: v2, s, policy: .automatic) == .destructiveMigration(changes: [drop]))
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, s, policy: .allowDestructive)
        #expect(result == ["users": Self.rows["users"]!])
    }

    @Test func renamedTableKeepsItsRows() throws {
        let v2 = Self.withUsers(Self.users.columns, name: "people")
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, step(tables: ["people": "users"]), policy: .automatic)
        #expect(result["people"] == Self.rows["users"])
    }

    @Test func addedColumnsTakeTheirDefaultOrNull() throws {
        let v2 = Self.withUsers(Self.users.columns + [.init("score", .int, shape: .integer(bits: 32)),
                                                       .init("bio", .string, nullable: true)])
        let s = step(columns: ["users": ["score": .fill(.int(7)), "bio": .fill(.null)]])
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, s, policy: .automatic)
        #expect(result["users"] == Self.rows["users"]!.map { $0 + [.int(7), .null] })
    }

    @Test func droppedColumnIsDestructive() throws {
        let v2 = Self.withUsers([Self.users.columns[0], Self.users.columns[2]])
        let drop = destructive("SG203", "users", "name", "drop field 'users.name'")
        #expect(try Evolution.refusal(Self.v1, Self.rows, to: v2, step(changes: [drop]), policy: .automatic)
                == .destructiveMigration(changes: [drop]))
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, step(changes: [drop]))
        #expect(result["users"] == Self.rows["users"]!.map { [$0[0], $0[2]] })
    }

    @Test func renamedAndReorderedColumnsKeepTheirValues() throws {
        let v2 = Self.withUsers([.init("id", .int, shape: .integer(bits: 64)), .init("years", .int, nullable: true, shape: .integer(bits: 32)),
                                 .init("fullName", .string, shape: .string(maxLength: 20))])
        let s = step(columns: ["users": ["years": .column("age", whenNull: nil), "fullName": .column("name", whenNull: nil)]])
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, s, policy: .automatic)
        #expect(result["users"] == Self.rows["users"]!.map { [$0[0], $0[2], $0[1]] })
    }

    @Test func madeOptionalKeepsValues() throws {
        var columns = Self.users.columns
        columns[1].isNullable = true
        let result = try Evolution.migrate(Self.v1, Self.rows, to: Self.withUsers(columns), step(), policy: .automatic)
        #expect(result["users"] == Self.rows["users"])
    }

    @Test func madeRequiredFillsNullsWithTheDefault() throws {
        var columns = Self.users.columns
        columns[2].isNullable = false
        let s = step(columns: ["users": ["age": .column("age", whenNull: .int(18))]])
        let result = try Evolution.migrate(Self.v1, Self.rows, to: Self.withUsers(columns), s, policy: .automatic)
        #expect(result["users"] == Self.rows["users"]!.map { [$0[0], $0[1], $0[2].isNull ? .int(18) : $0[2]] })
    }

    @Test func madeRequiredWithoutDefaultListsEveryNullRowAndChangesNothing() throws {
        var columns = Self.users.columns
        columns[2].isNullable = false
        let error = try Evolution.refusal(Self.v1, Self.rows, to: Self.withUsers(columns), step())
        let failures = [3, 6, 9].map {
            MigrationFailure(table: "users", column: "age", primaryKey: "\($0)", reason: "is null, and the column is now required")
        }
        #expect(error == .migrationFailed(version: 2, failures: failures, omitted: [:]))
    }

    @Test func widenedColumnsKeepValues() throws {
        let v2 = Self.withUsers([.init("id", .int, shape: .integer(bits: 64)), .init("name", .string, shape: .string(maxLength: nil)),
                                 .init("age", .int, nullable: true, shape: .integer(bits: 64))])
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, step(), policy: .automatic)
        #expect(result["users"] == Self.rows["users"])
    }

    @Test func narrowedColumnsWhoseValuesFitMigrate() throws {
        let v2 = Self.withUsers([.init("id", .int, shape: .integer(bits: 32)), .init("name", .string, shape: .string(maxLength: 5)),
                                 .init("age", .int, nullable: true, shape: .integer(bits: 32))])
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, step(), policy: .automatic)
        #expect(result["users"] == Self.rows["users"])
    }

    @Test func narrowedColumnsListEveryValueThatDoesNotFit() throws {
        var rows = Self.rows
        rows["users"]![1][1] = .string("a much longer name")
        rows["users"]![4][0] = .int(Int64(Int32.max) + 1)
        let v2 = Self.withUsers([.init("id", .int, shape: .integer(bits: 32)), .init("name", .string, shape: .string(maxLength: 5)),
                                 .init("age", .int, nullable: true, shape: .integer(bits: 32))])
        let error = try Evolution.refusal(Self.v1, rows, to: v2, step())
        #expect(error == .migrationFailed(version: 2, failures: [
            MigrationFailure(table: "users", column: "name", primaryKey: "2", reason: "18 characters exceed the new limit of 5"),
            MigrationFailure(table: "users", column: "id", primaryKey: "2147483648", reason: "value 2147483648 does not fit in 32 bits"),
        ], omitted: [:]))
    }

    @Test func failuresAreCappedPerTableWithTheRestCounted() throws {
        let rows: [String: [Row]] = ["users": (1...25).map { [.int(Int64($0)), .string("u"), .null] }, "logs": []]
        var columns = Self.users.columns
        columns[2].isNullable = false
        guard case .migrationFailed(2, let failures, let omitted)? = try Evolution.refusal(Self.v1, rows, to: Self.withUsers(columns), step()) else {
            Issue.record("expected migrationFailed")
            return
        }
        #expect(failures.map(\.primaryKey) == (1...20).map { "\($0)" })
        #expect(omitted == ["users": 5])
    }
}
