import Foundation
import GryagBotData
import SchemaGenRuntime
import Testing

/// An `isIn` probes the index once per value only up to 64 values (docs/swift-api.md); with more
/// it scans instead, returning the same rows.
@Suite struct ProbeLimitTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    @Test func isInWithMoreThan64ValuesScansAndReturnsTheSameRows() throws {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let chats: [Int64] = [1, 2, 500, 700]
        for chat in chats { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        for n in 0..<40 {
            try db.repositories.message.messages.insert(
                Message(telegramMessageID: Int64(n), chatID: chats[n % 4], userID: nil, content: "m\(n)"))
            clock.advance(days: 0.01)
        }
        // Chats 2 and 500 hold messages, the 63 values between them none. Chat 2 is the last value
        // given and 500 the last in index order, so dropping any value past the 64th loses rows.
        let sixtyFive: [Int64] = [500] + Array(100..<163) + [2]
        let sixtyFour = Array(sixtyFive.dropFirst())
        #expect(Set(sixtyFour).count == 64 && Set(sixtyFive).count == 65)
        func messages(inChats wanted: Set<Int64>) -> [Int64] {
            (0..<40).filter { wanted.contains(chats[$0 % 4]) }.map(Int64.init)
        }

        let probed = db.messages.filter { $0.chatID.isIn(sixtyFour) }
        let probedPlan = try probed.explain()
        #expect(probedPlan.probes == 64)
        #expect(probedPlan.equalityColumns == ["chat_id"])
        #expect(try probed.fetch(limit: 100).items.map(\.telegramMessageID).sorted() == messages(inChats: [2]))

        let scanned = db.messages.filter { $0.chatID.isIn(sixtyFive) }
        let plan = try scanned.explain()
        #expect(plan.probes == 1)
        #expect(plan.equalityColumns.isEmpty)  // fell back to one scan: the column is not fixed
        #expect(try scanned.fetch(limit: 100).items.map(\.telegramMessageID).sorted() == messages(inChats: [2, 500]))
        #expect(try scanned.count() == messages(inChats: [2, 500]).count)
    }
}
