import Foundation
import GryagBotData
import GryagBotPostgres
import SchemaGenRuntime
import Testing

/// `insertAll` through the generated repositories (gryag_bot), one body on the embedded store and
/// on PostgreSQL (where it sends multi-row statements): the records stored are those inserting one
/// by one stores, and a failing batch stores none of its records and throws the single insert's error.
@Suite struct BatchInsertBackendTests {
    let directory = TemporaryDirectory()
    let secondDirectory = TemporaryDirectory()
    let clock = TestClock()
    let chatID: Int64 = -1_001

    /// Runs `body` on a fresh database on `backend` (the store in the second directory when `second`).
    func withDatabase(_ backend: Backend, second: Bool = false, _ body: (any GryagBotBackendDatabase) throws -> Void) throws {
        switch backend {
        case .store:
            let path = second ? secondDirectory.path : directory.path
            let db = try GryagBotDatabase.open(at: path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try body(db)
        case .postgres:
            let database = try PostgresDatabase(schema: "gryag_bot")
            let db = try GryagBotPostgresDatabase.connect(url: database.url, clock: clock.function)
            defer { db.close() }
            try body(db)
        }
    }

    /// A chat and two users, the parents of the messages and memories below.
    func seed(_ db: some GryagBotBackendDatabase) throws {
        try db.repositories.chat.chats.insert(Chat(id: chatID, chatType: .group))
        try db.repositories.user.users.insert(User(id: 1, fullName: "Ann"))
        try db.repositories.user.users.insert(User(id: 2, fullName: "Bob"))
    }

    /// Messages with assigned ids, one with its own id, defaults left to fill and nullable parents.
    var messages: [Message] {
        (0..<300).map { (i: Int) -> Message in
            let sender: Int64? = i % 3 == 0 ? nil : Int64(1 + i % 2)
            let type: String? = i % 5 == 0 ? nil : "text"
            let created: Date? = i % 7 == 0 ? nil : clock.now + Double(i)
            return Message(id: i == 150 ? 5_000 : 0, telegramMessageID: Int64(i), chatID: chatID, userID: sender,
                           content: "message \(i)", contentType: type, createdAt: created)
        }
    }

    /// 70 memories of user 1 (kept: the newest 50) and 10 of user 2, oldest first but interleaved.
    var memories: [UserMemory] {
        (0..<80).map { i in
            UserMemory(userID: i % 8 == 7 ? 2 : 1, fact: "fact \(i)", createdAt: clock.now + Double(i))
        }
    }

    /// What one database stored, inserting one way.
    struct Stored {
        var messages: [Message] = [], memories: [UserMemory] = [], allMessages: [Message] = [], kept: [UserMemory] = []
    }

    func insertOneByOne(_ db: some GryagBotBackendDatabase) throws -> Stored {
        try seed(db)
        var stored = Stored()
        stored.messages = try messages.map { try db.repositories.message.messages.insert($0) }
        stored.memories = try memories.map { try db.repositories.memory.userMemories.insert($0) }
        stored.allMessages = try db.messages.all().all()
        stored.kept = try db.userMemories.all().all()
        return stored
    }

    func insertInBatches(_ db: some GryagBotBackendDatabase) throws -> Stored {
        try seed(db)
        var stored = Stored()
        stored.messages = try db.repositories.message.messages.insertAll(messages)
        stored.memories = try db.repositories.memory.userMemories.insertAll(memories)
        stored.allMessages = try db.messages.all().all()
        stored.kept = try db.userMemories.all().all()
        return stored
    }

    @Test(arguments: Backend.allCases) func aBatchStoresWhatInsertingOneByOneStores(_ backend: Backend) throws {
        var single = Stored(), batch = Stored()
        try withDatabase(backend) { db in single = try insertOneByOne(db) }
        try withDatabase(backend, second: true) { db in batch = try insertInBatches(db) }
        #expect(batch.messages == single.messages)
        #expect(batch.memories == single.memories)
        #expect(batch.allMessages == single.allMessages)
        #expect(batch.kept == single.kept)
        // What one by one stores, spelled out: ids in order around the given one, defaults filled, caps kept.
        // (The store continues after the largest id it holds; PostgreSQL's sequence ignores given ids.)
        let after: [Int32] = backend == .store ? Array(5_001...5_149) : Array(151...299)
        #expect(single.messages.map(\.id) == Array(1...150) + [5_000] + after)
        #expect(single.messages[0].createdAt == clock.now && single.messages[1].createdAt == clock.now + 1)
        #expect(single.allMessages.count == 300)
        let kept = (0..<80).filter { $0 % 8 != 7 }.suffix(50).map { "fact \($0)" }
        #expect(single.kept.filter { $0.userID == 1 }.map(\.fact) == kept)
        #expect(single.kept.filter { $0.userID == 2 }.count == 10)
    }

    @Test(arguments: Backend.allCases) func aBatchWithOneInvalidRecordStoresNothingAndNamesItsFields(_ backend: Backend) throws {
        try withDatabase(backend) { db in try aBatchWithOneInvalidRecordStoresNothingAndNamesItsFields(db, backend) }
    }

    func aBatchWithOneInvalidRecordStoresNothingAndNamesItsFields(_ db: some GryagBotBackendDatabase, _ backend: Backend) throws {
        let users = [User(id: 1, fullName: "Ann"), User(id: 2, username: String(repeating: "u", count: 256), fullName: String(repeating: "x", count: 300)),
                     User(id: 3, fullName: "Cid")]
        let error = try #require(throws: ValidationError.self) { try db.repositories.user.users.insertAll(users) }
        #expect(error.entity == "users" && error.paths == ["username", "full_name"])
        #expect(error.failures[1].message == "must be at most 255 characters long, is 300")
        #expect(try db.users.count() == 0)
    }

    @Test(arguments: Backend.allCases) func aUniqueViolationInTheMiddleStoresNoneOfTheBatch(_ backend: Backend) throws {
        try withDatabase(backend) { db in try aUniqueViolationInTheMiddleStoresNoneOfTheBatch(db, backend) }
    }

    func aUniqueViolationInTheMiddleStoresNoneOfTheBatch(_ db: some GryagBotBackendDatabase, _ backend: Backend) throws {
        let listed = AccessList(entityID: 5, entityType: .user, listType: .blacklist, reason: "spam")
        try db.admin.accessList.insert(listed)
        let duplicate = AccessList(entityID: 5, entityType: .user, listType: .blacklist, reason: "again")
        let single = try #require(throws: StoreError.self) { try db.admin.accessList.insert(duplicate) }
        #expect(single == .uniqueViolation(table: "access_list", index: "uq_access_list_entity_id_entity_type_list_type",
                                           key: [.int(5), .string("user"), .string("blacklist")]))
        let batch = (1...4).map { AccessList(entityID: Int64(10 + $0), entityType: .chat, listType: .whitelist) }
        #expect(throws: single) { try db.admin.accessList.insertAll(Array(batch[0..<2]) + [duplicate] + Array(batch[2...])) }
        // Two new records with one key: the second's insert would fail the same way.
        let twice = AccessList(entityID: 6, entityType: .chat, listType: .blacklist)
        #expect(throws: StoreError.uniqueViolation(table: "access_list", index: "uq_access_list_entity_id_entity_type_list_type",
                                                   key: [.int(6), .string("chat"), .string("blacklist")])) {
            try db.admin.accessList.insertAll([twice] + batch + [twice])
        }
        #expect(try db.accessList.all().all().map(\.reason) == ["spam"])
        // Inside a write block the failed batch changes nothing and the transaction goes on.
        try db.write { tx in
            try tx.admin.accessList.insert(AccessList(entityID: 7, entityType: .user, listType: .whitelist))
            #expect(throws: single) { try tx.admin.accessList.insertAll(batch + [duplicate]) }
            try tx.admin.accessList.insert(AccessList(entityID: 8, entityType: .user, listType: .whitelist))
        }
        #expect(try db.accessList.all().all().map(\.entityID) == [5, 7, 8])
    }

    @Test(arguments: Backend.allCases) func aMissingParentStoresNoneOfTheBatch(_ backend: Backend) throws {
        try withDatabase(backend) { db in try aMissingParentStoresNoneOfTheBatch(db, backend) }
    }

    func aMissingParentStoresNoneOfTheBatch(_ db: some GryagBotBackendDatabase, _ backend: Backend) throws {
        try seed(db)
        var batch = messages
        batch[200].chatID = 42
        let single = try #require(throws: StoreError.self) { try db.repositories.message.messages.insert(batch[200]) }
        #expect(single == .missingParent(table: "messages", foreignKey: "fk_messages_chat_id", parentTable: "chats", key: [.int(42)]))
        #expect(throws: single) { try db.repositories.message.messages.insertAll(batch) }
        #expect(try db.messages.count() == 0)
    }

    /// 9,000 messages bind 72,000 parameters (8 each, the id is `DEFAULT`): more than one PostgreSQL
    /// statement may (65,535).
    @Test(arguments: Backend.allCases) func aBatchLargerThanOneStatementStoresEveryRecordInOrder(_ backend: Backend) throws {
        try withDatabase(backend) { db in try aBatchLargerThanOneStatementStoresEveryRecordInOrder(db, backend) }
    }

    func aBatchLargerThanOneStatementStoresEveryRecordInOrder(_ db: some GryagBotBackendDatabase, _ backend: Backend) throws {
        try seed(db)
        let batch = (0..<9_000).map { (i: Int) -> Message in
            Message(telegramMessageID: Int64(i), chatID: chatID, userID: 1, content: "m\(i)", createdAt: clock.now + Double(i))
        }
        var failing = batch
        failing[8_900].userID = 99
        #expect(throws: StoreError.missingParent(table: "messages", foreignKey: "fk_messages_user_id", parentTable: "users", key: [.int(99)])) {
            try db.repositories.message.messages.insertAll(failing)
        }
        #expect(try db.messages.count() == 0)
        let stored = try db.repositories.message.messages.insertAll(batch)
        #expect(stored.map(\.telegramMessageID) == (0..<9_000).map(Int64.init))
        #expect(stored.map(\.content) == batch.map(\.content))
        #expect(try db.messages.all().all() == stored)
        // Consecutive ids in the records' order: from 1 on the store, which undid the failed batch;
        // PostgreSQL's sequence does not roll back, so there they follow the ids the failed batch took.
        let first = try #require(stored.first?.id)
        #expect(backend == .postgres || first == 1)
        #expect(stored.map(\.id) == Array(first..<first + 9_000))
    }
}
