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

        // Pagination: limits are capped at 100 (`pages at most 100`); the cursor continues where the page ended.
        #expect(TaskManagerTask.maximumPageSize == 100)
        let reader = db.tasks(ownedBy: "user_123")
        let page = try reader.all().fetch(limit: 500)
        #expect(page.items.count == 100 && page.hasMore)
        let next = try reader.all().fetch(limit: 500, after: page.next)
        #expect(next.items.count == 30 && !next.hasMore)
        #expect(Set((page.items + next.items).map(\.userID)) == ["user_123"])
        // list_with_pagination: find({user_id}).sort("created_at", -1).limit(min(limit, 100)), read
        // from the (user_id, created_at desc) index: newest first, capped at 100.
        let newest = try reader.byCreatedAt().fetch(limit: 500)
        #expect(newest.items.count == 100 && newest.hasMore)
        #expect(newest.items.map(\.title).prefix(2) == ["Review PR #129", "Review PR #128"])
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
        #expect(throws: RecordError.ownerMismatch(entity: "tasks", expected: .string("user_456"), got: .string("user_123"))) {
            try bobsView.insert(task("user_123", 999))
        }
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

    func user(_ name: String, _ roles: [UserRole]) -> User {
        User(email: "\(name)@example.com", username: name, passwordHash: "x", roles: roles, createdAt: clock.now)
    }

    /// The multikey index side table's entries.
    func roleEntries(_ db: MozaiksCoreDatabase) -> Int {
        db.store.read { (try? $0.count("users__idx_users_roles")) ?? -1 }
    }

    @Test func multikeyIndexFindsUsersByRole() throws {
        var db = try open()
        let users = db.appRuntime.users
        let alice = try users.insert(user("alice", [.user, .admin]))
        let bob = try users.insert(user("bob", [.user]))
        let carol = try users.insert(user("carol", [.superadmin, .admin, .admin])) // a duplicate element is indexed once
        try users.insert(user("dave", []))
        func names(_ role: UserRole) throws -> Set<String> { Set(try db.users.byRoles(roles: role).all().map(\.username)) }

        #expect(try names(.admin) == ["alice", "carol"])
        #expect(try names(.user) == ["alice", "bob"])
        #expect(try names(.superadmin) == ["carol"])
        #expect(try db.users.byRoles(roles: .admin).count() == 2 && db.users.byRoles(roles: .superadmin).first()?.id == carol.id)
        #expect(roleEntries(db) == 5)

        // Results come in primary-key order (reversible), and page with a cursor.
        let adminIDs = [alice.id, carol.id].sorted()
        #expect(try db.users.byRoles(roles: .admin).all().map(\.id) == adminIDs)
        #expect(try db.users.byRoles(roles: .admin, order: .reverse).all().map(\.id) == adminIDs.reversed())
        let page = try db.users.byRoles(roles: .admin).fetch(limit: 1)
        #expect(page.items.map(\.id) == [adminIDs[0]] && page.hasMore)
        let rest = try db.users.byRoles(roles: .admin).fetch(limit: 1, after: page.next)
        #expect(rest.items.map(\.id) == [adminIDs[1]] && !rest.hasMore)

        // Updates move a user between results: by update, modify and upsert.
        try users.update(id: bob.id) { $0.roles = [.admin] }
        #expect(try names(.admin) == ["alice", "bob", "carol"] && names(.user) == ["alice"])
        var changed = alice
        changed.roles = [.superadmin]
        try users.update(changed)
        #expect(try names(.admin) == ["bob", "carol"] && names(.user).isEmpty && names(.superadmin) == ["alice", "carol"])
        try users.upsert(user("dave", [.user, .user]))  // matches dave by unique username
        #expect(try names(.user) == ["dave"] && db.users.count() == 4)

        // Deleting a user removes its entries (the side table's foreign key cascades).
        #expect(try users.delete(id: carol.id))
        #expect(try names(.admin) == ["bob"] && names(.superadmin) == ["alice"])
        #expect(roleEntries(db) == 3)

        // A transaction that throws leaves no entries behind.
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try db.write { tx in
                try tx.appRuntime.users.insert(user("eve", [.admin, .user]))
                try tx.appRuntime.users.update(id: bob.id) { $0.roles = [] }
                throw Abort()
            }
        }
        #expect(try names(.admin) == ["bob"] && names(.user) == ["dave"] && roleEntries(db) == 3)
        // So does an insert that fails validation or a unique key.
        #expect(throws: (any Error).self) { try users.insert(user("bob", [.superadmin])) }
        #expect(try names(.superadmin) == ["alice"] && roleEntries(db) == 3)

        // The entries persist across close and reopen.
        db.close()
        db = try open()
        #expect(try names(.admin) == ["bob"] && names(.user) == ["dave"] && names(.superadmin) == ["alice"])
        try db.store.read { try $0.checkInvariants() }
        // Reads inside a transaction see its own writes.
        try db.write { tx in
            try tx.appRuntime.users.insert(user("frank", [.admin]))
            #expect(try Set(tx.users.byRoles(roles: .admin).all().map(\.username)) == ["bob", "frank"])
        }
        #expect(try names(.admin) == ["bob", "frank"] && roleEntries(db) == 4)

        // A delete inside the store (as cascades, retention sweeps and caps do) removes the entries too.
        let frank = try #require(try db.users.get(username: "frank"))
        try db.store.write { tx in _ = try tx.delete(primaryKey: [frank.id.storeValue], from: User.tableName) }
        #expect(try names(.admin) == ["bob"] && roleEntries(db) == 3)
        try db.store.read { try $0.checkInvariants() }
    }
}
