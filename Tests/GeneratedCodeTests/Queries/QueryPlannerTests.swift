import DiscordBotData
import Foundation
import GryagBotData
import MozaiksCoreData
import SchemaGenRuntime
import Testing

/// The planner's narrowing beyond one prefix: `isIn` and `||` of equalities probe the index once
/// per value, equally good indexes are told apart by their entry counts, groups by several
/// fields, and `first()` stopping at the first match.
@Suite struct QueryPlannerTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// Messages `0..<count`, message `n` in chat `chat(n)` by user `user(n)`.
    func gryag(_ count: Int, chat: (Int) -> Int64, user: (Int) -> Int64?) throws -> GryagBotDatabase {
        try gryag(messages: (0..<count).map { n -> (chat: Int64, user: Int64?) in (chat(n), user(n)) })
    }

    func gryag(messages: [(chat: Int64, user: Int64?)]) throws -> GryagBotDatabase {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        for chat in 1...4 as ClosedRange<Int64> { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        for user in 1...3 as ClosedRange<Int64> { try db.repositories.user.users.insert(User(id: user, fullName: "u\(user)")) }
        for (n, m) in messages.enumerated() {
            try db.repositories.message.messages.insert(Message(telegramMessageID: Int64(n), chatID: m.chat, userID: m.user, content: "m\(n)"))
            clock.advance(days: 0.01)
        }
        return db
    }

    @Test func isInProbesEachValueInIndexOrder() throws {
        let db = try gryag(40, chat: { Int64($0 % 4 + 1) }, user: { Int64($0 % 3 + 1) })
        let query = db.messages.filter { $0.chatID.isIn([3, 1, 3]) && $0.telegramMessageID < 20 }
        let plan = try query.explain()
        #expect(plan.probes == 2)
        #expect(plan.equalityColumns == ["chat_id"])
        #expect(plan.description.contains("2 probes"))
        let ids = try query.fetch(limit: 100).items.map(\.telegramMessageID)
        // Chat 1's rows, then chat 3's, each in the index's order.
        let inChat1: [Int64] = (0..<20).filter { $0 % 4 == 0 }.map(Int64.init)
        let inChat3: [Int64] = (0..<20).filter { $0 % 4 == 2 }.map(Int64.init)
        #expect(ids == inChat1 + inChat3)
        #expect(try query.count() == 10)
        // Pages resume across probes exactly.
        var seen: [Int64] = []
        var token: String?
        repeat {
            let page = try query.fetch(limit: 3, afterToken: token)
            seen += page.items.map(\.telegramMessageID)
            token = try page.nextToken
        } while token != nil
        #expect(seen == ids)
        let reversed = try db.messages.filter(order: .reverse) { $0.chatID.isIn([1, 3]) && $0.telegramMessageID < 20 }.fetch(limit: 100).items
        #expect(reversed.map(\.telegramMessageID) == ids.reversed())
    }

    @Test func orOfEqualitiesOnOneColumnProbes() throws {
        let db = try gryag(12, chat: { Int64($0 % 4 + 1) }, user: { _ in nil })
        let query = db.messages.filter { $0.chatID == 2 || $0.chatID == 4 }
        #expect(try query.explain().probes == 2)
        #expect(try query.count() == 6)
        // `||` across columns does not narrow: one full scan, still the right rows.
        let mixed = db.messages.filter { $0.chatID == 2 || $0.telegramMessageID == 0 }
        #expect(try mixed.explain().probes == 1)
        #expect(try mixed.explain().equalityColumns.isEmpty)
        #expect(try mixed.count() == 4)
    }

    @Test func equallyBoundedIndexesAreToldApartByTheirEntryCounts() throws {
        // Chat 1 holds most messages; user 2 wrote few: (chat = 1, user = 2) scans the user index.
        let db = try gryag(30, chat: { $0 < 27 ? 1 : 2 }, user: { $0 % 10 == 0 ? 2 : 1 })
        let narrow = db.messages.filter { $0.chatID == 1 && $0.userID == 2 }
        #expect(try narrow.explain().index == "idx_messages_user_id")
        #expect(try narrow.count() == 3)
        let other = db.messages.filter { $0.chatID == 2 && $0.userID == 1 }
        #expect(try other.explain().index == "idx_messages_chat_id_created_at")
        #expect(try other.count() == 3)
    }

    @Test func firstStopsAtTheFirstMatchInOrder() throws {
        let db = try gryag(10, chat: { Int64($0 % 2 + 1) }, user: { Int64($0 % 3 + 1) })
        #expect(try db.messages.filter { $0.chatID == 2 && $0.userID == 3 }.first()?.telegramMessageID == 5)
        #expect(try db.messages.filter(order: .reverse) { $0.chatID == 2 && $0.userID == 3 }.first()?.telegramMessageID == 5)
        #expect(try db.messages.filter(order: .reverse) { $0.chatID == 1 }.first()?.telegramMessageID == 8)
        #expect(try db.messages.filter { $0.chatID == 4 }.first() == nil)
    }

    @Test func groupsByTwoFieldsAndByAFieldAndADay() throws {
        let db = try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let day = 86_400.0
        let midnight = Date(timeIntervalSince1970: (clock.now.timeIntervalSince1970 / day).rounded(.down) * day)
        clock.set(midnight + 60)
        for (user, guild, amount) in [(1, 7, 10), (1, 7, 5), (2, 7, 1), (1, 8, 4)] as [(Int64, Int64, Int32)] {
            try db.economy.transactions.insert(Transaction(userID: user, guildID: guild, amount: amount, transactionType: .daily))
        }
        clock.set(midnight + day + 60)
        try db.economy.transactions.insert(Transaction(userID: 2, guildID: 7, amount: 3, transactionType: .work))
        let perUserAndGuild = try db.transactions.filter { $0.amount > 0 }.group { ($0.guildID, $0.userID) }.sum { $0.amount }
        #expect(perUserAndGuild.map { [$0.key.0, $0.key.1, $0.value ?? -1] } == [[7, 1, 15], [7, 2, 4], [8, 1, 4]])
        let f = Transaction.queryFields
        let daily = try db.transactions.filter { $0.amount > 0 }.group(by: f.guildID, dayOf: f.createdAt).count(order: .valueDescending)
        #expect(daily.map(\.key.0) == [7, 7, 8])
        #expect(daily.map(\.key.1) == [midnight, midnight + day, midnight])
        #expect(daily.map(\.value) == [3, 1, 1])
        let three = try db.transactions.all().group(by: f.guildID, f.userID, f.transactionType).count(limit: 2)
        #expect(three.map { "\($0.key.0) \($0.key.1) \($0.key.2.rawValue) \($0.value)" } == ["7 1 daily 2", "7 2 daily 1"])
    }

    /// Owner scopes bound every aggregate and group, whatever index the planner picks.
    @Test func ownerScopeAppliesToEveryAggregate() throws {
        let db = try MozaiksCoreDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let start = clock.now
        for (owner, n) in [("alice", 0), ("alice", 1), ("bob", 2), ("alice", 3), ("bob", 4)] {
            try db.appRuntime.taskManager.tasks(ownedBy: owner)
                .insert(TaskManagerTask(userID: owner, title: "t\(n)", status: n % 2 == 0 ? .done : .todo, tags: [], createdAt: start + Double(n)))
        }
        let alice = db.tasks(ownedBy: "alice").filter { $0.title.hasPrefix("t") }
        #expect(try alice.count() == 3)
        #expect(try alice.min { $0.createdAt } == start)
        #expect(try alice.max { $0.createdAt } == start + 3)
        #expect(try alice.max { $0.title } == "t3")
        #expect(try alice.group { $0.status }.count() == [QueryGroup(key: .done, value: 1), QueryGroup(key: .todo, value: 2)])
        #expect(try alice.group(byDayOf: { $0.createdAt }).count().map(\.value) == [3])
        #expect(try alice.first()?.userID == "alice")
        #expect(try alice.fetch(limit: 10).items.map(\.title).sorted() == ["t0", "t1", "t3"])
        let bob = db.tasks(ownedBy: "bob").filter { $0.status.isIn([.done, .todo]) }
        #expect(try bob.count() == 2 && bob.max { $0.title } == "t4" && bob.group { $0.userID }.count() == [QueryGroup(key: "bob", value: 2)])
    }
}
