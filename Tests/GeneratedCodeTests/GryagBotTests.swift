import Foundation
import GryagBotData
import SchemaGenRuntime
import Testing

/// Seed 003 (gryag_bot): what runs on the embedded store only (sweeps). The documented repository
/// usage runs on both backends from one body: RepositoryBackendTests/GryagBotBackendTests.
@Suite struct GryagBotTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()
    let chatID: Int64 = -1_001_234_567_890

    func open() throws -> GryagBotDatabase {
        try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
    }

    @Test func userMemoriesAreCappedAtFifty() throws {
        let db = try open()
        try db.repositories.user.users.insert(User(id: 1, fullName: "Ann"))
        try db.repositories.user.users.insert(User(id: 2, fullName: "Bob"))
        for n in 0..<60 {
            try db.repositories.memory.userMemories.insert(UserMemory(userID: 1, fact: "fact \(n)"))
            clock.advance(days: 0.001)
        }
        try db.repositories.memory.userMemories.insert(UserMemory(userID: 2, fact: "only"))
        let memories = try db.userMemories.byUserID(userID: 1).all()
        #expect(memories.count == 50)
        #expect(Set(memories.map(\.fact)) == Set((10..<60).map { "fact \($0)" }))
        #expect(try db.userMemories.byUserID(userID: 2).count() == 1)
        #expect(try db.sweep()["user_memories"]?.capped == 0)
    }

}
