import Foundation
@testable import SchemaGenRuntime
import Testing

/// A post in a chat by an author at a time: two indexes, (chat, time) and (author, time), bound
/// a query fixing all three equally well on paper.
struct StatisticsPost: FilterableRecord {
    static let tableName = "posts"
    static let entityName = "posts"
    static let primaryKeyPositions = [0]
    let id: Int64, chat: Int64, author: Int64, time: Int64

    init(id: Int64, chat: Int64, author: Int64, time: Int64) {
        (self.id, self.chat, self.author, self.time) = (id, chat, author, time)
    }

    init(row: Row) throws {
        (id, chat, author, time) = (try Int64(storeValue: row[0]), try Int64(storeValue: row[1]),
                                    try Int64(storeValue: row[2]), try Int64(storeValue: row[3]))
    }

    var row: Row { [id.storeValue, chat.storeValue, author.storeValue, time.storeValue] }

    struct QueryFields: Sendable {
        let chat = QueryField<StatisticsPost, Int64>(position: 1, name: "chat")
        let author = QueryField<StatisticsPost, Int64>(position: 2, name: "author")
        let time = QueryField<StatisticsPost, Int64>(position: 3, name: "time")
    }

    static var queryFields: QueryFields { QueryFields() }

    static let schema = StoreSchema(tables: [
        TableDefinition("posts", columns: [.init("id", .int), .init("chat", .int), .init("author", .int), .init("time", .int)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byChat", on: ["chat", "time"]), IndexDefinition("byAuthor", on: ["author", "time"])]),
    ])
}

/// The planner tells equally bounded indexes apart by the store's kept estimates when one is
/// clearly narrower (no entry counted), and by counting (bounded) otherwise; estimates are
/// sampled once and kept while the table stays about the same size.
@Suite struct PlannerStatisticsTests {
    let directory = TemporaryDirectory()

    /// A store holding `posts` (post i has id i and time i).
    func store(_ posts: [StatisticsPost]) throws -> (Store, StoreAccess) {
        let store = try Store.open(at: directory.store(), schema: StatisticsPost.schema)
        try insert(posts, into: store)
        return (store, StoreAccess(store: store))
    }

    func insert(_ posts: [StatisticsPost], into store: Store) throws {
        try store.write { tx in for post in posts { try tx.insert(post.row, into: "posts") } }
    }

    func query(_ access: StoreAccess, chat: Int64, author: Int64, from: Int64 = 0, to: Int64 = .max) -> Query<StatisticsPost, StoreAccess> {
        Query<StatisticsPost, StoreAccess>(access: access, planning: .all, order: .indexOrder, scope: nil)
            .filter { $0.chat == chat && $0.author == author && $0.time >= from && $0.time < to }
    }

    /// Post `i` (id and time `i`) in `chat` by `author`.
    static func post(_ i: Int, chat: Int, author: Int) -> StatisticsPost {
        StatisticsPost(id: Int64(i), chat: Int64(chat), author: Int64(author), time: Int64(i))
    }

    /// Posts `ids`, post i in chat i % 600 by author i % 10.
    static func spread(_ ids: Range<Int>) -> [StatisticsPost] { ids.map { post($0, chat: $0 % 600, author: $0 % 10) } }

    /// 6,000 posts: 600 chats of 10 posts, 10 authors of 600.
    static let manyChats = spread(0..<6000)

    /// Damage only the planner's sample meets (leaves off the query's own path) is not read as
    /// an empty leaf and forgotten: the query throws `corrupted` naming such a record.
    @Test func damageOnlyTheSampleReadsMakesTheQueryThrowCorrupted() throws {
        var options = StoreOptions(durability: .unsynced, checkpointLogBytes: 0)
        options.checkpointFormat = .pages
        options.pageCacheNodes = 8
        // 3,000 posts: more than `wholeTreeLimit`, so each index is sampled by leaves spread over it.
        do {
            let store = try Store.open(at: directory.store(), schema: StatisticsPost.schema, options: options)
            try insert((0..<3000).map { StatisticsPost(id: Int64($0), chat: Int64($0 % 5), author: Int64($0 % 7), time: Int64($0)) },
                       into: store)
            try store.checkpoint()
            store.close()
        }
        var leaves: [PageReference] = []
        do {
            let store = try Store.open(at: directory.store(), schema: StatisticsPost.schema, options: options)
            defer { store.close() }
            func collect(_ node: BTreeNode) throws {
                for child in node.children {
                    let page = try #require(child.page)
                    let read = try page.file.read(page)
                    if read.isLeaf { leaves.append(page) } else { try collect(read) }
                }
            }
            try collect(try #require(store.snapshot.state.tables[0].indexes[1].root))
        }
        // `byAuthor` orders by author first: author 0's entries (a seventh) lie in its first
        // leaves, which stay intact; every leaf past the first third is damaged.
        #expect(leaves.count > 30)
        let damaged = leaves[(leaves.count / 3)...]
        for leaf in damaged { try PageFiles.damage(leaf) }
        let store = try Store.open(at: directory.store(), schema: StatisticsPost.schema, options: options)
        defer { store.close() }
        let error = storeError { _ = try query(StoreAccess(store: store), chat: 0, author: 0).all() }
        let met = damaged.map { StoreError.corrupted(file: $0.file.path, offset: Int($0.offset), reason: "page checksum mismatch") }
        #expect(error.map(met.contains) == true, "\(String(describing: error))")
        #expect(store.plannerStatistics.work.samples == 2)
    }

    @Test func aClearlyNarrowerIndexIsChosenWithoutCounting() throws {
        let (store, access) = try store(Self.manyChats)
        let query = query(access, chat: 7, author: 7, from: 1000, to: 5000)
        let planned = try query.planningWork()
        #expect(planned.index == "byChat" && planned.entriesCounted == 0, "\(planned)")
        #expect(try query.explain().index == "byChat")
        // The same rows as a check of every post: chat 7 holds 7, 607, …, 5407 (author 7 all of them), 7 in the window.
        let expected = Self.manyChats.filter { $0.chat == 7 && $0.author == 7 && $0.time >= 1000 && $0.time < 5000 }.count
        #expect(expected == 7)
        #expect(try query.count() == expected)
        // The estimates were sampled from leaves (the trees are larger than read whole), once per index.
        let work = store.plannerStatistics.work
        #expect(work.samples == 2 && work.keys <= 2 * PlannerStatistics.sampledLeaves * BTree.maxLeafFill, "\(work)")
    }

    @Test func sampledEstimatesAreNearTheAverages() throws {
        let (store, _) = try store(Self.manyChats)
        let table = try store.snapshot.schema.table("posts")
        let state = store.snapshot.state.tables[table.id]
        #expect(state.indexes[0].count > PlannerStatistics.wholeTreeLimit)
        let chats = store.plannerStatistics.entriesPerValue(of: state.indexes[0], table: table.id, index: 0, orders: [.ascending, .ascending])
        let authors = store.plannerStatistics.entriesPerValue(of: state.indexes[1], table: table.id, index: 1, orders: [.ascending, .ascending])
        // 10 posts per chat, 600 per author (a sample of leaves sees few author changes, so
        // only "far more than a chat's" is sure); every (value, time) pair is one entry.
        #expect((5...20).contains(chats[0]) && authors[0] >= 200, "\(chats) \(authors)")
        #expect(chats[1] == 1 && authors[1] == 1, "\(chats) \(authors)")
    }

    @Test func estimatesAreKeptUntilTheTableGrowsByAnEighth() throws {
        let (store, access) = try store(Self.manyChats)
        for chat in 0..<50 as Range<Int64> { #expect(try query(access, chat: chat, author: chat % 10).count() == 10) }
        #expect(store.plannerStatistics.work.samples == 2)
        // 600 more posts (a tenth): the kept estimates still serve.
        try insert(Self.spread(6000..<6600), into: store)
        #expect(try query(access, chat: 1, author: 1).count() == 11)
        #expect(store.plannerStatistics.work.samples == 2)
        // 300 more (an eighth of 6,000 is 750): both indexes are sampled again.
        try insert(Self.spread(6600..<6900), into: store)
        #expect(try query(access, chat: 1, author: 1).count() == 12)
        #expect(store.plannerStatistics.work.samples == 4)
    }

    /// Estimates close together: the entries are counted, the smaller estimate first, and the
    /// truly narrower index wins even when the value asked for is far from the average.
    @Test func closeEstimatesAreToldApartByBoundedCounting() throws {
        var posts = (0..<5900).map { Self.post($0, chat: $0 % 59, author: $0 % 60) }
        // Chat 99 is small (10 posts), all by author 0 (who has 110).
        posts += (5900..<5910).map { Self.post($0, chat: 99, author: 0) }
        let (_, access) = try store(posts)
        let query = query(access, chat: 99, author: 0)
        let planned = try query.planningWork()
        #expect(planned.index == "byChat", "\(planned)")
        #expect(planned.entriesCounted > 0 && planned.entriesCounted <= 10 + 110, "\(planned)")
        #expect(try query.count() == 10)
    }

    /// Two wide candidates: each is counted to at most ``Query/estimateLimit`` entries.
    @Test func countingStopsAtTheLimit() throws {
        let posts = (0..<12_000).map { Self.post($0, chat: $0 % 2, author: $0 / 2 % 2) }
        let (_, access) = try store(posts)
        let query = query(access, chat: 0, author: 0)
        let planned = try query.planningWork()
        #expect(planned.entriesCounted == 2 * Query<StatisticsPost, StoreAccess>.estimateLimit, "\(planned)")
        #expect(try query.count() == 3000)
    }
}
