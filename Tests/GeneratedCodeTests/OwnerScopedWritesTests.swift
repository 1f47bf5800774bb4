import Foundation
import MozaiksCoreData
import SchemaGenRuntime
import SyncaraBotData
import Testing

/// Owner-scoped and partitioned writes take the owner from the scope: the record need not name it,
/// and a record naming another owner is refused with nothing stored.
@Suite struct OwnerScopedWritesTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func mozaiks() throws -> MozaiksCoreDatabase {
        try MozaiksCoreDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
    }

    @Test func insertFillsTheOwnerFromTheScope() throws {
        let db = try mozaiks()
        let tasks = db.appRuntime.taskManager.tasks(ownedBy: "user_123")
        let stored = try tasks.insert(TaskManagerTask(title: "Review PR", status: .todo, createdAt: clock.now))
        #expect(stored.userID == "user_123")
        #expect(try db.tasks(ownedBy: "user_123").get(id: stored.id)?.userID == "user_123")
        // Naming the scope's own owner is fine too.
        try tasks.insert(TaskManagerTask(userID: "user_123", title: "Merge", status: .todo, createdAt: clock.now))
        #expect(try db.tasks(ownedBy: "user_123").count() == 2)
    }

    @Test func upsertAndGetOrCreateFillTheOwner() throws {
        let db = try mozaiks()
        let settings = db.appRuntime.settings(ownedBy: "user_123")
        let first = try settings.upsert(Setting(pluginSettings: ["notes": ["theme": "dark"]]))
        let again = try settings.upsert(Setting(pluginSettings: ["notes": ["theme": "light"]]))
        #expect(first.userID == "user_123" && again.id == first.id)
        #expect(try db.settings(ownedBy: "user_123").count() == 1)
        let (existing, created) = try settings.getOrCreate(Setting())
        #expect(!created && existing.id == first.id)
    }

    @Test func recordOfAnotherOwnerIsRejectedAndNothingStored() throws {
        let db = try mozaiks()
        let tasks = db.appRuntime.taskManager.tasks(ownedBy: "user_123")
        #expect(throws: RecordError.ownerMismatch(entity: "tasks", expected: .string("user_123"), got: .string("user_456"))) {
            try tasks.insert(TaskManagerTask(userID: "user_456", title: "Hijack", status: .todo, createdAt: clock.now))
        }
        #expect(throws: RecordError.ownerMismatch(entity: "settings", expected: .string("user_123"), got: .string("user_456"))) {
            try db.appRuntime.settings(ownedBy: "user_123").upsert(Setting(userID: "user_456"))
        }
        #expect(try db.tasks(ownedBy: "user_123").count() == 0 && db.tasks(ownedBy: "user_456").count() == 0)
        #expect(try db.settings(ownedBy: "user_456").count() == 0)
        let message = RecordError.ownerMismatch(entity: "tasks", expected: .string("a"), got: .string("b")).description
        #expect(message.hasPrefix("the tasks record names owner \"b\" but is written through the scope of \"a\""))
    }

    @Test func insertAllFillsTheOwnerAndABatchNamingAnotherStoresNothing() throws {
        let db = try mozaiks()
        let tasks = db.appRuntime.taskManager.tasks(ownedBy: "user_123")
        let stored = try tasks.insertAll([TaskManagerTask(title: "a", status: .todo, createdAt: clock.now),
                                          TaskManagerTask(userID: "user_123", title: "b", status: .todo, createdAt: clock.now)])
        #expect(stored.map(\.userID) == ["user_123", "user_123"] && stored.map(\.title) == ["a", "b"])
        #expect(throws: RecordError.ownerMismatch(entity: "tasks", expected: .string("user_123"), got: .string("user_456"))) {
            try tasks.insertAll([TaskManagerTask(title: "c", status: .todo, createdAt: clock.now),
                                 TaskManagerTask(userID: "user_456", title: "Hijack", status: .todo, createdAt: clock.now)])
        }
        #expect(try db.tasks(ownedBy: "user_123").count() == 2 && db.tasks(ownedBy: "user_456").count() == 0)
    }

    @Test func partitionScopeFillsItsKey() throws {
        let db = try SyncaraBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let todo = try db.database.todos(chatID: 5).insert(Todo(description: "buy milk", status: .pending, createdAt: clock.now, createdBy: 1))
        #expect(try todo.chatID == 5 && db.todos(chatID: 5).count() == 1)
    }
}
