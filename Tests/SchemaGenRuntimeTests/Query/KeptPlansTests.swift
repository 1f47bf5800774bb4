import Foundation
@testable import SchemaGenRuntime
import SeededRandomness
import Testing

/// The planner's work for a filter shape is kept per store (``KeptPlans``) and reused by later
/// queries of that shape with other values, until a commit changes the table or the schema
/// changes; shapes whose plan could depend on the values are never kept.
@Suite struct KeptPlansTests {
    let directory = TemporaryDirectory()

    func store(_ posts: [StatisticsPost]) throws -> (Store, StoreAccess) {
        let store = try Store.open(at: directory.store(), schema: StatisticsPost.schema)
        try store.write { tx in for post in posts { try tx.insert(post.row, into: "posts") } }
        return (store, StoreAccess(store: store))
    }

    func query(_ access: StoreAccess, _ condition: (StatisticsPost.QueryFields) -> QueryFilter<StatisticsPost>) -> Query<StatisticsPost, StoreAccess> {
        Query<StatisticsPost, StoreAccess>(access: access, planning: .all, order: .indexOrder, scope: nil).filter(condition)
    }

    @Test func aKeptPlanServesOtherValuesWithTheSameRows() throws {
        let posts = PlannerStatisticsTests.manyChats
        let (store, access) = try store(posts)
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        for _ in 0..<40 {
            let chat = Int64.random(in: 0..<600, using: &rng), author = Int64.random(in: 0..<10, using: &rng)
            let from = Int64.random(in: 0..<6000, using: &rng), to = from + Int64.random(in: 0..<3000, using: &rng)
            let query = query(access) { $0.chat == chat && $0.author == author && $0.time >= from && $0.time < to }
            let expected = posts.filter { $0.chat == chat && $0.author == author && $0.time >= from && $0.time < to }.count
            #expect(try query.count() == expected, "seed \(seed): chat \(chat) author \(author) time \(from)..<\(to)")
            #expect(try query.explain().index == "byChat", "seed \(seed): chat \(chat) author \(author)")
        }
        // One shape kept; every later query (two runs each: count and explain) reused it.
        let work = store.plannerStatistics.plans.work
        #expect(work.kept == 1 && work.reused == 79, "\(work)")
        // Sampled once per index, as without kept plans.
        #expect(store.plannerStatistics.work.samples == 2)
    }

    /// Close estimates: a kept plan keeps the order to count in, and each query still counts its
    /// own values' entries, so one asking a small chat reads the chat index and the next, of the
    /// same shape, asking a small author reads the author index.
    @Test func countingStillChoosesPerQueryUnderAKeptPlan() throws {
        var posts = (0..<5900).map { PlannerStatisticsTests.post($0, chat: $0 % 59, author: $0 % 60) }
        // Chat 99 holds 10 posts, all by author 0 (who has 109); author 77 has 5, all in chat 0 (which has 105).
        posts += (5900..<5910).map { PlannerStatisticsTests.post($0, chat: 99, author: 0) }
        posts += (5910..<5915).map { PlannerStatisticsTests.post($0, chat: 0, author: 77) }
        let (store, access) = try store(posts)
        let smallChat = try query(access) { $0.chat == 99 && $0.author == 0 }.planningWork()
        #expect(smallChat.index == "byChat" && smallChat.entriesCounted > 0, "\(smallChat)")
        let smallAuthor = try query(access) { $0.chat == 0 && $0.author == 77 }.planningWork()
        #expect(smallAuthor.index == "byAuthor" && smallAuthor.entriesCounted > 0, "\(smallAuthor)")
        #expect(store.plannerStatistics.plans.work.reused == 1)
        #expect(try query(access) { $0.chat == 0 && $0.author == 77 }.count() == 5)
    }

    /// Two equalities on one column, or two lower bounds: which one bounds the scan depends on
    /// the values, so the shape is planned every time and not kept.
    @Test func shapesWhosePlanDependsOnTheValuesAreNotKept() throws {
        let (store, access) = try store(PlannerStatisticsTests.manyChats)
        #expect(try query(access) { $0.chat == 7 && $0.chat == 8 }.count() == 0)
        #expect(try query(access) { $0.chat == 7 && $0.chat == 7 }.count() == 10)
        #expect(try query(access) { $0.chat == 7 && $0.time >= 100 && $0.time > 3000 }.count() == 5)
        #expect(try query(access) { $0.chat == 7 && !($0.time < 3000) }.count() == 5)
        #expect(store.plannerStatistics.plans.work.kept == 0)
        // The same terms once each are kept.
        #expect(try query(access) { $0.chat == 7 && $0.time > 3000 }.count() == 5)
        #expect(store.plannerStatistics.plans.work.kept == 1)
    }

    /// After a commit that makes the other index the clearly narrower one, the query plans
    /// again and reads that index.
    @Test func aCommitThatChangesTheStatisticsPlansAgain() throws {
        let (store, access) = try store(PlannerStatisticsTests.manyChats)
        let before = query(access) { $0.chat == 7 && $0.author == 7 }
        #expect(try before.planningWork().index == "byChat")
        #expect(try before.planningWork().index == "byChat")
        #expect(store.plannerStatistics.plans.work.reused == 1)
        // 60,000 posts in chats 0 and 1, each by an author of its own: chats become wide, authors narrow.
        try store.write { tx in
            for i in 6000..<66_000 { try tx.insert(PlannerStatisticsTests.post(i, chat: i % 2, author: 10 + i).row, into: "posts") }
        }
        let after = query(access) { $0.chat == 1 && $0.author == 10 + 6001 }
        let planned = try after.planningWork()
        #expect(planned.index == "byAuthor" && planned.entriesCounted == 0, "\(planned)")
        #expect(try after.count() == 1)
        #expect(try query(access) { $0.chat == 7 && $0.author == 7 }.count() == 10)
    }

    /// A snapshot of another schema (an index added by a migration, the other trees unchanged)
    /// does not reuse the plan made without the index.
    @Test func aSchemaChangePlansAgain() throws {
        let withoutAuthors = StoreSchema(tables: [
            TableDefinition("posts", columns: StatisticsPost.schema.tables[0].columns, primaryKey: ["id"],
                            indexes: [IndexDefinition("byChat", on: ["chat", "time"])]),
        ])
        let store = try Store.open(at: directory.store(), schema: withoutAuthors)
        let posts = PlannerStatisticsTests.manyChats
        try store.write { tx in for post in posts { try tx.insert(post.row, into: "posts") } }
        let query = query(StoreAccess(store: store)) { $0.author == 3 && $0.time >= 100 && $0.time < 900 }
        #expect(try query.resolved(in: store.snapshot).index == nil)
        #expect(try query.resolved(in: store.snapshot).index == nil)
        #expect(store.plannerStatistics.plans.work.reused == 1)
        let runner = VersionStepRunner(version: 2, old: try ResolvedSchema(withoutAuthors), new: try ResolvedSchema(StatisticsPost.schema),
                                       step: step(), transforms: [:], progress: nil)
        let migrated = Snapshot(schema: try ResolvedSchema(StatisticsPost.schema), state: try runner.run(store.snapshot.state),
                                plannerStatistics: store.plannerStatistics)
        #expect(migrated.state.tables[0].primary.root === store.snapshot.state.tables[0].primary.root)
        let resolved = try query.resolved(in: migrated)
        #expect(resolved.index == "byAuthor")
        var count = 0
        try resolved.forEachMatch(reading: [], in: migrated) { _ in count += 1 }
        #expect(count == posts.filter { $0.author == 3 && $0.time >= 100 && $0.time < 900 }.count)
    }
}
