import DiscordBotData
import Foundation
import SchemaGenRuntime
import Testing

/// A page key too long for a 64-character token is an error, never a truncated token.
@Suite struct PageTokenLimitTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    @Test func keyTooLongForATokenThrows() throws {
        let db = try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        for name in ["a", "b" + String(repeating: "x", count: 60), "c"] {
            try db.customCommands.insert(CustomCommand(guildID: 7, commandName: name, response: "r", creatorID: 1))
        }
        let query = db.customCommands.byGuildIDCommandName(guildID: 7)
        #expect(try query.fetch(limit: 1).nextToken != nil)
        let long = try query.fetch(limit: 2)
        #expect(long.hasMore)
        #expect(throws: PageTokenError.keyTooLong(tokenLength: 103, maximumLength: 64)) { try long.nextToken }
    }
}
