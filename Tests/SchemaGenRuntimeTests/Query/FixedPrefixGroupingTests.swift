import Foundation
@testable import SchemaGenRuntime
import SeededRandomness
import Testing

/// An event in a room at a time that may be null, indexed by (room descending, time).
struct RoomEvent: FilterableRecord {
    static let tableName = "events"
    static let entityName = "events"
    static let primaryKeyPositions = [0]
    let row: Row

    init(row: Row) { self.row = row }

    struct QueryFields: Sendable {
        let room = QueryField<RoomEvent, String>(position: 1, name: "room")
        let time = QueryField<RoomEvent, Date>(position: 2, name: "time")
    }

    static var queryFields: QueryFields { QueryFields() }

    static let schema = StoreSchema(tables: [
        TableDefinition("events", columns: [.init("id", .int), .init("room", .string), .init("time", .timestamp, nullable: true)],
                        primaryKey: ["id"], indexes: [IndexDefinition("byRoom", on: [.descending("room"), "time"])]),
    ])
}

/// A grouped aggregate over an index range whose leading columns the filter fixes decodes
/// those columns once per probe (``IndexEntryScan/decodePrefix(_:layout:orders:into:)``) and
/// each entry only past them: the groups equal those of decoding every row and grouping.
@Suite struct FixedPrefixGroupingTests {
    let directory = TemporaryDirectory()
    static let day: Int64 = 86_400_000_000
    static let rooms = ["général", "e\u{301}té", "été", "", "zz"]

    /// Events at random times around day boundaries, before and after 1970, some null.
    static func events(seed: UInt64) -> [Row] {
        var rng = SeededRandom(seed: seed)
        return (0..<1500).map { i -> Row in
            let room = rooms[Int.random(in: 0..<rooms.count, using: &rng)]
            var time: StoreValue = .null
            if i % 17 != 0 {
                let day = Int64.random(in: -400...400, using: &rng)
                let offset = [0, 1, -1, day / 3, Int64.random(in: 0..<Self.day, using: &rng)].randomElement(using: &rng)!
                time = .timestamp(day * Self.day + offset)
            }
            return [.int(Int64(i)), .string(room), time]
        }
    }

    /// `GROUP BY room, day` over `rows`, decoded row by row: the time floored to its day; rooms
    /// by their UTF-8 bytes (Swift's `==` would take "été" and "e\u{301}té" as one).
    static func expected(_ rows: [Row], rooms: [String]) -> [[UInt8]: [Int64?: Int]] {
        let wanted = Set(rooms.map { Array($0.utf8) })
        var groups: [[UInt8]: [Int64?: Int]] = [:]
        for row in rows {
            guard case .string(let room) = row[1], wanted.contains(Array(room.utf8)) else { continue }
            var day: Int64?
            if case .timestamp(let t) = row[2] {
                let (q, r) = t.quotientAndRemainder(dividingBy: Self.day)
                day = (r < 0 ? q - 1 : q) * Self.day
            }
            groups[Array(room.utf8), default: [:]][day, default: 0] += 1
        }
        return groups
    }

    @Test func groupsByRoomAndDayEqualDecodingEveryRow() throws {
        let store = try Store.open(at: directory.store(), schema: RoomEvent.schema)
        let seed = testSeed()
        let rows = Self.events(seed: seed)
        try store.write { tx in for row in rows { try tx.insert(row, into: "events") } }
        let access = StoreAccess(store: store)
        let fields = RoomEvent.queryFields
        // One room (one probe), then several (a probe each, each with its own fixed prefix).
        for asked in [["général"], ["e\u{301}té"], ["été", "", "zz", "e\u{301}té"]] {
            let filter: QueryFilter<RoomEvent> = asked.count == 1 ? fields.room == asked[0] : fields.room.isIn(asked)
            let query = Query<RoomEvent, StoreAccess>(access: access, planning: filter, order: .indexOrder, scope: nil)
            #expect(try query.explain().index == "byRoom", "seed \(seed)")
            var found: [[UInt8]: [Int64?: Int]] = [:]
            for group in try query.group(by: fields.room, dayOf: fields.time).count() {
                found[Array(group.key.0.utf8), default: [:]][group.key.1.map { StoreTime.microseconds($0) }] = group.value
            }
            let wanted = Self.expected(rows, rooms: asked)
            #expect(found == wanted, "seed \(seed): \(asked)")
            #expect(wanted.count == Set(asked.map { Array($0.utf8) }).count, "seed \(seed): \(asked)")
            // The day alone, as the benchmark asks it.
            var merged: [Int64?: Int] = [:]
            for days in wanted.values { for (day, n) in days { merged[day, default: 0] += n } }
            var perDay: [Int64?: Int] = [:]
            for group in try query.group(byDayOf: fields.time).count() { perDay[group.key.map { StoreTime.microseconds($0) }] = group.value }
            #expect(perDay == merged, "seed \(seed): \(asked)")
        }
    }

    @Test func aFixedPrefixDecodesOnceAndSkipsItsBytes() throws {
        let orders: [ColumnOrder] = [.descending, .ascending, .ascending]
        let fixed = IndexKeyEncoder.encode([.string("été")], orders: [.descending])
        var row = Row(repeating: .null, count: 3)
        let skipped = IndexEntryScan<RoomEvent>.decodePrefix(fixed, layout: [1, 2, 0], orders: orders, into: &row)
        #expect(skipped.columns == 1 && skipped.bytes == fixed.count, "\(skipped)")
        #expect(row == [.null, .string("été"), .null])
        // A layout ending inside the prefix leaves nothing to decode per entry.
        let two = IndexKeyEncoder.encode([.string("a"), .timestamp(-5)], orders: [.descending, .ascending])
        var short = Row(repeating: .null, count: 3)
        let inside = IndexEntryScan<RoomEvent>.decodePrefix(two, layout: [1], orders: orders, into: &short)
        #expect(inside.columns == 1 && inside.bytes == IndexKeyEncoder.encode([.string("a")], orders: [.descending]).count, "\(inside)")
        #expect(short == [.null, .string("a"), .null])
        // Bytes ending inside a column: nothing skipped.
        var cut = Row(repeating: .null, count: 3)
        let none = IndexEntryScan<RoomEvent>.decodePrefix(Array(fixed.dropLast()), layout: [1, 2], orders: orders, into: &cut)
        #expect(none.columns == 0 && none.bytes == 0, "\(none)")
        #expect(cut == Row(repeating: .null, count: 3))
    }
}
