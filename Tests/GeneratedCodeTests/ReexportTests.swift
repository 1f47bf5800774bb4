import DiscordBotData
import Foundation
import Testing

// This file imports the generated library alone: StoreOptions, Durability, StoreError, PageCursor
// and PageTokenError must come through its `@_exported import SchemaGenRuntime`.

/// The generated module re-exports the runtime types its API exposes.
@Suite struct ReexportTests {
    @Test func runtimeTypesReachableThroughTheGeneratedModule() throws {
        let directory = NSTemporaryDirectory() + "schemagen-reexport-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options: StoreOptions = StoreOptions(durability: Durability.unsynced)
        let db = try DiscordBotDatabase.open(at: directory, options: options)
        #expect(throws: StoreError.alreadyOpen(path: directory + "/LOCK")) { try DiscordBotDatabase.open(at: directory, options: options) }
        let page: Page<Reminder> = try db.reminders.all().fetch(limit: 10)
        let cursor: PageCursor? = page.next
        #expect(cursor == nil)
        db.close()
        #expect(throws: StoreError.closed) {
            try db.reminders.insert(Reminder(userID: 1, channelID: 2, message: "m", remindAt: Date()))
        }
        let error: PageTokenError = .rejected
        #expect(error.description.hasPrefix("page token rejected"))
    }
}
