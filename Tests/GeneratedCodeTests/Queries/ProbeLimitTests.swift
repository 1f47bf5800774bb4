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
        for chat in 1...4 as ClosedRange<Int64> { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        for n in 0..<40 {
            try db.repositories.message.messages.insert(
                Message(telegramMessageID: Int64(n), chatID: Int64(n % 4 + 1), userID: nil, content: "m\(n)"))
            clock.advance(days: 0.01)
        }
        // Chats 2 and 4 hold messages; the other values match nothing.
        let inChats2And4 = Set((0..<40).filter { $0 % 4 == 1 || $0 % 4 == 3 }.map(Int64.init))
        let sixtyFour: [Int64] = [2, 4] + Array(100..<162)
        let sixtyFive: [Int64] = sixtyFour + [162]
        #expect(Set(sixtyFour).count == 64 && Set(sixtyFive).count == 65)

        let probed = db.messages.filter { $0.chatID.isIn(sixtyFour) }
        #expect(try probed.explain().probes == 64)
        #expect(try probed.explain().equalityColumns == ["chat_id"])
        let probedIDs = try probed.fetch(limit: 100).items.map(\.telegramMessageID)

        let scanned = db.messages.filter { $0.chatID.isIn(sixtyFive) }
        let plan = try scanned.explain()
        #expect(plan.probes <= 64)
        #expect(plan.equalityColumns.isEmpty)  // fell back to a scan: the column is not fixed
        let scannedIDs = try scanned.fetch(limit: 100).items.map(\.telegramMessageID)

        #expect(Set(probedIDs) == inChats2And4 && probedIDs.count == inChats2And4.count)
        #expect(Set(scannedIDs) == inChats2And4 && scannedIDs.count == inChats2And4.count)
        #expect(try scanned.count() == inChats2And4.count)
    }
}
