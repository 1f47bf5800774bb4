import Foundation
import GryagBotData
import SchemaGenRuntime
import Testing

/// Page tokens of generated queries: compact, exact, and bound to their query and store.
@Suite struct PageTokenQueryTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()
    let chatID: Int64 = -1_001_234_567_890

    /// 45 messages in `chatID` and 5 in another chat, one a minute.
    func seeded() throws -> GryagBotDatabase {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.repositories.chat.chats.insert(Chat(id: chatID, chatType: .supergroup))
        try db.repositories.chat.chats.insert(Chat(id: 7, chatType: .group))
        try db.repositories.user.users.insert(User(id: 12_345_678, fullName: "John Doe"))
        for n in 0..<50 {
            let chat = n % 10 == 9 ? 7 : chatID
            try db.repositories.message.messages.insert(
                Message(telegramMessageID: Int64(n), chatID: chat, userID: 12_345_678, content: "m\(n)"))
            clock.advance(days: 1.0 / 1_440)
        }
        return db
    }

    @Test func tokensResumeExactlyAcrossPages() throws {
        let db = try seeded()
        let query = db.messages.byChatIDCreatedAt(chatID: chatID, order: .reverse)
        var contents: [String] = []
        var token: String? = nil
        var pages = 0
        repeat {
            let page = try query.fetch(limit: 10, afterToken: token)
            contents += page.items.map(\.content)
            token = try page.nextToken
            #expect((token == nil) == !page.hasMore)
            pages += 1
        } while token != nil
        #expect(pages == 5)
        #expect(try contents == query.all().map(\.content))
        #expect(contents.count == 45 && contents.first == "m48" && contents.last == "m0")
    }

    @Test func tokenFitsTelegramCallbackData() throws {
        let db = try seeded()
        let page = try db.messages.byChatIDCreatedAt(chatID: chatID).fetch(limit: 3)
        let token = try #require(try page.nextToken)
        // chat id, timestamp and primary key: well under Telegram's 64-byte callback_data.
        #expect(token.utf8.count <= 64)
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(token.allSatisfy { alphabet.contains($0) })
        // A new database handle on the same store (a restarted bot) accepts it.
        db.close()
        let reopened = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let next = try reopened.messages.byChatIDCreatedAt(chatID: chatID).fetch(limit: 3, afterToken: token)
        #expect(next.items.map(\.content) == ["m3", "m4", "m5"])
    }

    @Test func forgedAndForeignTokensAreRejected() throws {
        let db = try seeded()
        let token = try #require(try db.messages.byChatIDCreatedAt(chatID: chatID).fetch(limit: 3).nextToken)
        // One character changed (keeping the text canonical base64url): the tag no longer matches.
        var forged = Array(token)
        forged[4] = forged[4] == "A" ? "B" : "A"
        #expect(throws: PageTokenError.rejected) {
            try db.messages.byChatIDCreatedAt(chatID: chatID).fetch(limit: 3, afterToken: String(forged))
        }
        // The same key presented to another query: other prefix, other order, other index.
        #expect(throws: PageTokenError.rejected) { try db.messages.byChatIDCreatedAt(chatID: 7).fetch(afterToken: token) }
        #expect(throws: PageTokenError.rejected) {
            try db.messages.byChatIDCreatedAt(chatID: chatID, order: .reverse).fetch(afterToken: token)
        }
        #expect(throws: PageTokenError.rejected) { try db.messages.byChatIDTelegramMessageID(chatID: chatID).fetch(afterToken: token) }
        // The range bounds are not part of the query's identity: a later "since" still resumes.
        let since = try db.messages.byChatIDCreatedAt(chatID: chatID, createdAt: .since(clock.now - 86_400)).fetch(limit: 3, afterToken: token)
        #expect(since.items.map(\.content) == ["m3", "m4", "m5"])
        // Text that is no token at all.
        #expect(throws: PageTokenError.malformed(reason: "not unpadded base64url")) {
            try db.messages.byChatIDCreatedAt(chatID: chatID).fetch(afterToken: "next page!")
        }
    }

    @Test func tokensOfAnotherStoreAreRejected() throws {
        let db = try seeded()
        let token = try #require(try db.messages.byChatIDCreatedAt(chatID: chatID).fetch(limit: 3).nextToken)
        let otherDirectory = TemporaryDirectory()
        let other = try GryagBotDatabase.open(at: otherDirectory.path, options: testOptions(clock), clock: clock.function)
        #expect(throws: PageTokenError.rejected) { try other.messages.byChatIDCreatedAt(chatID: chatID).fetch(afterToken: token) }
    }

    @Test func tokensWorkInsideTransactionsAndSnapshots() throws {
        let db = try seeded()
        let token = try db.read { snapshot in try snapshot.messages.byChatIDCreatedAt(chatID: chatID).fetch(limit: 40).nextToken }
        let rest = try db.write { tx in try tx.messages.byChatIDCreatedAt(chatID: chatID).fetch(limit: 40, afterToken: token) }
        #expect(rest.items.map(\.content) == ["m44", "m45", "m46", "m47", "m48"])
        #expect(try rest.nextToken == nil)
    }
}
