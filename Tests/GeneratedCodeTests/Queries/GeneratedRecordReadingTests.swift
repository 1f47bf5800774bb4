import Foundation
import GryagBotData
@testable import SchemaGenRuntime
import Testing

/// Generated records read a stored row's bytes field by field (`init(reading:)`), giving the
/// same record as decoding its row of values (`init(row:)`), and the repositories' reads use it.
@Suite struct GeneratedRecordReadingTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// 12 messages, message `n` in chat `n % 3 + 1`, every column set (the reply id only on even ones).
    func gryag() throws -> GryagBotDatabase {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        for chat in 1...3 as ClosedRange<Int64> { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        try db.repositories.user.users.insert(User(id: 1, fullName: "u1"))
        for n in 0..<12 {
            try db.repositories.message.messages.insert(Message(
                telegramMessageID: Int64(n), chatID: Int64(n % 3 + 1), userID: 1, content: "m\(n) ✓",
                contentType: "text", replyToMessageID: n % 2 == 0 ? Int64(n) : nil, isBotMessage: n % 4 == 0))
            clock.advance(days: 0.01)
        }
        return db
    }

    @Test func readingTheBytesGivesTheRecordTheRowGives() throws {
        let db = try gryag()
        let rows = try db.store.snapshot.scan(Message.tableName)
        #expect(rows.count == 12)
        for row in rows {
            let read = try RowCodec.encode(row).withUnsafeBufferPointer { try Message.decode(stored: $0) }
            #expect(read == (try Message(row: row)))
        }
        // The repository's reads return the same records.
        let all = try rows.map(Message.init(row:))
        #expect(try db.messages.all().all() == all)
        #expect(try db.messages.get(id: all[3].id) == all[3])
        #expect(try db.messages.byUserID(userID: 1).fetch(limit: 5).items == Array(all.prefix(5)))
    }

    /// A page of a secondary-index query decodes its records from the stored bytes, exactly as
    /// many as it returns.
    @Test func aPageOfAnIndexQueryDecodesOnlyItsRecordsFromTheStoredBytes() throws {
        let db = try gryag()
        let query = db.messages.filter { $0.chatID == 2 }
        #expect(try query.explain().index == "idx_messages_chat_id_created_at")
        let statistics = ScanStatistics()
        let page = try db.store.read { try query.fetch(limit: 3, after: nil, in: $0, statistics: statistics) }
        #expect(page.items.map(\.telegramMessageID) == [1, 4, 7] && page.hasMore)
        #expect(statistics.recordsDecodedFromStoredRows == 3 && statistics.recordsDecodedFromRows == 0)
    }
}
