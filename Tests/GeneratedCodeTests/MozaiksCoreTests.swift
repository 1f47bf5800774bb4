import Foundation
import MozaiksCoreData
import SchemaGenRuntime
import Testing

/// Seed 004 (mozaiks_core): plugin collections always scoped by user_id.
@Suite struct MozaiksCoreTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func open() throws -> MozaiksCoreDatabase {
        try MozaiksCoreDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
    }

    func task(_ user: String, _ n: Int, _ status: TasksStatus = .todo) -> TaskManagerTask {
        TaskManagerTask(userID: user, title: "Review PR #\(n)", status: status, tags: ["work"], createdAt: clock.now + Double(n))
    }

    @Test func scopedPluginCollection() throws {
        let db = try open()
        let alice = db.appRuntime.taskManager.tasks(ownedBy: "user_123")
        let bob = db.appRuntime.taskManager.tasks(ownedBy: "user_456")
        var ids: [ObjectID] = []
        for n in 0..<130 { ids.append(try alice.insert(task("user_123", n, n % 3 == 0 ? .done : .todo)).id) }
        try bob.insert(task("user_456", 0))

        // Pagination: limits are capped at 100; the cursor continues where the page ended.
        let reader = db.tasks(ownedBy: "user_123")
        let page = try reader.all().fetch(limit: 500)
        #expect(page.items.count == 100 && page.hasMore)
        let next = try reader.all().fetch(limit: 500, after: page.next)
        #expect(next.items.count == 30 && !next.hasMore)
        #expect(Set((page.items + next.items).map(\.userID)) == ["user_123"])
        #expect(try reader.count() == 130 && db.tasks(ownedBy: "user_456").count() == 1)

        // Counts by status.
        #expect(try reader.byStatus(status: .done).count() == 44 && reader.byStatus(status: .todo).count() == 86)

        // Bulk status update in one transaction.
        let modified = try db.write { tx in
            try ids.prefix(10).compactMap { id in
                try tx.appRuntime.taskManager.tasks(ownedBy: "user_123").update(id: id) { $0.status = .inProgress }
            }.count
        }
        #expect(try modified == 10 && reader.byStatus(status: .inProgress).count() == 10)

        // No cross-user access: reads, updates and deletes through another owner see nothing.
        let bobsView = db.appRuntime.taskManager.tasks(ownedBy: "user_456")
        #expect(try bobsView.get(id: ids[0]) == nil)
        #expect(try bobsView.update(id: ids[0]) { $0.title = "hijacked" } == nil)
        #expect(try bobsView.delete(id: ids[0]) == false)
        #expect(throws: RecordError.outsideScope(entity: "tasks")) { try bobsView.insert(task("user_123", 999)) }
        #expect(try reader.get(id: ids[0])?.title == "Review PR #0")
    }

    @Test func settingsUpsertAndNotifications() throws {
        let db = try open()
        let settings = db.appRuntime.settings(ownedBy: "user_123")
        let first = try settings.upsert(Setting(userID: "user_123", pluginSettings: ["task_manager": ["default_view": "kanban"]]))
        // save_settings again: the same document (unique user_id) is replaced, not duplicated.
        var plugins = first.pluginSettings ?? [:]
        plugins["notes"] = ["theme": "dark"]
        let second = try settings.upsert(Setting(userID: "user_123", pluginSettings: plugins))
        #expect(try second.id == first.id && db.settings(ownedBy: "user_123").count() == 1)
        #expect(try db.settings(ownedBy: "user_123").get(userID: "user_123")?.pluginSettings?["notes"]?["theme"] == "dark")
        #expect(try db.settings(ownedBy: "user_999").get(userID: "user_123") == nil)

        let notifications = db.appRuntime.notifications(ownedBy: "user_123")
        try notifications.insert(NotificationRecord(userID: "user_123", type: "task_reminder", title: "Task Due", message: "Review PR",
                                                    read: false, metadata: ["task_id": "task_456"], createdAt: clock.now))
        clock.advance(days: 1)
        try notifications.insert(NotificationRecord(userID: "user_123", type: "task_reminder", title: "Later", message: "m",
                                                    read: true, createdAt: clock.now))
        #expect(try db.notifications(ownedBy: "user_123").byRead(read: false).count() == 1)
        #expect(try db.notifications(ownedBy: "user_123").byCreatedAt().first()?.title == "Later") // created_at desc
        clock.advance(days: 30)
        #expect(try db.sweep()["notifications"]?.expired == 1) // TTL 30 days after created_at
    }
}
