import Foundation
import Testing
@testable import SchemaGenRuntime

/// Enum cases and nested documents (also inside arrays and optionals) across versions. Their
/// bytes carry no names; the shapes recorded in the catalog make every change a migration, so
/// swapping two fields of a nested type can no longer swap their values.
@Suite struct EnumAndDocumentChangeTests {
    static func mood(_ cases: [String]) -> ValueShape { .enumeration("Mood", cases: cases) }
    static let quiet = ValueShape.document("QuietHours", fields: [DocumentField("start", .integer(bits: 32)), DocumentField("end", .integer(bits: 32))])

    /// settings(id, mood, quiet, history: [QuietHours] of at most 3, extra: QuietHours?).
    static func schema(mood: ValueShape = mood(["happy", "sad", "calm"]), quiet: ValueShape = quiet) -> StoreSchema {
        StoreSchema(tables: [TableDefinition("settings", columns: [
            .init("id", .int), .init("mood", .string, shape: mood), .init("quiet", .bytes, shape: quiet),
            .init("history", .bytes, shape: .array(quiet, maxCount: 3)), .init("extra", .bytes, nullable: true, shape: quiet),
        ], primaryKey: ["id"])])
    }

    /// A QuietHours document with fields written in the given order.
    static func hours(_ fields: [Int64]) -> StoreValue { document { w in fields.forEach { w.writeSigned($0) } } }
    static func history(_ entries: [[Int64]]) -> StoreValue {
        document { w in
            w.writeUnsigned(UInt64(entries.count))
            for e in entries { e.forEach { w.writeSigned($0) } }
        }
    }

    /// Row i: moods cycle happy, sad, happy…; quiet hours 22:00–07:00 (as 22 and 7) plus i.
    static let rows: [String: [Row]] = ["settings": (1...6).map { i in
        let n = Int64(i)
        return [.int(n), .string(i % 2 == 0 ? "sad" : "happy"), hours([22, 7 + n]), history([[1, n], [2, n]]),
                i % 3 == 0 ? .null : hours([20 + n, 6])]
    }]

    @Test func addedEnumCaseKeepsValues() throws {
        let result = try Evolution.migrate(Self.schema(), Self.rows, to: Self.schema(mood: Self.mood(["happy", "sad", "calm", "angry"])),
                                           step(), policy: .automatic)
        #expect(result["settings"] == Self.rows["settings"])
    }

    @Test func renamedEnumCaseRenamesStoredValues() throws {
        let result = try Evolution.migrate(Self.schema(), Self.rows, to: Self.schema(mood: Self.mood(["happy", "blue", "calm"])),
                                           step(enums: ["Mood": ["sad": "blue"]]), policy: .automatic)
        #expect(result["settings"]!.map(\.[1]) == Self.rows["settings"]!.map { $0[1] == .string("sad") ? .string("blue") : $0[1] })
    }

    @Test func removedEnumCaseIsRefusedWhileRowsUseIt() throws {
        let error = try Evolution.refusal(Self.schema(), Self.rows, to: Self.schema(mood: Self.mood(["happy", "calm"])), step())
        #expect(error == .migrationFailed(version: 2, failures: [2, 4, 6].map {
            MigrationFailure(table: "settings", column: "mood", primaryKey: "\($0)", reason: "case 'sad' of enum Mood no longer exists")
        }, omitted: [:]))
    }

    @Test func removedEnumCaseThatNoRowUsesMigrates() throws {
        let result = try Evolution.migrate(Self.schema(), Self.rows, to: Self.schema(mood: Self.mood(["happy", "sad"])), step())
        #expect(result["settings"] == Self.rows["settings"])
    }

    /// The issue's silent corruption: `start` and `end` swapped in the schema must not swap values.
    @Test func reorderedNestedFieldsKeepTheirValues() throws {
        let swapped = ValueShape.document("QuietHours", fields: [DocumentField("end", .integer(bits: 32)), DocumentField("start", .integer(bits: 32))])
        let result = try Evolution.migrate(Self.schema(), Self.rows, to: Self.schema(quiet: swapped), step(), policy: .automatic)
        #expect(result["settings"] == Self.rows["settings"]!.map { row in
            let n = row[0].intValue!
            return [row[0], row[1], Self.hours([7 + n, 22]), Self.history([[n, 1], [n, 2]]), row[4].isNull ? .null : Self.hours([6, 20 + n])]
        })
    }

    @Test func addedNestedFieldsTakeTheirFill() throws {
        let added = ValueShape.document("QuietHours", fields: [
            DocumentField("start", .integer(bits: 32)), DocumentField("zone", .string(maxLength: nil), optional: true),
            DocumentField("end", .integer(bits: 32)), DocumentField("weekdays", .bool),
        ])
        let s = step(documents: ["QuietHours": DocumentSource(oldName: "QuietHours", fields: ["weekdays": .fill(.bool(true))])])
        let result = try Evolution.migrate(Self.schema(), Self.rows, to: Self.schema(quiet: added), s, policy: .automatic)
        func hours(_ start: Int64, _ end: Int64) -> StoreValue {
            document { w in w.writeSigned(start); w.writeByte(0); w.writeSigned(end); w.writeByte(1) }
        }
        #expect(result["settings"]!.map(\.[2]) == (1...6).map { hours(22, 7 + Int64($0)) })
        #expect(result["settings"]![0][4] == hours(21, 6))
        #expect(result["settings"]![0][3] == document { w in
            w.writeUnsigned(2)
            for (a, b) in [(Int64(1), Int64(1)), (2, 1)] { w.writeSigned(a); w.writeByte(0); w.writeSigned(b); w.writeByte(1) }
        })
    }

    @Test func removedAndRenamedNestedFields() throws {
        let renamed = ValueShape.document("Quiet", fields: [DocumentField("until", .integer(bits: 64))])
        let s = step(documents: ["Quiet": DocumentSource(oldName: "QuietHours", fields: ["until": .column("end", whenNull: nil)])])
        let result = try Evolution.migrate(Self.schema(), Self.rows, to: Self.schema(quiet: renamed), s)
        #expect(result["settings"] == Self.rows["settings"]!.map { row in
            let n = row[0].intValue!
            return [row[0], row[1], Self.hours([7 + n]), Self.history([[n], [n]]), row[4].isNull ? .null : Self.hours([6])]
        })
    }

    @Test func narrowedNestedFieldNamesThePathOfEveryValueThatDoesNotFit() throws {
        let wide = ValueShape.document("QuietHours", fields: [DocumentField("start", .integer(bits: 64)), DocumentField("end", .integer(bits: 64))])
        var rows = Self.rows
        rows["settings"]![1][3] = Self.history([[1, 2], [1 << 40, 3]])
        let error = try Evolution.refusal(Self.schema(quiet: wide), rows, to: Self.schema(), step())
        #expect(error == .migrationFailed(version: 2, failures: [
            MigrationFailure(table: "settings", column: "history[1].start", primaryKey: "2", reason: "value 1099511627776 does not fit in 32 bits"),
        ], omitted: [:]))
    }

    @Test func smallerArrayCapIsCheckedAndLargerIsFree() throws {
        let larger = StoreSchema(tables: [TableDefinition("settings", columns: [
            .init("id", .int), .init("mood", .string, shape: Self.mood(["happy", "sad", "calm"])), .init("quiet", .bytes, shape: Self.quiet),
            .init("history", .bytes, shape: .array(Self.quiet, maxCount: 10)), .init("extra", .bytes, nullable: true, shape: Self.quiet),
        ], primaryKey: ["id"])])
        #expect(try Evolution.migrate(Self.schema(), Self.rows, to: larger, step())["settings"] == Self.rows["settings"])
        var smaller = larger
        smaller.tables[0].columns[3].shape = .array(Self.quiet, maxCount: 1)
        let error = try Evolution.refusal(Self.schema(), Self.rows, to: smaller, step())
        guard case .migrationFailed(2, let failures, _)? = error else { Issue.record("expected migrationFailed, got \(String(describing: error))"); return }
        #expect(failures.count == 6 && failures.allSatisfy { $0.column == "history" && $0.reason == "2 elements exceed the new limit of 1" })
    }
}
