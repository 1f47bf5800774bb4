import Foundation
import GryagBotData
import MozaiksCoreData
@testable import SchemaGenRuntime
import SetaiBotData
import Testing

/// Filter terms the chosen index's bounds already guarantee (an equality on a prefix column, an
/// `isIn` the probes cover, a range no wider than the scan's) are not evaluated per row:
/// `explain()` lists only the terms that remain, and a count of evaluated terms proves it.
@Suite struct BoundTermsTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// 40 messages, message `n` in chat `n % 4 + 1` by user `n % 3 + 1`, one per 0.01 day.
    func gryag() throws -> (GryagBotDatabase, [Date]) {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        for chat in 1...4 as ClosedRange<Int64> { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        for user in 1...3 as ClosedRange<Int64> { try db.repositories.user.users.insert(User(id: user, fullName: "u\(user)")) }
        var times: [Date] = []
        for n in 0..<40 {
            times.append(clock.now)
            try db.repositories.message.messages.insert(Message(telegramMessageID: Int64(n), chatID: Int64(n % 4 + 1), userID: Int64(n % 3 + 1), content: "m\(n)"))
            clock.advance(days: 0.01)
        }
        return (db, times)
    }

    @Test func equalityOnThePrefixIsNotChecked() throws {
        let (db, _) = try gryag()
        let query = db.messages.filter { $0.chatID == 2 }
        let plan = try query.explain()
        #expect(plan.equalityColumns == ["chat_id"] && plan.residual == "true", "\(plan)")
        let counted = try query.countEvaluatingTerms()
        #expect(counted.count == 10 && counted.termsEvaluated == 0)
    }

    @Test func onlyTheTermsOutsideTheBoundsAreChecked() throws {
        let (db, _) = try gryag()
        // chat 2 has 10 messages, user 1 has 14: the chat's index is scanned, the user checked on each of its 10 rows.
        let query = db.messages.filter { $0.chatID == 2 && $0.userID == 1 }
        let plan = try query.explain()
        #expect(plan.equalityColumns == ["chat_id"] && plan.residual == "user_id = 1", "\(plan)")
        let counted = try query.countEvaluatingTerms()
        #expect(counted.count == 3 && counted.termsEvaluated == 10)
    }

    @Test func rangeAndProbesAreNotChecked() throws {
        let (db, times) = try gryag()
        let window = db.messages.filter { $0.chatID == 2 && $0.createdAt >= times[20] }
        let plan = try window.explain()
        #expect(plan.index == "idx_messages_chat_id_created_at" && plan.rangeColumn == "created_at" && plan.residual == "true", "\(plan)")
        #expect(try window.countEvaluatingTerms() == (count: 5, termsEvaluated: 0))
        let probes = db.messages.filter { $0.chatID.isIn([1, 3]) && $0.telegramMessageID < 20 }
        let probed = try probes.explain()
        #expect(probed.probes == 2 && probed.residual == "true", "\(probed)")
        #expect(try probes.countEvaluatingTerms() == (count: 10, termsEvaluated: 0))
    }

    @Test func aTermTheBoundDoesNotCoverStays() throws {
        let (db, times) = try gryag()
        // The scan is bounded by the later `>=` (the planner keeps one lower bound); the earlier,
        // stricter one is not guaranteed by it and is checked on each scanned row.
        let query = db.messages.filter { $0.chatID == 2 && $0.createdAt >= times[30] && $0.createdAt >= times[10] }
        let plan = try query.explain()
        #expect(plan.rangeColumn == "created_at" && plan.residual.hasPrefix("created_at >= "), "\(plan)")
        let counted = try query.countEvaluatingTerms()
        // Chat 2 holds messages 1, 5, 9, …; from message 10 on: 13…37 (7), from 30 on: 33, 37.
        #expect(counted.count == 2 && counted.termsEvaluated == 7)
        #expect(try query.count() == 2)
        // A range on a column after an unfixed one bounds nothing, so it stays too.
        let unbounded = try db.messages.filter { $0.createdAt >= times[30] }.explain()
        #expect(unbounded.residual.hasPrefix("created_at >= "), "\(unbounded)")
    }

    @Test func anOwnerScopeThePrefixFixesIsNotChecked() throws {
        let db = try MozaiksCoreDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let plan = try db.tasks(ownedBy: "u1").filter { $0.status == .todo }.explain()
        #expect(plan.equalityColumns == ["user_id", "status"] && plan.residual == "true", "\(plan)")
        // A term outside the index stays, and so does nothing else.
        let titled = try db.tasks(ownedBy: "u1").filter { $0.status == .todo && $0.title.hasPrefix("a") }.explain()
        #expect(titled.residual == "title starts with 'a'", "\(titled)")
    }

    @Test func decimalBoundsAreExactAndPrintedAsDecimals() throws {
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let value = try #require(Decimal(string: "4.555"))
        // rating is decimal(3, 2): stored as hundredths, so > 4.555 is >= 4.56 and <= 4.555 is <= 4.55.
        #expect(try db.templates.filter { $0.rating > value }.explain().residual == "rating >= 4.56")
        #expect(try db.templates.filter { $0.rating <= value }.explain().residual == "rating <= 4.55")
        #expect(try db.templates.filter { $0.rating.isIn([1, value, 2.5]) }.explain().residual == "rating in (1, 2.5)")
    }
}
