import DiscordBotData
import Foundation
import GryagBotData
import SchemaGenRuntime
import Testing

/// The documented query ranges, `on update now` and the sweep's `keep newest N` caps, on generated code.
@Suite struct RangesTimestampsAndCapsTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()
    let chatID: Int64 = -100

    func openGryag() throws -> GryagBotDatabase {
        try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
    }

    /// `on update now`: every update that leaves the field as stored sets it from the database's clock;
    /// one that gives it a value keeps that value, as the SQL triggers do; the insert default stays.
    @Test func onUpdateNowTakesTheClockAtEachUpdate() throws {
        let db = try openGryag()
        let inserted = clock.now
        try db.repositories.chat.chats.insert(Chat(id: chatID, title: "first", chatType: .group))
        clock.advance(days: 1)
        let changed = try #require(try db.repositories.chat.chats.update(id: chatID) { $0.title = "second" })
        #expect(changed.updatedAt == clock.now && changed.createdAt == inserted)
        clock.advance(days: 2)
        // A whole-record update that carries the stored value sets it too…
        var record = try #require(try db.chats.get(id: chatID))
        record.title = "second!"
        try db.repositories.chat.chats.update(record)
        let stored = try #require(try db.chats.get(id: chatID))
        #expect(stored.updatedAt == clock.now && stored.createdAt == inserted && stored.title == "second!")
        // …and one that gives the field a value of its own keeps it.
        clock.advance(days: 1)
        record.updatedAt = Date(timeIntervalSince1970: 0)
        try db.repositories.chat.chats.update(record)
        #expect(try db.chats.get(id: chatID)?.updatedAt == Date(timeIntervalSince1970: 0))
        clock.advance(days: 1)
        let upserted = try db.repositories.chat.chats.upsert(Chat(id: chatID, title: "third", chatType: .group))
        #expect(upserted.updatedAt == clock.now && upserted.createdAt == inserted)
    }

    /// `.after` excludes its bound, `.between` includes the lower and excludes the upper, `.from … through`
    /// includes both; on an ascending timestamp, forwards and in reverse.
    @Test func rangesOnAnAscendingField() throws {
        let db = try openGryag()
        try db.repositories.chat.chats.insert(Chat(id: chatID, chatType: .group))
        let start = clock.now
        for n in 0..<10 {
            try db.repositories.message.messages.insert(Message(telegramMessageID: Int64(n), chatID: chatID, content: "m\(n)"))
            clock.advance(days: 1.0 / 1_440)
        }
        func minute(_ n: Double) -> Date { start + n * 60 }
        func contents(_ range: KeyRange<Date>, _ order: QueryOrder = .indexOrder) throws -> [String] {
            try db.messages.byChatIDCreatedAt(chatID: chatID, createdAt: range, order: order).all().map(\.content)
        }
        #expect(try contents(.after(minute(7))) == ["m8", "m9"])
        #expect(try contents(.since(minute(7))) == ["m7", "m8", "m9"])
        #expect(try contents(.between(minute(3), and: minute(6))) == ["m3", "m4", "m5"])
        #expect(try contents(.from(minute(3), through: minute(6))) == ["m3", "m4", "m5", "m6"])
        #expect(try contents(.from(minute(3), through: minute(6)), .reverse) == ["m6", "m5", "m4", "m3"])
        #expect(try contents(.between(minute(3), and: minute(3))).isEmpty)
        #expect(try contents(.after(minute(9))).isEmpty)
        // Bounds between stored values.
        #expect(try contents(.between(minute(2.5), and: minute(4.5))) == ["m3", "m4"])
    }

    /// The same ranges on a descending index field (`index (guild_id, xp desc)`): the range keeps its
    /// meaning (`xp > 10`), the index order is highest first.
    @Test func rangesOnADescendingField() throws {
        let db = try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.setup.guildConfig.insert(GuildConfig(guildID: 1))
        for (user, xp) in [(10, 5), (11, 10), (12, 20), (13, 30), (14, 40)] as [(Int64, Int32)] {
            try db.registration.users.insert(User(userID: user, username: "u\(user)"))
            try db.memberEvents.guildMembers.insert(GuildMember(userID: user, guildID: 1, xp: xp))
        }
        func xps(_ range: KeyRange<Int32>, _ order: QueryOrder = .indexOrder) throws -> [Int32?] {
            try db.guildMembers.byGuildIDXP(guildID: 1, xp: range, order: order).all().map(\.xp)
        }
        #expect(try xps(.after(10)) == [40, 30, 20])
        #expect(try xps(.before(20)) == [10, 5])
        #expect(try xps(.between(10, and: 30)) == [20, 10])
        #expect(try xps(.from(10, through: 30)) == [30, 20, 10])
        #expect(try xps(.from(10, through: 30), .reverse) == [10, 20, 30])
        #expect(try xps(.through(10)) == [10, 5])
    }

    /// `keep newest 50 per user_id`: an update that moves a record into a full group is not capped at
    /// once; the sweep removes the oldest of that group and counts it.
    @Test func sweepCapsAGroupOverItsLimit() throws {
        let db = try openGryag()
        try db.repositories.user.users.insert(User(id: 1, fullName: "Ann"))
        try db.repositories.user.users.insert(User(id: 2, fullName: "Bob"))
        for n in 0..<50 {
            try db.repositories.memory.userMemories.insert(UserMemory(userID: 1, fact: "fact \(n)"))
            clock.advance(days: 0.001)
        }
        let moved = try db.repositories.memory.userMemories.insert(UserMemory(userID: 2, fact: "moved"))
        try db.repositories.memory.userMemories.update(id: moved.id) { $0.userID = 1 }
        #expect(try db.userMemories.byUserID(userID: 1).count() == 51)

        let report = try #require(try db.sweep()["user_memories"])
        #expect(report.capped == 1 && report.total == 1)
        let kept = try db.userMemories.byUserID(userID: 1).all().map(\.fact)
        #expect(kept.count == 50)
        #expect(Set(kept) == Set((1..<50).map { "fact \($0)" } + ["moved"]))
        #expect(try db.sweep()["user_memories"]?.capped == 0)
    }
}
