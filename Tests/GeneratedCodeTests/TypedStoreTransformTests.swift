import Foundation
import SchemaGenRuntime
import StoreEvolutionV1Data
import StoreEvolutionV2Data
import Testing

/// Typed transforms (issue 11 item 3): a v1 notes store opened under v2 with a Swift transform
/// that gets the old row and the generated v2 `Note`.
@Suite struct TypedStoreTransformTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    typealias OldNote = StoreEvolutionV1Data.Note
    typealias NewNote = StoreEvolutionV2Data.Note

    func writeVersion1() throws {
        let db = try StoreEvolutionV1Data.NotesDatabase.open(at: directory.path, options: testOptions(clock))
        defer { db.close() }
        try db.notes.insert(OldNote(id: 1, title: "night", mood: .grumpy,
                                    quiet: StoreEvolutionV1Data.QuietHours(starts: "22:00", ends: "07:00")))
        try db.notes.insert(OldNote(id: 2, title: "day", mood: .happy,
                                    quiet: StoreEvolutionV1Data.QuietHours(starts: "12:00", ends: "13:00")))
    }

    func openVersion2(_ transforms: [StoreTransform]) throws -> StoreEvolutionV2Data.NotesDatabase {
        try StoreEvolutionV2Data.NotesDatabase.open(at: directory.path, options: testOptions(clock), transforms: transforms)
    }

    /// Every file of the store, by name.
    func files() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/" + name))
        }
        return files
    }

    @Test func aTypedTransformComputesFieldsFromOldValuesOnOpen() throws {
        try writeVersion1()
        let shout = StoreTransform.record(NewNote.self, toVersion: 2) { old, note in
            let quiet = try old.decode(StoreEvolutionV1Data.QuietHours.self, "quiet")
            note.heading = try old.string("title").uppercased() + " from " + quiet.starts
            note.pinned = try old.decode(StoreEvolutionV1Data.Mood.self, "mood") == .grumpy
        }
        let db = try openVersion2([shout])
        defer { db.close() }
        let night = try #require(try db.notes.get(id: 1))
        #expect(night.heading == "NIGHT from 22:00" && night.pinned == true && night.mood == .cranky)
        let day = try #require(try db.notes.get(id: 2))
        #expect(day.heading == "DAY from 12:00" && day.pinned == false && day.quiet.ends == "13:00")
    }

    @Test func aThrowingTypedTransformAbortsWithTheStoreUnchanged() throws {
        try writeVersion1()
        let before = try files()
        let reader = StoreTransform.record(NewNote.self, toVersion: 2) { old, note in
            if note.id == 2 { note.heading = try old.string("nickname") }
        }
        #expect(throws: StoreError.migrationFailed(version: 2, failures: [
            MigrationFailure(table: "notes", primaryKey: "2", reason: "the transform threw: the old row has no column 'nickname'"),
        ], omitted: [:])) {
            try openVersion2([reader])
        }
        #expect(try files() == before)
        // The typed accessors name the column and the type they expected.
        let typo = StoreTransform.record(NewNote.self, toVersion: 2) { old, _ in _ = try old.int("title") }
        let error = #expect(throws: StoreError.self) { try openVersion2([typo]) }
        guard case .migrationFailed(2, let failures, [:]) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(failures.map(\.primaryKey) == ["1", "2"])
        #expect(failures.first?.reason.hasPrefix("the transform threw: column 'title' of the old row holds \"night\", which does not decode as Int64: expected an int64") == true)
        #expect(try files() == before)
    }

    @Test func aTypedTransformForAnEarlierVersionIsRefused() throws {
        try writeVersion1()
        let before = try files()
        let early = StoreTransform.record(NewNote.self, toVersion: 1) { _, note in note.heading = "x" }
        #expect(throws: StoreError.invalidTransform(
            version: 1, table: "notes",
            reason: "the typed transform of Note fits only the step to the current version 2; "
                + "register an untyped StoreTransform(toVersion:table:body:) for an earlier step")) {
            try openVersion2([early])
        }
        #expect(try files() == before)
    }
}
