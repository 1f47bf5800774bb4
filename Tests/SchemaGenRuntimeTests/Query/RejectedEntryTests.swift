import Foundation
@testable import SchemaGenRuntime
import Testing

/// A secondary-index scan decides the filter's terms on the entry's key columns before it fetches
/// the row, so an entry those terms reject never has its row read. Proven with a row removed from
/// under its index entry: reading it would throw `danglingIndexEntry`.
@Suite struct RejectedEntryTests {
    let directory = TemporaryDirectory()

    /// A snapshot of 20 posts (post i in chat i % 2 by author i % 3) whose post 4's row is gone
    /// while its index entries stay.
    func snapshotMissingPost4() throws -> Snapshot {
        let store = try Store.open(at: directory.store(), schema: StatisticsPost.schema)
        try store.write { tx in
            for i in 0..<20 { try tx.insert(PlannerStatisticsTests.post(i, chat: i % 2, author: i % 3).row, into: "posts") }
        }
        let snapshot = store.snapshot
        var state = snapshot.state
        let table = try snapshot.schema.table("posts")
        #expect(state.tables[table.id].primary.remove(IndexKeyEncoder.encode([.int(4)]), generation: .max) != nil)
        return Snapshot(schema: snapshot.schema, state: state)
    }

    func query(_ snapshot: Snapshot, _ condition: (StatisticsPost.QueryFields) -> QueryFilter<StatisticsPost>) -> Query<StatisticsPost, SnapshotAccess> {
        Query<StatisticsPost, SnapshotAccess>(access: SnapshotAccess(snapshot: snapshot), planning: .all, order: .indexOrder, scope: nil)
            .filter(condition)
    }

    @Test func anEntryTheKeyTermsRejectIsNotFetched() throws {
        let snapshot = try snapshotMissingPost4()
        // Chat 0 by author 1: posts 4, 10 and 16. Read as records, the (author, time) index is
        // scanned (author 1 has 7 entries, chat 0 has 10) and, for the chat, each row is fetched;
        // the time term is decided on the entry key, so post 4's entry is dropped before its
        // (missing) row is read.
        let keyed = query(snapshot) { $0.chat == 0 && $0.time != 4 && $0.author == 1 }
        #expect(try keyed.explainRecords().index == "byAuthor")
        #expect(try keyed.all().map(\.id) == [10, 16])
        // Without that term the entry passes and its row is read: the missing row is found.
        let fetching = query(snapshot) { $0.chat == 0 && $0.author == 1 }
        #expect(storeError { try fetching.all() } == .danglingIndexEntry(table: "posts", index: "byAuthor"))
        // A count needs no row: the other index's entries decide the term its own leaves
        // (intersected; planned without counting, so either index may be the one scanned).
        let counting = try fetching.explain()
        #expect(counting.indexOnly && counting.intersectedIndex != nil && counting.intersectedIndex != counting.index, "\(counting)")
        #expect(try fetching.count() == 3)
    }

    @Test func anIndexOnlyCountFetchesNoRow() throws {
        let snapshot = try snapshotMissingPost4()
        let covered = query(snapshot) { $0.author == 1 && $0.time < 10 }
        let plan = try covered.explain()
        #expect(plan.index == "byAuthor" && plan.indexOnly, "\(plan)")
        // Posts 1, 4 and 7: post 4 is counted from its entry alone (its row is never read).
        #expect(try covered.count() == 3)
    }
}
