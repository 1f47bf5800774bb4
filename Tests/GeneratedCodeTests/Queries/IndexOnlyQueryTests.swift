import Foundation
import GryagBotData
import SchemaGenRuntime
import Testing

/// Index-only ("covering") plans: when a query's filter, grouping and aggregate read only the
/// chosen index's key columns and the primary key, `explain()` says so and the answers match
/// those computed from the decoded records; a column outside the key makes the plan read rows.
@Suite struct IndexOnlyQueryTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()
    static let day: TimeInterval = 86_400

    /// Messages in chats 5 and 6 over four days, some without an author or a time.
    func openWithMessages() throws -> (GryagBotDatabase, [Message]) {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.repositories.chat.chats.insert(Chat(id: 5, chatType: .supergroup))
        try db.repositories.chat.chats.insert(Chat(id: 6, chatType: .supergroup))
        for user in [1, 2] as [Int64] { try db.repositories.user.users.insert(User(id: user, fullName: "u\(user)")) }
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        try db.write { tx in
            for n in 0..<60 {
                let time: Date? = n % 11 == 0 ? nil : start.addingTimeInterval(Double(n % 4) * Self.day + Double(n) * 60)
                try tx.repositories.message.messages.insert(Message(
                    telegramMessageID: Int64(n % 7), chatID: n % 3 == 0 ? 6 : 5, userID: n % 5 == 0 ? nil : Int64(n % 2 + 1),
                    content: "m\(n)", createdAt: time))
            }
        }
        return (db, try db.messages.all().all())
    }

    @Test func countsAndAggregatesOnKeyColumnsAreIndexOnly() throws {
        let (db, records) = try openWithMessages()
        let since = Date(timeIntervalSince1970: 1_700_000_000 + Self.day)
        let window = db.messages.filter { $0.chatID == 5 && $0.createdAt >= since }
        let plan = try window.explain()
        #expect(plan.index == "idx_messages_chat_id_created_at" && plan.indexOnly)
        #expect(plan.description.hasSuffix("; index only"))
        let expected = records.filter { $0.chatID == 5 && ($0.createdAt.map { $0 >= since } ?? false) }
        #expect(expected.count > 5 && expected.count < records.count)
        #expect(try window.count() == expected.count)
        // The primary key is in every entry: an aggregate of `id` is index-only too.
        #expect(try window.explain(aggregating: Message.queryFields.id).indexOnly)
        #expect(try window.max(Message.queryFields.id) == expected.map(\.id).max())
        #expect(try window.min(Message.queryFields.createdAt) == expected.compactMap(\.createdAt).min())
        // All the records need every column: read from the rows, same ones.
        #expect(try !window.explainRecords().indexOnly)
        #expect(try window.all().map(\.id) == expected.sorted { ($0.createdAt!, $0.id) < ($1.createdAt!, $1.id) }.map(\.id))
    }

    @Test func groupsByKeyColumnsAreIndexOnly() throws {
        let (db, records) = try openWithMessages()
        let perDay = db.messages.filter { $0.chatID == 5 }.group(byDayOf: { $0.createdAt })
        #expect(try perDay.explain().indexOnly)
        var expected: [Date?: Int] = [:]
        for m in records where m.chatID == 5 {
            let day = m.createdAt.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 / Self.day).rounded(.down) * Self.day) }
            expected[day, default: 0] += 1
        }
        let groups = try perDay.count()
        #expect(groups.count == expected.count && groups.count > 2)
        for group in groups { #expect(group.value == expected[group.key]) }
        #expect(try perDay.explain(aggregating: Message.queryFields.id).indexOnly)
        #expect(try !perDay.explain(aggregating: Message.queryFields.telegramMessageID).indexOnly)
    }

    @Test func aColumnOutsideTheKeyReadsRowsWithTheSameAnswers() throws {
        let (db, records) = try openWithMessages()
        // Neither (chat_id, created_at) nor (user_id) holds both columns: whichever the planner
        // picks (the one with fewer entries in range), the key part runs first, then the row.
        let byAuthor = db.messages.filter { $0.chatID == 5 && $0.userID == 1 }
        let plan = try byAuthor.explain()
        #expect(["idx_messages_chat_id_created_at", "idx_messages_user_id"].contains(plan.index) && !plan.indexOnly)
        #expect(!plan.description.contains("index only"))
        let expected = records.filter { $0.chatID == 5 && $0.userID == 1 }
        #expect(expected.count > 3)
        #expect(try byAuthor.count() == expected.count)
        #expect(try byAuthor.sum(Message.queryFields.telegramMessageID) == expected.reduce(0) { $0 + $1.telegramMessageID })
        // Grouping by a column outside the key reads rows as well.
        let topAuthors = db.messages.filter { $0.chatID == 5 }.group(by: Message.queryFields.userID)
        #expect(try !topAuthors.explain().indexOnly)
        var counts: [Int64?: Int] = [:]
        for m in records where m.chatID == 5 { counts[m.userID, default: 0] += 1 }
        let groups = try topAuthors.count(order: .valueDescending)
        #expect(groups.count == counts.count)
        for group in groups { #expect(group.value == counts[group.key]) }
        // A primary-key scan reads rows.
        #expect(try !db.messages.filter { $0.id > 10 }.explain().indexOnly)
    }
}
