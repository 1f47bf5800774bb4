import Foundation
import GryagBotData
import GryagBotPostgres
import SchemaGenRuntime
import Testing

/// Two indexes bound `chat_id = 1 AND user_id = 2` equally well (each fixes one leading column);
/// the planner picks the one with fewer entries in its bounds on both backends. On PostgreSQL
/// both candidates (every probe of each) are counted in one statement, each stopped at the
/// planner's limit, instead of one `count(*)` per candidate and probe.
@Suite struct PlannerTieBreakBackendTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// 30 messages: chat 1 holds 27, user 2 wrote 3 (every tenth).
    static func seed(_ db: some GryagBotBackendDatabase) throws {
        for chat in 1...2 as ClosedRange<Int64> { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        for user in 1...2 as ClosedRange<Int64> { try db.repositories.user.users.insert(User(id: user, fullName: "u\(user)")) }
        for n in 0..<30 {
            try db.repositories.message.messages.insert(Message(telegramMessageID: Int64(n), chatID: n < 27 ? 1 : 2,
                                                                userID: n % 10 == 0 ? 2 : 1, content: "m\(n)"))
        }
    }

    /// The index chosen, the count, and how `access` was used, for `chat_id = chat AND user_id IN users`.
    static func plan<Access: ReadAccess>(_ access: Access, chat: Int64, users: [Int64]) throws -> (index: String?, count: Int, counter: ScanCounter) {
        let counter = ScanCounter()
        let f = Message.queryFields
        let query = Query<Message, CountingAccess<Access>>(access: CountingAccess(base: access, counter: counter),
                                                            planning: f.chatID == chat && f.userID.isIn(users), order: .indexOrder, scope: nil)
        let index = try query.explain().index
        let planning = (counter.scansCounted, counter.countRequests)
        let count = try query.count()
        counter.scansCounted = planning.0
        counter.countRequests = planning.1
        return (index, count, counter)
    }

    @Test(arguments: Backend.allCases) func equallyBoundedIndexesAreCountedInOneRequestOnPostgres(_ backend: Backend) throws {
        switch backend {
        case .store:
            let db = try GryagBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try Self.seed(db)
            try Self.expectPlans(db.messages.access, backend: backend)
        case .postgres:
            let db = try GryagBotPostgresDatabase.connect(url: try PostgresDatabase(schema: "gryag_bot").url, clock: clock.function)
            defer { db.close() }
            try Self.seed(db)
            try Self.expectPlans(db.messages.access, backend: backend)
        }
    }

    static func expectPlans<Access: ReadAccess>(_ access: Access, backend: Backend) throws {
        let narrow = try plan(access, chat: 1, users: [2])
        #expect(narrow.index == "idx_messages_user_id")
        #expect(narrow.count == 3)
        let other = try plan(access, chat: 2, users: [1])
        #expect(other.index == "idx_messages_chat_id_created_at")
        #expect(other.count == 3)
        // Two probes of the user index (users 1 and 2: 30 entries) against chat 2's 3.
        let probes = try plan(access, chat: 2, users: [1, 2])
        #expect(probes.index == "idx_messages_chat_id_created_at")
        #expect(probes.count == 3)
        for counter in [narrow.counter, other.counter, probes.counter] {
            if backend == .postgres {
                #expect(counter.countRequests == 1)
                #expect(counter.scansCounted == 0)
            } else {
                // The store walks its trees (estimates first): no request through the table surface.
                #expect(counter.countRequests == 0)
            }
        }
    }
}
