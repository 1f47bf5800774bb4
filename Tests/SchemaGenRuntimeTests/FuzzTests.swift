import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Random damage that keeps every checksum valid (so it reaches the decoders): opening, reading
/// and verifying must fail with an error or succeed, never crash.
@Suite struct FuzzTests {
    static let schema = communitySchema

    /// A closed store with rows in every table of the community schema, partly in the snapshot
    /// and partly in the log.
    static func makeStore(_ path: String) throws {
        let store = try Store.open(at: path, schema: schema, options: fastOptions)
        try store.write { tx in
            for g in 1...3 { _ = try tx.insert([.null, .string("g\(g)")], into: "guilds") }
            for m in 1...12 {
                try tx.insert(member(Int64(m), guild: Int64(m % 3 + 1), "m\(m)", xp: Int64(m * 5), active: m % 2 == 0,
                                     email: m % 3 == 0 ? "m\(m)@x" : nil), into: "members")
                try tx.insert([.int(Int64(m)), .int(Int64(m)), .string("post \(m)")], into: "posts")
                try tx.insert([.int(Int64(m)), m % 4 == 0 ? .null : .int(Int64(m))], into: "notes")
            }
            try tx.insert([.int(1), .int(2)], into: "badges")
        }
        try store.checkpoint()
        try store.write { tx in
            try tx.delete(primaryKey: [.int(5)], from: "members")
            try tx.update("members", primaryKey: [.int(6)], set: ["xp": .int(99)])
        }
        try store.ttlSpace("cache").set([1, 2], [3], ttl: nil)
        store.close()
    }

    /// Opens, reads every table through every index, and verifies; returns what failed, or nil
    /// for an error of an unexpected type.
    static func exercise(_ path: String) -> Bool {
        do {
            let store = try Store.open(at: path, schema: schema, options: fastOptions)
            defer { store.close() }
            let s = store.snapshot
            for table in schema.tables {
                _ = try s.scan(table.name)
                for index in table.indexes { _ = try s.scan(table.name, index: index.name, direction: .backward) }
            }
            _ = try s.get("members", index: "byGuildName", key: [.int(1)])
            try store.write { tx in _ = try tx.insert([.null, .string("new")], into: "guilds") }
            try store.write { tx in _ = try tx.delete(primaryKey: [.int(1)], from: "guilds") }
        } catch is StoreError {
        } catch is BTreeInvariantViolation {
        } catch {
            Issue.record("unexpected error \(error)")
            return false
        }
        do {
            _ = try Store.verify(at: path, schema: schema)
        } catch is StoreError {
        } catch is BTreeInvariantViolation {
        } catch {
            Issue.record("unexpected error from verify \(error)")
            return false
        }
        return true
    }

    /// Every table's rows, read through the primary key.
    static func rows(_ path: String) throws -> [[Row]] {
        let store = try Store.open(at: path, schema: schema, options: fastOptions)
        defer { store.close() }
        return try schema.tables.map { try store.snapshot.scan($0.name) }
    }

    /// On both checkpoint formats: one to three byte changes inside one record (re-framed with
    /// valid checksums), or whole records dropped, duplicated or swapped, in any file of the store.
    /// Nothing may crash; on the page file, a damaged node record must moreover never be read as
    /// other rows: its parent's checksum of it no longer matches, so the store either reads every
    /// row as it was (the record was not live) or throws `corrupted`.
    @Test(arguments: [false, true])
    func randomDamageBehindValidChecksumsNeverCrashes(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) { try randomDamageBehindValidChecksumsNeverCrashes() }
    }

    private func randomDamageBehindValidChecksumsNeverCrashes() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        try Self.makeStore(dir.store())
        let original = try Self.rows(dir.store())
        let copy = dir.store("copy")
        var pageFileRounds = 0, corruptedPageFiles = 0
        for round in 0..<(heavyTests ? 20_000 : 300) {
            try copyStore(dir.store(), to: copy)
            let files = try FileManager.default.contentsOfDirectory(atPath: copy).filter { $0 != "LOCK" }.sorted()
            let name = files.randomElement(using: &rng)!
            let file = copy + "/" + name
            // Page records lie in runs of pages (format 5): each keeps its slot, padding included.
            let isPageFile = name.hasPrefix(FileFormat.Pages.filePrefix)
            let pageSlots = isPageFile ? try StoreFiles.pageSlots(copy) : []
            var payloads = isPageFile ? pageSlots.map(\.payload) : try StoreFiles.payloads(file)
            var slots = pageSlots.map(\.slot)
            let i = Int.random(in: 0..<payloads.count, using: &rng)
            let j = Int.random(in: 0..<payloads.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0:
                payloads.remove(at: i)
                if isPageFile { slots.remove(at: i) }
            case 1:
                payloads.insert(payloads[i], at: j)
                if isPageFile { slots.insert(slots[i], at: j) }
            case 2:
                payloads.swapAt(i, j)
                if isPageFile { slots.swapAt(i, j) }
            default:
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    guard !payloads[i].isEmpty else { break }
                    let at = Int.random(in: 0..<payloads[i].count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: payloads[i][at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
                    case 1: payloads[i][at] = UInt8.random(in: 0...255, using: &rng)
                    case 2: payloads[i].removeSubrange(at...)
                    default: payloads[i].insert(UInt8.random(in: 0...255, using: &rng), at: at)
                    }
                }
            }
            let write = { isPageFile ? try StoreFiles.writePageSlots(Array(zip(payloads, slots)), to: file) : try StoreFiles.writeRecords(payloads, to: file) }
            try write()
            if !Self.exercise(copy) {
                Issue.record("seed \(seed) round \(round): record \(i) of \(file)")
                return
            }
            if name.hasPrefix(FileFormat.Pages.filePrefix) {
                try copyStore(dir.store(), to: copy)
                try write()
                pageFileRounds += 1
                do {
                    #expect(try Self.rows(copy) == original, "seed \(seed) round \(round): a damaged page read as other rows")
                } catch StoreError.corrupted(let damaged, _, _) {
                    #expect(damaged == file, "seed \(seed) round \(round)")
                    corruptedPageFiles += 1
                }
            }
        }
        if StoreFormat.pages {
            // The page-file check above ran, and some damage was caught by it.
            #expect(pageFileRounds > 0 && corruptedPageFiles > 0, "seed \(seed): \(pageFileRounds) page-file rounds, \(corruptedPageFiles) refused")
        }
    }
}
