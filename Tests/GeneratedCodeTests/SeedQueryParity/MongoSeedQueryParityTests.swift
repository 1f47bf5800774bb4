import Foundation
import MozaiksCoreData
import SchemaGenRuntime
import SyncaraBotData
import Testing

/// The MongoDB seeds' documented calls on the generated Swift API over the store, against the rows
/// of Tests/Fixtures/seed_queries/<schema>.json. The same steps' mongosh calls run against the node
/// harness's fake db (SchemaEmittersTests' MongoSeedQueryHarnessTests) with the same rows; no
/// MongoDB server is available, and the fixture says so (`engine_not_run`, checked by
/// SeedQueryCoverageTests).
@Suite struct MongoSeedQueryParityTests {
    let directory = TemporaryDirectory()
    typealias C = SeedQueryCells

    /// Seed 004: task queries always scoped by user_id, pagination, stats, bulk update, upsert.
    @Test func mozaiksCoreCallsReturnTheFixtureRows() throws {
        let fixture = try SeedQueryFixture.load("mozaiks_core")
        let clock = TestClock(fixture.now)
        let db = try MozaiksCoreDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        for task in try fixture.records("task_manager_tasks", as: TaskManagerTask.self) {
            _ = try db.appRuntime.taskManager.tasks(ownedBy: task.userID).insert(task)
        }
        for setting in try fixture.records("settings", as: Setting.self) { _ = try db.appRuntime.settings(ownedBy: setting.userID).insert(setting) }
        func id(_ n: Int) throws -> ObjectID { try #require(ObjectID(String(repeating: "0", count: 23) + String(n))) }
        let alice = db.appRuntime.taskManager.tasks(ownedBy: "user_123")

        try fixture.expectStoreMatches([
            "list items for user": {
                try db.tasks(ownedBy: "user_123").all().fetch(limit: 100).items.map { [C.cell($0.id), $0.title] }
            },
            "get own item": {
                try db.tasks(ownedBy: "user_123").get(id: id(3)).map { [[$0.title, C.cell($0.status)]] } ?? []
            },
            "get another user's item": {
                try db.tasks(ownedBy: "user_123").get(id: id(5)).map { [[$0.title, C.cell($0.status)]] } ?? []
            },
            "update own item": {
                #expect(try alice.update(id: id(1)) { $0.title = "New Title" } != nil)
                #expect(try alice.update(id: id(5)) { $0.title = "New Title" } == nil)
                return [[try #require(try db.tasks(ownedBy: "user_123").get(id: id(1))).title],
                        [try #require(try db.tasks(ownedBy: "user_456").get(id: id(5))).title]]
            },
            "delete own item": {
                #expect(try alice.delete(id: id(4)))
                #expect(try alice.delete(id: id(5)) == false)
                return [[C.cell(try db.tasks(ownedBy: "user_123").count()), C.cell(try db.tasks(ownedBy: "user_456").count())]]
            },
            "projected list": {
                try db.tasks(ownedBy: "user_123").all().fetch(limit: 100).items.map { [C.cell($0.id), $0.title, C.cell($0.status)] }
            },
            "page newest first": {
                // skip(1).limit(2) as the store pages: the first page of one, then two after its cursor.
                let newest = db.tasks(ownedBy: "user_123").byCreatedAt()
                let first = try newest.fetch(limit: 1)
                return try newest.fetch(limit: 2, after: first.next).items.map { [$0.title] }
            },
            "total count": {
                [[C.cell(try db.tasks(ownedBy: "user_123").count())]]
            },
            "task stats": {
                try db.tasks(ownedBy: "user_123").filter { $0.userID == "user_123" }.group { $0.status }.count()
                    .map { [C.cell($0.key), C.cell($0.value)] }
            },
            "bulk update status": {
                let modified = try [1, 2, 5].filter { n in
                    try alice.update(id: id(n)) { $0.status = .done } != nil
                }
                return [[C.cell(modified.count)]]
            },
            "covered count": {
                [[C.cell(try db.tasks(ownedBy: "user_123").byStatus(status: .done).count()),
                  C.cell(try db.tasks(ownedBy: "user_456").byStatus(status: .done).count())]]
            },
            "save settings upsert": {
                for user in ["user_123", "user_789"] {
                    let settings = db.appRuntime.settings(ownedBy: user)
                    var record = try settings.get(userID: user) ?? Setting(userID: user)
                    var plugins = record.pluginSettings ?? .object([:])
                    plugins["my_plugin"] = ["theme": "dark"]
                    record.pluginSettings = plugins
                    _ = try settings.upsert(record)
                }
                return try ["user_123", "user_789"].map { user in
                    let record = try #require(try db.settings(ownedBy: user).get(userID: user))
                    guard case .object(let plugins) = record.pluginSettings else { return [user, "not an object"] }
                    return [user, plugins.keys.sorted().joined(separator: ",")]
                }
            },
        ])
    }

    /// Seed 000: helper calls and usage examples over users, groups, canvas files, images, moderation.
    @Test func syncaraBotCallsReturnTheFixtureRows() throws {
        let fixture = try SeedQueryFixture.load("syncara_bot")
        let clock = TestClock(fixture.now)
        let db = try SyncaraBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let writer = db.database
        for user in try fixture.records("users", as: SyncaraBotData.User.self) { _ = try writer.users.insert(user) }
        for group in try fixture.records("groups", as: GroupRecord.self) { _ = try writer.groups.insert(group) }
        for image in try fixture.records("image_generations", as: ImageGeneration.self) { _ = try writer.imageGenerations.insert(image) }
        for warning in try fixture.records("user_warnings", as: UserWarning.self) { _ = try writer.admin.userWarnings.insert(warning) }
        for mute in try fixture.records("mute_records", as: MuteRecord.self) { _ = try writer.admin.muteRecords.insert(mute) }
        for permission in try fixture.records("user_permissions", as: UserPermission.self) { _ = try writer.admin.userPermissions.insert(permission) }
        let now = fixture.now

        try fixture.expectStoreMatches([
            "user data": {
                try db.users.get(userID: 555).map { [[C.cell($0.username), C.cell($0.interactionCount)]] } ?? []
            },
            "group data": {
                try db.groups.get(chatID: 123).map { [[C.cell($0.title), C.cell($0.type), C.cell($0.memberCount)]] } ?? []
            },
            "create canvas file": {
                let file = CanvasFile(filename: "test.py", filetype: "python", content: "print('Hello')", chatID: 123, createdAt: now)
                _ = try writer.canvasFiles.insert(file)
                #expect(throws: (any Error).self) { try writer.canvasFiles.insert(CanvasFile(filename: "test.py", content: "x", chatID: 123, createdAt: now)) }
                return try db.canvasFiles.get(chatID: 123, filename: "test.py").map { [[$0.filename, C.cell($0.filetype), $0.content]] } ?? []
            },
            "get canvas file": {
                try db.canvasFiles.get(chatID: 123, filename: "test.py").map { [[$0.content]] } ?? []
            },
            "update canvas file": {
                var file = try #require(try db.canvasFiles.get(chatID: 123, filename: "test.py"))
                file.content = "print('Updated')"
                file.updatedAt = now
                _ = try writer.canvasFiles.update(file)
                return try db.canvasFiles.get(chatID: 123, filename: "test.py").map { [[$0.content, C.cell($0.updatedAt)]] } ?? []
            },
            "record image generation": {
                _ = try writer.imageGenerations.insert(ImageGeneration(userID: 555, chatID: 123, prompt: "a beautiful sunset", createdAt: now))
                return [[C.cell(try db.imageGenerations.byUserID(userID: 555).count())]]
            },
            "image history": {
                try db.imageGenerations.byUserID(userID: 555).all().sorted { $0.createdAt > $1.createdAt }.prefix(10).map { [$0.prompt] }
            },
            "record a ban": {
                _ = try writer.admin.banRecords.insert(BanRecord(userID: 555, chatID: 123, bannedBy: 1, reason: "username", createdAt: now, isActive: true))
                return [[C.cell(try db.banRecords.filter { $0.userID == 555 && $0.chatID == 123 && $0.isActive == true }.count())]]
            },
            "user stats": {
                [[C.cell(try db.userWarnings.byUserIDChatID(userID: 555, chatID: 123).count()),
                  C.cell(try db.banRecords.byUserIDChatID(userID: 555, chatID: 123).count()),
                  C.cell(try db.muteRecords.byUserIDChatID(userID: 555, chatID: 123).count()),
                  C.cell(try db.userPermissions.get(userID: 555, chatID: 123)?.action)]]
            },
        ])
    }
}
