import Foundation
import GryagBotData
@testable import SchemaGenRuntime
import Testing

/// A fetched row the filter's row terms reject is decoded only in the columns those terms read
/// (and, on a secondary index, the entry's key columns the scan needs): the scan's reused row is looked at each
/// time a row is rejected, and every other column of these messages holds a value, so a row
/// decoded whole would show it.
@Suite struct RejectedRowDecodingTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// 40 messages, message `n` in chat `n % 4 + 1` by user `n % 3 + 1`, every column set.
    func gryag() throws -> GryagBotDatabase {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        for chat in 1...4 as ClosedRange<Int64> { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        for user in 1...3 as ClosedRange<Int64> { try db.repositories.user.users.insert(User(id: user, fullName: "u\(user)")) }
        for n in 0..<40 {
            try db.repositories.message.messages.insert(Message(
                telegramMessageID: Int64(n), chatID: Int64(n % 4 + 1), userID: Int64(n % 3 + 1), content: "m\(n)",
                contentType: "text", replyToMessageID: Int64(n), isBotMessage: false))
            clock.advance(days: 0.01)
        }
        return db
    }

    // Row positions in `messages` (id, telegram_message_id, chat_id, user_id, content,
    // content_type, reply_to_message_id, is_bot_message, created_at).
    static let chat = 2, content = 4, replyTo = 6, createdAt = 8

    @Test func aRowTheIndexScanFetchesAndRejectsIsDecodedOnlyInTheCheckedColumns() throws {
        let db = try gryag()
        // Chat 2's 10 entries of the (chat_id, created_at) index are fetched; the content term rejects each row.
        let query = db.messages.filter { $0.chatID == 2 && $0.content == "absent" }
        #expect(try query.explain().index == "idx_messages_chat_id_created_at")
        let (count, statistics) = try query.countRecordingScan()
        #expect(count == 0 && statistics.rowsRejected == 10)
        // The chat term is the scan's bound (not rechecked), so no key column is decoded from the entry either.
        #expect(statistics.rejectedRowPositions == [Self.content])
    }

    @Test func keyColumnsATermReadsComeFromTheEntry() throws {
        let db = try gryag()
        // The time term is decided on each entry's key (chat and time decoded from it); the
        // content term rejects each of chat 2's 10 fetched rows.
        let query = db.messages.filter { $0.chatID == 2 && $0.createdAt != Date(timeIntervalSince1970: 0) && $0.content == "absent" }
        #expect(try query.explain().index == "idx_messages_chat_id_created_at")
        let (count, statistics) = try query.countRecordingScan()
        #expect(count == 0 && statistics.rowsRejected == 10)
        #expect(statistics.rejectedRowPositions == [Self.chat, Self.createdAt, Self.content])
    }

    @Test func aRowThePrimaryKeyScanRejectsIsDecodedOnlyInTheCheckedColumns() throws {
        let db = try gryag()
        let query = db.messages.filter { $0.content == "absent" }
        #expect(try query.explain().index == nil)
        let (count, statistics) = try query.countRecordingScan()
        #expect(count == 0 && statistics.rowsRejected == 40)
        #expect(statistics.rejectedRowPositions == [Self.content])
    }

    /// The hook sees what a check reads: two terms, two columns.
    @Test func twoTermsDecodeTheirTwoColumns() throws {
        let db = try gryag()
        let query = db.messages.filter { $0.content.hasPrefix("m1") && $0.replyToMessageID > 100 }
        #expect(try query.explain().index == nil)
        let (count, statistics) = try query.countRecordingScan()
        #expect(count == 0 && statistics.rowsRejected == 40)
        #expect(statistics.rejectedRowPositions == [Self.content, Self.replyTo])
    }
}
