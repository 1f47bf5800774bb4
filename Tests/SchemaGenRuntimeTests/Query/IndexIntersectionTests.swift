import Foundation
@testable import SchemaGenRuntime
import Testing

/// A post whose author and time may be null, with two indexes whose keys continue alike past
/// their first column: (chat, time) and (author, time).
struct IntersectedPost: FilterableRecord {
    static let tableName = "posts"
    static let entityName = "posts"
    static let primaryKeyPositions = [0]
    let row: Row

    init(row: Row) { self.row = row }

    /// Post `i`: chat i % 7, author i % 5 (null for every 11th), time (37 i) % 500 (null for every 13th).
    init(_ i: Int, authorShift: Int = 0) {
        let author: StoreValue = i % 11 == 0 ? .null : .int(Int64((i + authorShift) % 5))
        let time: StoreValue = i % 13 == 0 ? .null : .int(Int64(i * 37 % 500))
        row = [.int(Int64(i)), .int(Int64(i % 7)), author, time, .string("note \(i)")]
    }

    struct QueryFields: Sendable {
        let id = QueryField<IntersectedPost, Int64>(position: 0, name: "id")
        let chat = QueryField<IntersectedPost, Int64>(position: 1, name: "chat")
        let author = QueryField<IntersectedPost, Int64>(position: 2, name: "author")
        let time = QueryField<IntersectedPost, Int64>(position: 3, name: "time")
        let note = QueryField<IntersectedPost, String>(position: 4, name: "note")
    }

    static var queryFields: QueryFields { QueryFields() }

    static let schema = StoreSchema(tables: [
        TableDefinition("posts", columns: [.init("id", .int), .init("chat", .int), .init("author", .int, nullable: true),
                                           .init("time", .int, nullable: true), .init("note", .string)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byChat", on: ["chat", "time"]), IndexDefinition("byAuthor", on: ["author", "time"])]),
    ])
}

/// A count or aggregate whose filter fixes the leading columns of two indexes that continue
/// alike is answered from both indexes' entries (``IndexIntersection``), never from the rows:
/// the answers equal those of checking every stored row, with nulls, owner scopes and rows
/// changed since the last checkpoint, and `explain` names the second index.
@Suite struct IndexIntersectionTests {
    let directory = TemporaryDirectory()

    /// 600 posts checkpointed, then changed in the log only: every 9th moved to another author
    /// and time, every 17th deleted, 100 added. Returns the store and the rows it now holds.
    func changedStore() throws -> (Store, [Int: Row]) {
        let store = try Store.open(at: directory.store(), schema: IntersectedPost.schema)
        var rows: [Int: Row] = [:]
        try store.write { tx in
            for i in 0..<600 {
                rows[i] = IntersectedPost(i).row
                try tx.insert(rows[i]!, into: "posts")
            }
        }
        try store.checkpoint()
        try store.write { tx in
            for i in stride(from: 0, to: 600, by: 9) {
                var row = IntersectedPost(i, authorShift: 2).row
                row[3] = .int(Int64((i * 41 + 7) % 500))
                rows[i] = row
                try tx.update(row, in: "posts")
            }
            for i in stride(from: 4, to: 600, by: 17) {
                rows[i] = nil
                #expect(try tx.delete(primaryKey: .int(Int64(i)), from: "posts"))
            }
            for i in 600..<700 {
                rows[i] = IntersectedPost(i).row
                try tx.insert(rows[i]!, into: "posts")
            }
        }
        return (store, rows)
    }

    func query(_ store: Store, scope: Scope? = nil, order: QueryOrder = .indexOrder,
               _ condition: (IntersectedPost.QueryFields) -> QueryFilter<IntersectedPost>) -> Query<IntersectedPost, StoreAccess> {
        Query<IntersectedPost, StoreAccess>(access: StoreAccess(store: store), planning: .all, order: order, scope: scope).filter(condition)
    }

    /// The filter ``matches(_:chat:author:window:)`` answers for a row.
    static func filter(_ fields: IntersectedPost.QueryFields, chat: Int64, author: Int64, window: Range<Int64>?) -> QueryFilter<IntersectedPost> {
        let both = fields.chat == chat && fields.author == author
        guard let window else { return both }
        return both && fields.time >= window.lowerBound && fields.time < window.upperBound
    }

    /// Whether `row` is in `chat` by `author` with a time in `window` (any time, null too, when nil).
    static func matches(_ row: Row, chat: Int64, author: Int64, window: Range<Int64>?) -> Bool {
        guard row[1] == .int(chat), row[2] == .int(author) else { return false }
        guard let window else { return true }
        guard case .int(let time) = row[3] else { return false }
        return window.contains(time)
    }

    @Test func countsAndAggregatesMatchEveryRowChecked() throws {
        let (store, rows) = try changedStore()
        let plan = try query(store) { $0.chat == 3 && $0.author == 2 && $0.time >= 100 && $0.time < 400 }.explain()
        #expect(plan.indexOnly && ["byChat", "byAuthor"].contains(plan.intersectedIndex) && plan.intersectedIndex != plan.index, "\(plan)")
        // The term the scanned index leaves is decided by the other index's entries, not a row.
        let (bound, decided) = plan.index == "byChat" ? ("chat", "author = 2") : ("author", "chat = 3")
        #expect(plan.description == "posts by \(plan.index!) (\(bound) = ?, time range); check: \(decided); intersected with \(plan.intersectedIndex!); index only",
                "\(plan)")
        var nullTimesCounted = 0
        for chat in 0..<7 as Range<Int64> {
            for author in 0..<5 as Range<Int64> {
                for window in [nil, 0..<500, 100..<400, 250..<262] as [Range<Int64>?] {
                    let expected = rows.values.filter { Self.matches($0, chat: chat, author: author, window: window) }
                    let filtered = query(store) { Self.filter($0, chat: chat, author: author, window: window) }
                    #expect(try filtered.explain().intersectedIndex != nil)
                    #expect(try filtered.count() == expected.count, "chat \(chat) author \(author) \(String(describing: window))")
                    let times = expected.compactMap { $0[3].intValue }
                    #expect(try filtered.min(IntersectedPost.queryFields.time) == times.min())
                    #expect(try filtered.max(IntersectedPost.queryFields.id) == expected.compactMap { $0[0].intValue }.max())
                    if window == nil { nullTimesCounted += expected.count - times.count }
                }
            }
        }
        // Rows with a null time are in both indexes' ranges when no time range is asked.
        #expect(nullTimesCounted > 5)
    }

    @Test func anOwnerScopeIsDecidedByTheIndexThatFixesIt() throws {
        let (store, rows) = try changedStore()
        for chat in 0..<7 as Range<Int64> {
            let scoped = query(store, scope: Scope(positions: [1], values: [.int(chat)])) { $0.author == 4 && $0.time < 300 }
            #expect(try scoped.explain().intersectedIndex != nil)
            #expect(try scoped.count() == rows.values.filter { Self.matches($0, chat: chat, author: 4, window: Int64.min..<300) }.count)
        }
    }

    /// A partner range far denser than the scanned one: the merge seeks past the entries
    /// between two of the scanned range's instead of stepping over them all.
    @Test func aDensePartnerIsSoughtThrough() throws {
        let store = try Store.open(at: directory.store(), schema: IntersectedPost.schema)
        var rows: [Row] = []
        try store.write { tx in
            // Even posts in chat 0, odd in chat 1; 2 of every 40 by author 7, the rest by authors
            // 1 to 3 (so the author index's estimate, 200 per author against 400 per chat, puts it
            // first, and the planner, not counting for an intersection, scans it).
            for i in 0..<800 {
                let author: Int64 = i % 40 < 2 ? 7 : Int64(1 + i % 3)
                let row: Row = [.int(Int64(i)), .int(Int64(i % 2)), .int(author), .int(Int64(i)), .string("")]
                rows.append(row)
                try tx.insert(row, into: "posts")
            }
        }
        for window in [nil, 0..<800, 130..<650] as [Range<Int64>?] {
            let filtered = query(store) { Self.filter($0, chat: 0, author: 7, window: window) }
            let plan = try filtered.explain()
            #expect(plan.index == "byAuthor" && plan.intersectedIndex == "byChat", "\(plan)")
            let expected = rows.filter { Self.matches($0, chat: 0, author: 7, window: window) }.count
            #expect(expected >= 12)
            #expect(try filtered.count() == expected)
        }
    }

    /// A column outside the keys, or a scan in reverse: rows are read as before, with the same answers.
    @Test func otherQueriesReadRows() throws {
        let (store, rows) = try changedStore()
        let both = query(store) { $0.chat == 2 && $0.author == 1 }
        let expected = rows.values.filter { Self.matches($0, chat: 2, author: 1, window: nil) }
        #expect(expected.count > 3)
        let notes = try both.explain(aggregating: IntersectedPost.queryFields.note)
        #expect(!notes.indexOnly && notes.intersectedIndex == nil, "\(notes)")
        #expect(try both.max(IntersectedPost.queryFields.note) == expected.map { $0[4].stringValue! }.max())
        let reversed = query(store, order: .reverse) { $0.chat == 2 && $0.author == 1 }
        #expect(try reversed.explain().intersectedIndex == nil)
        #expect(try reversed.count() == expected.count)
    }
}
