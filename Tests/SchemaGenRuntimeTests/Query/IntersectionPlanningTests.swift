import Foundation
@testable import SchemaGenRuntime
import Testing

/// A count or aggregate that two equally bounded indexes answer together (``IndexIntersection``)
/// is planned without counting either one's entries, and its merge reads about as many entries
/// as the sparser range needs whichever range it scans: the denser one seeks to the sparser
/// one's next entry instead of stepping over everything between.
@Suite struct IntersectionPlanningTests {
    let directory = TemporaryDirectory()

    func store(_ rows: [Row]) throws -> Store {
        let store = try Store.open(at: directory.store(), schema: IntersectedPost.schema)
        try store.write { tx in for row in rows { try tx.insert(row, into: "posts") } }
        return store
    }

    func query(_ store: Store, _ condition: (IntersectedPost.QueryFields) -> QueryFilter<IntersectedPost>) -> Query<IntersectedPost, StoreAccess> {
        Query<IntersectedPost, StoreAccess>(access: StoreAccess(store: store), planning: .all, order: .indexOrder, scope: nil).filter(condition)
    }

    /// Chats and authors of about the same size: the estimates cannot tell the two indexes
    /// apart, so reading records counts entries to choose, and a count or aggregate that the
    /// intersection answers does not.
    @Test func anIntersectedCountIsPlannedWithoutCountingEntries() throws {
        let rows = (0..<700).map { IntersectedPost($0).row }
        let store = try store(rows)
        let fields = IntersectedPost.queryFields
        for (chat, author) in [(3, 2), (0, 0), (6, 4)] as [(Int64, Int64)] {
            let filtered = query(store) { $0.chat == chat && $0.author == author && $0.time >= 100 && $0.time < 400 }
            let records = try filtered.planningWork()
            #expect(records.entriesCounted > 0, "\(records)")
            for reading in [[], [fields.time.position], [fields.id.position, fields.chat.position]] as [Set<Int>] {
                let planned = try filtered.planningWork(reading: reading)
                #expect(planned.entriesCounted == 0, "\(reading): \(planned)")
            }
            // A column outside both keys: rows are fetched, so the narrower index is counted for.
            #expect(try filtered.planningWork(reading: [fields.note.position]).entriesCounted > 0)
            // explain() says what count() runs: the index planned for it, intersected.
            let plan = try filtered.explain()
            #expect(plan.index == (try filtered.planningWork(reading: []).index) && plan.indexOnly, "\(plan)")
            #expect(plan.intersectedIndex != nil && plan.intersectedIndex != plan.index, "\(plan)")
            let expected = rows.filter { IndexIntersectionTests.matches($0, chat: chat, author: author, window: 100..<400) }
            #expect(expected.count > 3)
            #expect(try filtered.count() == expected.count)
            #expect(try filtered.min(fields.time) == expected.compactMap { $0[3].intValue }.min())
            #expect(try filtered.max(fields.id) == expected.compactMap { $0[0].intValue }.max())
        }
    }

    /// Posts 0..<2000: even ones in chat 0, each odd one in a chat of its own, so the chat
    /// index's estimate (2 entries per chat) makes it the one scanned; every 200th post (all in
    /// chat 0) by author 7, the rest by author 1.
    static let skewedChat: [Row] = (0..<2000).map { i -> Row in
        let chat: Int64 = i % 2 == 0 ? 0 : Int64(i), author: Int64 = i % 200 == 0 ? 7 : 1
        return [.int(Int64(i)), .int(chat), .int(author), .int(Int64(i)), .string("")]
    }

    /// Chat 0's 1,000 entries are scanned and author 7's 10 looked up: after a few entries the
    /// author index lacks, the chat range seeks to the author's next entry, and it stops at the
    /// author's last, so far fewer entries than the chat's are read, with the same answers.
    @Test func theDenserRangeSeeksToTheSparserOne() throws {
        let store = try store(Self.skewedChat)
        for window in [nil, 0..<2000, 150..<1350, 201..<399, 1801..<2000] as [Range<Int64>?] {
            let filtered = query(store) { IndexIntersectionTests.filter($0, chat: 0, author: 7, window: window) }
            let plan = try filtered.explain()
            #expect(plan.index == "byChat" && plan.intersectedIndex == "byAuthor", "\(plan)")
            let expected = Self.skewedChat.filter { IndexIntersectionTests.matches($0, chat: 0, author: 7, window: window) }.count
            let (count, statistics) = try filtered.countRecordingScan()
            #expect(count == expected, "\(String(describing: window))")
            // Stepping through chat 0 would read up to 1,000 entries; each of author 7's 10 costs
            // at most a few steps and one seek here.
            #expect(statistics.intersectionEntries <= 12 * 10 + 20, "\(String(describing: window)): \(statistics.intersectionEntries)")
            #expect(statistics.intersectionSeeks <= 2 * 10 + 2, "\(String(describing: window)): \(statistics.intersectionSeeks)")
        }
        // An author with no post: nothing to merge once the (empty) author range is looked up.
        let (none, statistics) = try query(store) { $0.chat == 0 && $0.author == 9 }.countRecordingScan()
        #expect(none == 0 && statistics.intersectionEntries <= 2, "\(statistics.intersectionEntries)")
    }
}
