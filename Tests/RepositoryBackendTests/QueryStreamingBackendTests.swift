import Foundation
import GryagBotData
import Testing

/// `forEach` on both backends: the records `all()` returns, in its order, and only the first
/// ones when the body stops (on PostgreSQL the statement's result arrives whole and is turned
/// into records as they are handed over).
extension GryagBotBackendTests {
    @Test(arguments: Backend.allCases) func aStreamHandsOverWhatAllReturnsUntilItStops(_ backend: Backend) throws {
        try withDatabase(backend) { db in try aStreamHandsOverWhatAllReturnsUntilItStops(db) }
    }

    func aStreamHandsOverWhatAllReturnsUntilItStops(_ db: some GryagBotBackendDatabase) throws {
        try db.repositories.chat.chats.insert(Chat(id: chatID, chatType: .supergroup))
        for n in 0..<30 {
            try db.repositories.message.messages.insert(Message(telegramMessageID: Int64(n), chatID: chatID, content: "m\(n % 4)"))
            clock.advance(days: 1.0 / 1_440)
        }
        let query = db.messages.byChatIDCreatedAt(chatID: chatID, order: .reverse).filter { $0.content != "m1" }
        let all = try query.all()
        #expect(all.count == 22)
        var streamed: [Message] = []
        try query.forEach { message in
            streamed.append(message)
            return .next
        }
        #expect(streamed == all)
        var firstFive: [Message] = []
        try query.forEach { message in
            firstFive.append(message)
            return firstFive.count < 5 ? .next : .stop
        }
        #expect(firstFive == Array(all.prefix(5)) && firstFive.first?.telegramMessageID == 28)
    }
}
