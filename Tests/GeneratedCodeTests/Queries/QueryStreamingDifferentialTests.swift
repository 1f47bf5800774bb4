import Foundation
import GryagBotData
@testable import SchemaGenRuntime
import Testing
import SeededRandomness

/// A generated query's ``Query/forEach(_:)`` streams exactly what its `all()` returns, for
/// random filters, orders and stopping points on gryag's `messages`, decoding only the records
/// it hands over.
@Suite struct QueryStreamingDifferentialTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// 40 messages over 3 chats and users 1…3 (some with none), bot and reply flags varied.
    func gryag() throws -> GryagBotDatabase {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        for chat in 1...3 as ClosedRange<Int64> { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        for user in 1...3 as ClosedRange<Int64> { try db.repositories.user.users.insert(User(id: user, fullName: "u\(user)")) }
        for n in 0..<40 {
            try db.repositories.message.messages.insert(Message(
                telegramMessageID: Int64(n * 7 % 40), chatID: Int64(n % 3 + 1), userID: n % 5 == 0 ? nil : Int64(n % 3 + 1),
                content: "m\(n % 6)", contentType: "text", replyToMessageID: n % 2 == 0 ? Int64(n) : nil, isBotMessage: n % 4 == 0))
            clock.advance(days: 0.01)
        }
        return db
    }

    /// A random condition of depth at most 2 on the message fields.
    static func condition(_ fields: Message.QueryFields, _ random: inout SeededRandom, depth: Int = 0) -> QueryFilter<Message> {
        switch random.int(0...(depth >= 2 ? 5 : 8)) {
        case 0: return fields.chatID == Int64(random.int(1...3))
        case 1: return fields.userID == Int64(random.int(1...3))
        case 2: return fields.userID.isNull
        case 3: return fields.telegramMessageID < Int64(random.int(0...40))
        case 4: return fields.isBotMessage == (random.int(0...1) == 0)
        case 5: return fields.content.isIn(["m\(random.int(0...5))", "m\(random.int(0...5))"])
        case 6: return condition(fields, &random, depth: depth + 1) && condition(fields, &random, depth: depth + 1)
        case 7: return condition(fields, &random, depth: depth + 1) || condition(fields, &random, depth: depth + 1)
        default: return !condition(fields, &random, depth: depth + 1)
        }
    }

    @Test func theStreamReturnsWhatAllReturnsAndDecodesOnlyWhatItHandsOver() throws {
        let db = try gryag()
        var nonEmpty = 0
        for seed in 0..<80 as Range<UInt64> {
            var random = SeededRandom(seed: seed)
            let order: QueryOrder = random.int(0...1) == 0 ? .indexOrder : .reverse
            var query = switch random.int(0...3) {
            case 0: db.messages.all(order: order)
            case 1: db.messages.byChatIDCreatedAt(chatID: Int64(random.int(1...3)), order: order)
            case 2: db.messages.byUserID(userID: .since(Int64(random.int(1...3))), order: order)
            default: db.messages.byChatIDTelegramMessageID(chatID: Int64(random.int(1...3)), order: order)
            }
            if random.int(0...3) > 0 { query = query.filter { Self.condition($0, &random) } }
            let all = try query.all()
            if !all.isEmpty { nonEmpty += 1 }
            var streamed: [Message] = []
            try query.forEach { message in
                streamed.append(message)
                return .next
            }
            #expect(streamed == all, "seed \(seed)")
            // Stopping after k: exactly the first k, exactly k decoded, all from stored bytes.
            let k = random.int(1...max(1, all.count + 1))
            let statistics = ScanStatistics()
            var taken: [Message] = []
            try db.store.read { snapshot in
                try query.forEach(in: snapshot, statistics: statistics) { message in
                    taken.append(message)
                    return taken.count < k ? .next : .stop
                }
            }
            #expect(taken == Array(all.prefix(k)), "seed \(seed) k \(k)")
            #expect(statistics.recordsDecodedFromStoredRows == min(k, all.count) && statistics.recordsDecodedFromRows == 0, "seed \(seed)")
        }
        #expect(nonEmpty > 40)
    }

    /// Inside a transaction the stream sees the transaction's own insert, and its body may
    /// change records through the same transaction (`update(id:)` reads from its trees).
    @Test func aStreamInATransactionSeesItsWritesAndMayWrite() throws {
        let db = try gryag()
        try db.write { tx in
            let added = try tx.repositories.message.messages.insert(Message(telegramMessageID: 99, chatID: 2, userID: 1, content: "new", contentType: "text"))
            var seen: [Int32] = []
            try tx.messages.byChatIDTelegramMessageID(chatID: 2, order: .reverse).forEach { message in
                seen.append(message.id)
                _ = try tx.repositories.message.messages.update(id: message.id) { $0.content += " seen" }
                return seen.count < 3 ? .next : .stop
            }
            #expect(seen.first == added.id && seen.count == 3)
            #expect(try tx.messages.get(id: added.id)?.content == "new seen")
        }
        let changed = try db.messages.all().all().filter { $0.content.hasSuffix(" seen") }
        #expect(changed.count == 3 && changed.allSatisfy { $0.chatID == 2 })
    }
}
