import Foundation
import SchemaGenRuntime
import SyncaraBotData
import Testing

/// A partition scope (syncara's todos, one partition per chat) applies to every typed query and
/// aggregate, as an owner scope does: nothing of another chat is counted, grouped or paged.
@Suite struct PartitionQueryTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    @Test func everyQueryAndAggregateStaysInsideThePartition() throws {
        let db = try SyncaraBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let start = clock.now
        // Chat 5: todos 0-5 (even ones completed), by users 1 and 2; chat 6: todos 6-9, all by user 1, all pending.
        for n in 0..<10 {
            let chat: Int64 = n < 6 ? 5 : 6
            try db.database.todos(chatID: chat).insert(Todo(description: "t\(n)", status: chat == 5 && n % 2 == 0 ? .completed : .pending,
                                                            createdAt: start + Double(n) * 3600, createdBy: chat == 5 ? Int64(n % 2 + 1) : 1))
        }
        let five = db.todos(chatID: 5).filter { $0.createdBy.isIn([1, 2]) }
        #expect(try five.count() == 6)
        #expect(try db.todos(chatID: 5).filter { $0.createdBy == 1 }.count() == 3)
        #expect(try five.sum { $0.createdBy } == 9)
        #expect(try five.max { $0.createdAt } == start + 5 * 3600)
        #expect(try five.max { $0.description } == "t5")
        #expect(try five.group { $0.status }.count() == [QueryGroup(key: .completed, value: 3), QueryGroup(key: .pending, value: 3)])
        #expect(try five.group { $0.chatID }.count() == [QueryGroup(key: 5, value: 6)])
        #expect(try five.group(byHourOf: { $0.createdAt }).count().count == 6)
        // Pages by token: exactly the partition's six todos.
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try five.fetch(limit: 4, afterToken: token)
            seen += page.items.map(\.description)
            token = try page.nextToken
        } while token != nil
        #expect(seen.sorted() == ["t0", "t1", "t2", "t3", "t4", "t5"])
        // The other partition sees its own rows only.
        let six = db.todos(chatID: 6).filter { $0.status == .pending }
        #expect(try six.count() == 4 && six.min { $0.description } == "t6")
        #expect(try db.todos(chatID: 7).filter { $0.createdBy == 1 }.group { $0.status }.count().isEmpty)
    }
}
