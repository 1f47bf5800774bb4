import Foundation
import SchemaGenRuntime
import StoreEvolutionV1Data
import StoreEvolutionV2Data
import Testing

/// A store written by the code generated from version 1 of a schema opens under the code of
/// version 2 (an added optional field, a renamed field, reordered nested-type fields, an added
/// index, a renamed enum case) with every value intact (issue 11 items 6 and 8).
@Suite struct StoreEvolutionEndToEndTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    typealias OldNote = StoreEvolutionV1Data.Note
    typealias NewNote = StoreEvolutionV2Data.Note

    func writeVersion1() throws -> Date {
        let db = try StoreEvolutionV1Data.NotesDatabase.open(at: directory.path, options: testOptions(clock))
        defer { db.close() }
        let written = clock.now
        try db.notes.insert(OldNote(id: 1, title: "night", mood: .grumpy,
                                    quiet: StoreEvolutionV1Data.QuietHours(starts: "22:00", ends: "07:00")))
        try db.notes.insert(OldNote(id: 2, title: "day", mood: .happy,
                                    quiet: StoreEvolutionV1Data.QuietHours(starts: "12:00", ends: "13:00"),
                                    createdAt: Date(timeIntervalSince1970: 1_600_000_000)))
        return written
    }

    @Test func aStoreWrittenByVersion1OpensUnderVersion2WithEveryValueIntact() throws {
        let written = try writeVersion1()
        clock.advance(days: 1)
        let db = try StoreEvolutionV2Data.NotesDatabase.open(at: directory.path, options: testOptions(clock))
        defer { db.close() }
        let night = try #require(try db.notes.get(id: 1))
        #expect(night.heading == "night")
        #expect(night.mood == .cranky)
        // Reordered nested fields move their values with them: 22:00–07:00 stays 22:00–07:00.
        #expect(night.quiet.starts == "22:00" && night.quiet.ends == "07:00")
        #expect(night.createdAt == written && night.pinned == nil)
        let day = try #require(try db.notes.get(id: 2))
        #expect(day.heading == "day" && day.mood == .happy && day.quiet == StoreEvolutionV2Data.QuietHours(ends: "13:00", starts: "12:00"))
        #expect(day.createdAt == Date(timeIntervalSince1970: 1_600_000_000))
        // The added index was built over the migrated rows.
        #expect(try db.notes.byCreatedAt().all().map(\.id) == [2, 1])
        try db.notes.insert(NewNote(id: 3, heading: "new", mood: .cranky, quiet: StoreEvolutionV2Data.QuietHours(ends: "b", starts: "a"),
                                    pinned: true))
        #expect(try db.notes.get(id: 3)?.createdAt == clock.now)
    }

    @Test func reopeningTheMigratedStoreKeepsItsValues() throws {
        _ = try writeVersion1()
        try StoreEvolutionV2Data.NotesDatabase.open(at: directory.path, options: testOptions(clock)).close()
        let db = try StoreEvolutionV2Data.NotesDatabase.open(at: directory.path, options: testOptions(clock))
        defer { db.close() }
        #expect(try db.notes.get(id: 1)?.quiet.starts == "22:00")
        #expect(try db.notes.count() == 2)
    }

    /// `= now` follows the database clock, not the wall clock; an explicit value is kept.
    @Test func nowDefaultsAreStampedFromTheDatabaseClock() throws {
        clock.set(Date(timeIntervalSince1970: 1_000_000))
        let db = try StoreEvolutionV1Data.NotesDatabase.open(at: directory.path, options: testOptions(clock))
        defer { db.close() }
        let quiet = StoreEvolutionV1Data.QuietHours(starts: "a", ends: "b")
        let stamped = try db.notes.insert(OldNote(id: 1, title: "t", mood: .happy, quiet: quiet))
        #expect(stamped.createdAt == Date(timeIntervalSince1970: 1_000_000))
        #expect(try db.notes.get(id: 1)?.createdAt == Date(timeIntervalSince1970: 1_000_000))
        let explicit = Date(timeIntervalSince1970: 5_000)
        #expect(try db.notes.insert(OldNote(id: 2, title: "t", mood: .happy, quiet: quiet, createdAt: explicit)).createdAt == explicit)
        // An upsert that leaves it out keeps the stored time; getOrCreate stamps a new record.
        clock.advance(days: 1)
        #expect(try db.notes.upsert(OldNote(id: 1, title: "u", mood: .happy, quiet: quiet)).createdAt == Date(timeIntervalSince1970: 1_000_000))
        #expect(try db.notes.getOrCreate(OldNote(id: 3, title: "g", mood: .happy, quiet: quiet)).record.createdAt == clock.now)
    }

    @Test func aModelLeftUnstampedCodesWithoutTheField() throws {
        let quiet = StoreEvolutionV1Data.QuietHours(starts: "a", ends: "b")
        let note = OldNote(id: 1, title: "t", mood: .happy, quiet: quiet)
        let json = try #require(String(data: try JSONEncoder().encode(note), encoding: .utf8))
        #expect(!json.contains("created_at"))
        #expect(try JSONDecoder().decode(OldNote.self, from: Data(json.utf8)) == note)
        let stamped = OldNote(id: 1, title: "t", mood: .happy, quiet: quiet, createdAt: Date(timeIntervalSince1970: 10))
        #expect(try JSONDecoder().decode(OldNote.self, from: JSONEncoder().encode(stamped)).createdAt == Date(timeIntervalSince1970: 10))
    }
}
