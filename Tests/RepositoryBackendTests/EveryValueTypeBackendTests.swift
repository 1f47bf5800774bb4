import Foundation
import HostileNamesPostgres
import NamesData
import SchemaGenRuntime
import Testing

/// What the tests need of a hostile-names database, whichever the backend: writable repositories.
protocol NamesBackendDatabase: NamesTables where Access: WriteAccess {}

extension NamesDatabase: NamesBackendDatabase {}
extension NamesPostgresDatabase: NamesBackendDatabase {}

/// The hostile-names corpus's `every_types` table holds every schema value type, required and
/// optional, as columns, inside a nested type and as arrays: each one written through the
/// generated facade reads back equal, on the store and on PostgreSQL (where decimals are exact
/// `numeric`, dates `date`, JSON values, nested documents and arrays `jsonb`), and index scans
/// over dates, UUIDs, bytes and enums return the store's order on both.
@Suite struct EveryValueTypeBackendTests {
    let directory = TemporaryDirectory()

    /// Runs `body` on a fresh hostile-names database on `backend`.
    func withDatabase(_ backend: Backend, _ body: (any NamesBackendDatabase) throws -> Void) throws {
        switch backend {
        case .store:
            let db = try NamesDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced))
            defer { db.close() }
            try body(db)
        case .postgres:
            let database = try PostgresDatabase(ddlFile: "Tests/Fixtures/hostile_names/names/sql/postgres.sql")
            let db = try NamesPostgresDatabase.connect(url: database.url)
            defer { db.close() }
            try body(db)
        }
    }

    /// An instant from microseconds since 1970 (so both backends hold it exactly).
    static func instant(_ micros: Int64) -> Date { StoreTime.date(micros) }

    /// Midnight UTC of a proleptic Gregorian day (years before 1 astronomical: 0 is 1 BC).
    static func day(_ year: Int, _ month: Int, _ day: Int) -> Date {
        // Counted here rather than with Foundation's calendar, which turns Julian before 1582.
        instant(Int64(daysFromCivil(year, month, day)) * 86_400_000_000)
    }

    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    static let uuidA = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    static let uuidB = UUID(uuidString: "7FFFFFFF-0000-0000-0000-000000000000")!
    static let uuidC = UUID(uuidString: "80000000-0000-0000-0000-000000000000")!
    static let uuidD = UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!

    /// A JSON value with every JSON kind, escapes, unicode keys and numbers a double holds exactly only in its shortest digits.
    static let document: JSONValue = [
        "ключ 🔑": "value with \"quotes\", \\backslash\\, a tab\t, a newline\n and \u{1}",
        "numbers": [0, -5, 0.1, 1e300, -2.5e-300, 9_007_199_254_740_993.0, 123_456.789],
        "nested": ["empty": [:], "list": [], "null": .null, "flags": [true, false]],
        "": "an empty key",
    ]

    static let innerFull = EveryInner(day: day(1969, 7, 20), at: instant(-1), amount: Decimal(string: "-1234567.89")!,
                                      token: uuidD, blob: Data([0, 255, 0]), doc: .null, mode: .selfValue,
                                      tags: ["", "ü", "日本語", "a\"b"], days: [day(2024, 2, 29), day(0, 3, 1), day(-43, 3, 15)], ratio: 0.1)
    static let innerSparse = EveryInner(day: day(2000, 1, 1), amount: 0, tags: [], days: [])

    /// Every optional field set, with values at the edges of each type.
    static let full = EveryType(
        small: .min, smallOpt: .max, bigOpt: .min, ratio: -.greatestFiniteMagnitude, ratioOpt: .infinity,
        amount: Decimal(string: "-999999999.999")!, amountOpt: Decimal(string: "0.001")!, flag: true, flagOpt: false,
        label: "Zoë 🤖 'single' \"double\" \\ end", note: "line one\nline two\r\n\ttabbed ‮rtl‬ 𝄞",
        at: instant(1_750_000_000_123_456), atOpt: instant(-62_135_596_800_000_000 + 1),  // 0001-01-01T00:00:00.000001Z
        day: day(2024, 2, 29), dayOpt: day(-43, 3, 15),
        token: uuidB, tokenOpt: uuidD, blob: Data([0, 1, 2, 255]), blobOpt: Data(),
        doc: document, docOpt: .null, mode: .default, modeOpt: .case, kind: EveryTypesKind.none,
        nested: innerFull, nestedOpt: innerSparse,
        tags: ["x", "", "🙂"], numbers: [.min, -1, 0, .max],
        amounts: [Decimal(string: "-0.01")!, 0, Decimal(string: "99999999.99")!],
        days: [day(1970, 1, 1), day(1, 1, 1), day(9999, 12, 31)],
        stamps: [instant(0), instant(-1), instant(4_102_444_800_000_000)],
        tokens: [uuidA, uuidD], blobs: [Data(), Data([0]), Data([255, 0])],
        modes: [.on, .selfValue, .type], docs: [.null, [], [:], "text", 1.5, [1, [2, [3]]]],
        nesteds: [innerFull, innerSparse])

    /// Only the required fields, with empty arrays and JSON `null` (a value, not an absent one).
    static let sparse = EveryType(
        small: 0, ratio: 0, amount: 0, flag: false, label: "", at: instant(0), day: day(1970, 1, 1), token: uuidA,
        blob: Data(), doc: .null, mode: .on, nested: innerSparse, tags: [], numbers: [], amounts: [], days: [],
        stamps: [], tokens: [], blobs: [], modes: [], docs: [], nesteds: [])

    @Test(arguments: Backend.allCases) func everyValueTypeReadsBackEqual(_ backend: Backend) throws {
        try withDatabase(backend) { db in try everyValueTypeReadsBackEqual(db) }
    }

    func everyValueTypeReadsBackEqual(_ db: some NamesBackendDatabase) throws {
        let written = [try db.everyTypes.insert(Self.full), try db.everyTypes.insert(Self.sparse)]
        #expect(written.map(\.id) == [1, 2])
        for record in written { #expect(try db.everyTypes.get(id: record.id) == record) }
        #expect(try db.everyTypes.all().fetch(limit: 10).items == written)
        // Updated in place: the second row becomes the first's values.
        var changed = Self.full
        changed.id = 2
        _ = try db.everyTypes.update(changed)
        #expect(try db.everyTypes.get(id: 2) == changed)
    }

    /// What `schemagen store export` writes for every type is what the facade reads: one JSON
    /// form of documents, dates and decimals on both paths into PostgreSQL.
    @Test func aStoreExportReadsBackEqualThroughThePostgresFacade() throws {
        let storePath = directory.path
        let store = try NamesDatabase.open(at: storePath, options: StoreOptions(durability: .unsynced))
        let written = [try store.everyTypes.insert(Self.full), try store.everyTypes.insert(Self.sparse)]
        store.close()
        let database = try PostgresDatabase(ddlFile: "Tests/Fixtures/hostile_names/names/sql/postgres.sql")
        let export = try SchemagenTool.run(["store", "export", storePath, "--schema", "Tests/Fixtures/hostile_names/names.schema"])
        #expect(export.status == 0, "\(export.stderr)")
        try database.server.run(export.stdout, database: database.name)
        let db = try NamesPostgresDatabase.connect(url: database.url)
        defer { db.close() }
        #expect(try db.everyTypes.all().fetch(limit: 10).items == written)
    }

    @Test func valuesPostgreSQLCannotHoldAreRefusedNamingTheColumn() throws {
        let database = try PostgresDatabase(ddlFile: "Tests/Fixtures/hostile_names/names/sql/postgres.sql")
        let db = try NamesPostgresDatabase.connect(url: database.url)
        defer { db.close() }
        func expectRefusal(_ record: EveryType, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(throws: StoreError.invalidRow(table: "every_types", reason: reason), sourceLocation: sourceLocation) {
                try db.everyTypes.insert(record)
            }
        }
        var nul = Self.sparse
        nul.label = "a\u{0}b"
        expectRefusal(nul, "column 'label' cannot hold string(\"a\\0b\") on PostgreSQL (text): PostgreSQL text cannot hold the NUL character")
        var nulInside = Self.sparse
        nulInside.nested.tags = ["fine", "x\u{0}"]
        expectRefusal(nulInside, "column 'nested' cannot hold the value on PostgreSQL (jsonb): .tags[1]: the text holds a NUL character, which PostgreSQL text and jsonb cannot store")
        var nan = Self.sparse
        nan.docs = [["a": [1, .number(.nan)]]]
        expectRefusal(nan, "column 'docs' cannot hold the value on PostgreSQL (jsonb): [0].a[1]: nan has no JSON form (jsonb holds finite numbers only)")
        var noon = Self.sparse
        noon.day = Self.instant(43_200_000_000)
        expectRefusal(noon, "column 'day' cannot hold timestamp(43200000000) on PostgreSQL (date): a date column holds a day, and this instant is not a midnight UTC")
        // Nothing of the refused rows was stored; a NaN double column is fine (float8 holds it).
        #expect(try db.everyTypes.count() == 0)
        var nanColumn = Self.sparse
        nanColumn.ratioOpt = .nan
        #expect(try db.everyTypes.get(id: try db.everyTypes.insert(nanColumn).id)?.ratioOpt?.isNaN == true)
    }

    /// Rows whose indexed columns tie, are null, fall before 1970 or differ only in a byte.
    static func orderingRows() -> [EveryType] {
        let days = [day(2024, 5, 1), day(1969, 12, 31), day(2024, 5, 1), day(-43, 3, 15), day(1970, 1, 1), day(2024, 4, 30)]
        let tokens = [uuidC, uuidA, uuidD, uuidB, uuidC, uuidA]
        let blobs = [Data([1]), Data(), Data([0, 255]), Data([0]), Data([255]), Data([1, 0])]
        let modes: [AIMode] = [.on, .off, .on, .on, .selfValue, .on]
        let dayOpts: [Date?] = [nil, day(2020, 1, 1), day(1900, 1, 1), nil, nil, day(2020, 1, 1)]
        return days.indices.map { i in
            var row = sparse
            row.label = "row \(i + 1)"
            row.day = days[i]
            row.token = tokens[i]
            row.blob = blobs[i]
            row.mode = modes[i]
            row.dayOpt = dayOpts[i]
            return row
        }
    }

    @Test(arguments: Backend.allCases) func indexScansOrderAsTheStore(_ backend: Backend) throws {
        try withDatabase(backend) { db in try indexScansOrderAsTheStore(db) }
    }

    func indexScansOrderAsTheStore(_ db: some NamesBackendDatabase) throws {
        for row in Self.orderingRows() { try db.everyTypes.insert(row) }
        func ids<A: ReadAccess>(_ query: Query<EveryType, A>) throws -> [Int64] { try query.fetch(limit: 100).items.map(\.id) }
        // Dates: BC first, ties by id; ranges with a bound at midnight and one inside a day.
        #expect(try ids(db.everyTypes.byDay()) == [4, 2, 5, 6, 1, 3])
        #expect(try ids(db.everyTypes.byDay(order: .reverse)) == [3, 1, 6, 5, 2, 4])
        #expect(try ids(db.everyTypes.byDay(day: Self.day(2024, 5, 1))) == [1, 3])
        #expect(try ids(db.everyTypes.byDay(day: .since(Self.day(1970, 1, 1)))) == [5, 6, 1, 3])
        #expect(try ids(db.everyTypes.byDay(day: .after(Self.day(2024, 4, 30).addingTimeInterval(3_600)))) == [1, 3])
        #expect(try ids(db.everyTypes.byDay(day: .before(Self.day(1970, 1, 1).addingTimeInterval(1)))) == [4, 2, 5])
        // UUIDs by their bytes (0x7F… before 0x80…), bytes lexicographically (shorter prefix first).
        #expect(try ids(db.everyTypes.byToken()) == [2, 6, 4, 1, 5, 3])
        #expect(try ids(db.everyTypes.byToken(token: .after(Self.uuidB))) == [1, 5, 3])
        #expect(try ids(db.everyTypes.byBlob()) == [2, 4, 3, 1, 6, 5])
        #expect(try ids(db.everyTypes.byBlob(blob: .from(Data([0]), through: Data([1])))) == [4, 3, 1])
        // An enum, then a descending date with nulls last.
        #expect(try ids(db.everyTypes.byModeDayOpt(mode: .on)) == [6, 3, 1, 4])
        #expect(try ids(db.everyTypes.byModeDayOpt()) == [2, 6, 3, 1, 4, 5])
    }
}
