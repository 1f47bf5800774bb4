import BotData
import BotLogic
import Foundation
import XCTest

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

final class BotTests: XCTestCase {
    var directory: String!
    let clock = TestClock()

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "telegram-bot-\(UUID().uuidString)"
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func makeBot() throws -> Bot {
        let clock = clock
        return try Bot(path: directory, administrators: [1], clock: { clock.now })
    }

    func testMessagesAreStoredAndExpireAfterThirtyDays() throws {
        let bot = try makeBot()
        defer { bot.close() }
        XCTAssertNil(try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "hello")))
        XCTAssertNil(try bot.handle(Update(chatID: 10, userID: 3, firstName: "Bob", text: "hi")))
        XCTAssertEqual(try bot.messageCount(in: 10), 2)
        clock.advance(29 * 86_400)
        _ = try bot.sweep()
        XCTAssertEqual(try bot.messageCount(in: 10), 2)
        clock.advance(2 * 86_400)
        _ = try bot.sweep()
        XCTAssertEqual(try bot.messageCount(in: 10), 0)
    }

    func testRemindersAreDeliveredOnceWhenDue() throws {
        let bot = try makeBot()
        defer { bot.close() }
        let reply = try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "/remind 5 tea"))
        XCTAssertEqual(reply, Reply(chatID: 10, text: "I'll remind you in 5 min."))
        XCTAssertEqual(try bot.deliverDueReminders(), [])
        clock.advance(5 * 60)
        XCTAssertEqual(try bot.deliverDueReminders(), [Reply(chatID: 10, text: "⏰ tea")])
        XCTAssertEqual(try bot.deliverDueReminders(), [])
    }

    func testNotesBelongToTheirOwner() throws {
        let bot = try makeBot()
        defer { bot.close() }
        _ = try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "/note shopping: milk, eggs"))
        _ = try bot.handle(Update(chatID: 10, userID: 3, firstName: "Bob", text: "/note secret: mine"))
        XCTAssertEqual(try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "/notes"))?.text, "• shopping")
        XCTAssertEqual(try bot.handle(Update(chatID: 10, userID: 3, firstName: "Bob", text: "/notes"))?.text, "• secret")
        XCTAssertEqual(try bot.handle(Update(chatID: 11, userID: 4, firstName: "Cy", text: "/notes"))?.text, "No notes yet.")
    }

    func testOnlyAdministratorsChangeSettingsAndEveryChangeIsAudited() throws {
        let bot = try makeBot()
        defer { bot.close() }
        let refused = try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "/lang de"))
        XCTAssertEqual(refused?.text, "Only administrators can change the language.")
        XCTAssertNil(try bot.settings(of: 10))
        XCTAssertEqual(try bot.handle(Update(chatID: 10, userID: 1, firstName: "Root", text: "/lang uk"))?.text,
                       "Language set to uk.")
        XCTAssertEqual(try bot.settings(of: 10)?.language, "uk")
        XCTAssertEqual(try bot.auditTrail(of: 10).map(\.action), ["language uk"])
    }

    func testStatsAreCachedForTenMinutes() throws {
        let bot = try makeBot()
        defer { bot.close() }
        _ = try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "one"))
        // The /stats message itself is stored before the count is taken.
        XCTAssertEqual(try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "/stats"))?.text,
                       "2 messages in the last 30 days.")
        _ = try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "two"))
        XCTAssertEqual(try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "/stats"))?.text,
                       "2 messages in the last 30 days.")
        clock.advance(601)
        XCTAssertEqual(try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "/stats"))?.text,
                       "5 messages in the last 30 days.")
    }

    func testEverythingSurvivesAReopen() throws {
        var bot = try makeBot()
        _ = try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "/note keep: this"))
        bot.close()
        bot = try makeBot()
        defer { bot.close() }
        XCTAssertEqual(try bot.handle(Update(chatID: 10, userID: 2, firstName: "Ann", text: "/notes"))?.text, "• keep")
    }
}
