import Foundation
import Testing
@testable import SchemaGenRuntime

/// Stores written with one schema version and opened with a later one, for the evolution tests.
enum Evolution {
    /// Versions numbered 1, 2, … and the steps between them.
    static func chain(_ schemas: [StoreSchema], _ steps: [StoreVersionStep]) -> StoreEvolution {
        StoreEvolution(versions: schemas.enumerated().map { StoreVersion(number: $0 + 1, name: "v\($0 + 1)", schema: $1) },
                       steps: steps)
    }

    /// A store at `path` written with `schema`: half of each table's rows reach the snapshot by
    /// a checkpoint, the rest stay in the log (so a migration must replay it under the old catalog).
    static func write(_ schema: StoreSchema, _ rows: [String: [Row]], at path: String) throws {
        let store = try Store.open(at: path, schema: schema, options: fastOptions)
        defer { store.close() }
        // Parents before children: tables in schema order.
        let tables = schema.tables.map(\.name).filter { rows[$0] != nil }
        try store.write { tx in
            for t in tables { for row in rows[t]!.prefix(rows[t]!.count / 2) { try tx.insert(row, into: t) } }
        }
        try store.checkpoint()
        try store.write { tx in
            for t in tables { for row in rows[t]!.dropFirst(rows[t]!.count / 2) { try tx.insert(row, into: t) } }
        }
    }

    /// Every file of a store but its lock, by name, for byte-identical comparisons.
    static func files(_ path: String) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) where name != "LOCK" {
            out[name] = try StoreFiles.bytes(path + "/" + name)
        }
        return out
    }

    /// Writes `rows` with `v1`, opens with the step to `v2`, checks the result (indexes,
    /// foreign keys, a second open at the current version) and returns every table of `v2`.
    static func migrate(_ v1: StoreSchema, _ rows: [String: [Row]], to v2: StoreSchema, _ step: StoreVersionStep,
                        policy: StoreMigrationPolicy = .allowDestructive, transforms: [StoreTransform] = [],
                        progress: ((StoreMigrationProgress) -> Void)? = nil) throws -> [String: [Row]] {
        let dir = TemporaryDirectory()
        try write(v1, rows, at: dir.store())
        let evolution = chain([v1, v2], [step])
        let store = try Store.open(at: dir.store(), evolution: evolution, options: fastOptions, migration: policy,
                                   transforms: transforms, progress: progress)
        try store.snapshot.checkInvariants()
        #expect(store.recoveryReport.replayedTransactions == 1, "the old log's commit is replayed under the old catalog")
        store.close()
        _ = try Store.verify(at: dir.store(), schema: v2)
        // Migrated once: the next open finds the current version and changes nothing.
        let before = try files(dir.store())
        let again = try Store.open(at: dir.store(), evolution: evolution, options: fastOptions, migration: .refuse)
        defer { again.close() }
        #expect(try files(dir.store()) == before)
        return try dump(again.snapshot, tables: v2.tables.map(\.name))
    }

    /// Writes `rows` with `v1`, opens with the step to `v2` expecting a refusal, checks that
    /// every file is byte-identical afterwards and that `v1` still opens it, and returns the error.
    static func refusal(_ v1: StoreSchema, _ rows: [String: [Row]], to v2: StoreSchema, _ step: StoreVersionStep,
                        policy: StoreMigrationPolicy = .allowDestructive, transforms: [StoreTransform] = [],
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> StoreError? {
        let dir = TemporaryDirectory()
        try write(v1, rows, at: dir.store())
        let before = try files(dir.store())
        let error = storeError({
            try Store.open(at: dir.store(), evolution: chain([v1, v2], [step]), options: fastOptions, migration: policy,
                           transforms: transforms)
        }, sourceLocation: sourceLocation)
        #expect(try files(dir.store()) == before, "a refused open changed the store's files", sourceLocation: sourceLocation)
        let old = try Store.open(at: dir.store(), schema: v1, options: fastOptions)
        defer { old.close() }
        for (table, expected) in rows {
            #expect(try old.snapshot.count(table) == expected.count, sourceLocation: sourceLocation)
        }
        return error
    }
}

/// A step changing only the tables named, each column by name unless `columns` says otherwise.
func step(tables: [String: String?] = [:], columns: [String: [String: ColumnSource]] = [:],
          documents: [String: DocumentSource] = [:], enums: [String: [String: String]] = [:],
          changes: [StoreChange] = []) -> StoreVersionStep {
    StoreVersionStep(tableSources: tables, columnSources: columns, documentSources: documents,
                     enumCaseRenames: enums, changes: changes)
}

/// A destructive change as the diff engine would classify it.
func destructive(_ code: String, _ table: String, _ column: String? = nil, _ summary: String) -> StoreChange {
    StoreChange(code: code, classes: ["destructive"], table: table, column: column, summary: summary)
}

/// The compact binary of a document of the given field values (each already encoded by `BinaryWriter`).
func document(_ write: (inout BinaryWriter) -> Void) -> StoreValue {
    var w = BinaryWriter()
    write(&w)
    return .bytes(w.bytes)
}
