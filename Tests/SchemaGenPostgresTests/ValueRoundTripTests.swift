import Foundation
import SchemaGenPostgres
import Testing

/// Every `PostgresValue` case goes to the server as a parameter and comes back as a result
/// field unchanged; the server's own text for it (`::text`) proves it understood the value as
/// meant, so an encoder and decoder that were wrong the same way could not pass.
@Suite("PostgreSQL values round trip")
struct ValueRoundTripTests {
    /// Sends `value`, casts it to `type` on the server, and returns what came back and the server's text.
    private func echo(_ value: PostgresValue, as type: String, on connection: PostgresConnection) async throws -> (PostgresValue, String?) {
        let rows = try await connection.query("SELECT $1::\(type) AS v, ($1::\(type))::text AS t", [value])
        let text: String?
        switch rows[0]["t"] {
        case .text(let string): text = string
        case .null: text = nil
        default: Issue.record("::text did not come back as text"); text = nil
        }
        return (rows[0]["v"]!, text)
    }

    private func expectRoundTrip(
        _ value: PostgresValue, as type: String, serverText: String?, on connection: PostgresConnection,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let (back, text) = try await echo(value, as: type, on: connection)
        #expect(back == value, sourceLocation: sourceLocation)
        #expect(text == serverText, sourceLocation: sourceLocation)
    }

    @Test func booleansAndIntegersKeepTheirExtremes() async throws {
        let connection = try await TestDatabase.fresh().connect()
        try await expectRoundTrip(.bool(true), as: "boolean", serverText: "true", on: connection)
        try await expectRoundTrip(.bool(false), as: "boolean", serverText: "false", on: connection)
        try await expectRoundTrip(.int16(.min), as: "int2", serverText: "-32768", on: connection)
        try await expectRoundTrip(.int16(.max), as: "int2", serverText: "32767", on: connection)
        try await expectRoundTrip(.int32(.min), as: "int4", serverText: "-2147483648", on: connection)
        try await expectRoundTrip(.int64(.min), as: "int8", serverText: "-9223372036854775808", on: connection)
        try await expectRoundTrip(.int64(.max), as: "int8", serverText: "9223372036854775807", on: connection)
        try await expectRoundTrip(.null, as: "int8", serverText: nil, on: connection)
    }

    @Test func doublesKeepEveryBit() async throws {
        let connection = try await TestDatabase.fresh().connect()
        try await expectRoundTrip(.double(0.1), as: "float8", serverText: "0.1", on: connection)
        try await expectRoundTrip(.double(-1.5e300), as: "float8", serverText: "-1.5e+300", on: connection)
        try await expectRoundTrip(.double(.leastNonzeroMagnitude), as: "float8", serverText: "5e-324", on: connection)
        try await expectRoundTrip(.double(.infinity), as: "float8", serverText: "Infinity", on: connection)
        let (nan, text) = try await echo(.double(.nan), as: "float8", on: connection)
        guard case .double(let value) = nan else { Issue.record("NaN came back as \(nan)"); return }
        #expect(value.isNaN)
        #expect(text == "NaN")
    }

    @Test func numericsStayExactWithManyDigitsAndTheirScale() async throws {
        let connection = try await TestDatabase.fresh().connect()
        for text in [
            "-123456789012345678901234567890.123456789012345678901", "0", "0.000", "1.50", "-0.0001",
            "10000", "99999999", "0.00000001", "123.4", "-1", "100000000.00010000", "NaN", "Infinity", "-Infinity",
            // PostgreSQL's largest scale, with many leading zero groups on the way in and out.
            "0." + String(repeating: "0", count: 16_382) + "1", "-7." + String(repeating: "25", count: 8_191) + "1",
            // PostgreSQL's most digits before the point (131,072), trailing zero groups included, and
            // both limits at once.
            "9" + String(repeating: "0", count: 131_071), "-" + String(repeating: "1234", count: 32_768),
            String(repeating: "8", count: 131_072) + "." + String(repeating: "3", count: 16_383),
        ] {
            try await expectRoundTrip(.numeric(PostgresNumeric(text)!), as: "numeric", serverText: text, on: connection)
        }
        // Literals the server wrote come back as the server writes them.
        let rows = try await connection.query("SELECT 12345678901234567890.000001::numeric, (-0.5)::numeric(10,3)")
        #expect(rows[0][0] == .numeric(PostgresNumeric("12345678901234567890.000001")!))
        #expect(rows[0][1] == .numeric(PostgresNumeric("-0.500")!))
        // Decimal in, exact; Decimal out when it fits.
        let decimal = Decimal(string: "-98765432109876543210.0123456789")!
        try await expectRoundTrip(.numeric(PostgresNumeric(decimal)), as: "numeric", serverText: "-98765432109876543210.0123456789", on: connection)
        #expect(PostgresNumeric("-98765432109876543210.0123456789")!.decimal == decimal)
        #expect(PostgresNumeric("1" + String(repeating: "0", count: 40))!.decimal == nil)
        #expect(PostgresNumeric("1e5") == nil)
        #expect(PostgresNumeric(".5") == nil)
    }

    @Test func textKeepsUnicodeQuotesAndBackslashes() async throws {
        let connection = try await TestDatabase.fresh().connect()
        for text in ["", "Grüße, 世界 🎉", "it's \"quoted\"", #"C:\path\n not a newline \\"#, "tab\tnew\nline", "NULL", "{a,b}"] {
            try await expectRoundTrip(.text(text), as: "text", serverText: text, on: connection)
        }
        let error = await #expect(throws: PostgresError.self) {
            try await connection.query("SELECT $1::text", [.text("nul\u{0}inside")])
        }
        #expect(error?.kind == .invalidParameter)
    }

    @Test func uuidsAndBytes() async throws {
        let connection = try await TestDatabase.fresh().connect()
        let uuid = UUID(uuidString: "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0")!
        try await expectRoundTrip(.uuid(uuid), as: "uuid", serverText: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", on: connection)
        let everyByte = Data((0...255).map { UInt8($0) })
        let hex = "\\x" + everyByte.map { String(format: "%02x", $0) }.joined()
        try await expectRoundTrip(.bytea(everyByte), as: "bytea", serverText: hex, on: connection)
        try await expectRoundTrip(.bytea(Data()), as: "bytea", serverText: "\\x", on: connection)
    }

    @Test func datesIncludingBeforeTheEpochsAndBC() async throws {
        let connection = try await TestDatabase.fresh().connect()
        try await connection.runScript("SET DateStyle = 'ISO, MDY'")
        let cases: [(Int, Int, Int, String)] = [
            (2000, 1, 1, "2000-01-01"), (1969, 12, 31, "1969-12-31"), (2024, 2, 29, "2024-02-29"),
            (1, 1, 1, "0001-01-01"), (0, 12, 31, "0001-12-31 BC"), (9999, 12, 31, "9999-12-31"),
        ]
        for (year, month, day, text) in cases {
            let date = PostgresDate(year: year, month: month, day: day)!
            try await expectRoundTrip(.date(date), as: "date", serverText: text, on: connection)
            #expect(date.components == (year, month, day))
        }
        #expect(PostgresDate(year: 2023, month: 2, day: 29) == nil)
        #expect(PostgresDate(year: 1969, month: 12, day: 31)!.description == "1969-12-31")
    }

    @Test func timestampsAreMicrosecondExactBeforeAndAfter1970() async throws {
        let connection = try await TestDatabase.fresh().connect()
        try await connection.runScript("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, MDY'")
        let cases: [(PostgresTimestamp, String)] = [
            (utc(1969, 12, 31, 23, 59, 59, microsecond: 999_999), "1969-12-31 23:59:59.999999"),
            (utc(1900, 1, 1, 0, 0, 0, microsecond: 1), "1900-01-01 00:00:00.000001"),
            (utc(2000, 1, 1, 0, 0, 0, microsecond: 0), "2000-01-01 00:00:00"),
            (utc(2026, 12, 3, 8, 30, 15, microsecond: 123_456), "2026-12-03 08:30:15.123456"),
            (utc(1999, 12, 31, 23, 59, 59, microsecond: 500_000), "1999-12-31 23:59:59.5"),
        ]
        for (date, text) in cases {
            try await expectRoundTrip(.timestamptz(date), as: "timestamptz", serverText: text + "+00", on: connection)
            try await expectRoundTrip(.timestamp(date), as: "timestamp", serverText: text, on: connection)
        }
        // Literals parsed by the server decode to the same instants.
        let rows = try await connection.query(
            "SELECT '1969-12-31 23:59:59.999999+00'::timestamptz, '1969-12-31 23:59:59.999999'::timestamp, 'infinity'::timestamptz")
        #expect(rows[0][0] == .timestamptz(cases[0].0))
        #expect(rows[0][1] == .timestamp(cases[0].0))
        #expect(rows[0][2] == .timestamptz(.infinity))
        #expect(PostgresTimestamp.infinity.date == .distantFuture)
        #expect(try PostgresTimestamp(Date.distantPast) == .negativeInfinity)
    }

    /// Far from 2001 a `Date` is not microsecond exact; the binary microseconds are, up to the
    /// server's own limits, which a literal and a parameter reach alike.
    @Test func timestampsAreMicrosecondExactOverTheServersWholeRange() async throws {
        let connection = try await TestDatabase.fresh().connect()
        try await connection.runScript("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, MDY'")
        let cases: [(PostgresTimestamp, String)] = [
            (utc(1, 1, 1, 0, 0, 0, microsecond: 1), "0001-01-01 00:00:00.000001"),
            (utc(9999, 12, 31, 23, 59, 59, microsecond: 999_999), "9999-12-31 23:59:59.999999"),
            (PostgresTimestamp.earliestFinite, "4714-11-24 00:00:00 BC"),
            (PostgresTimestamp.latestFinite, "294276-12-31 23:59:59.999999"),
        ]
        for (instant, text) in cases {
            try await expectRoundTrip(.timestamptz(instant), as: "timestamptz", serverText: text.replacingOccurrences(of: " BC", with: "+00 BC")
                                      + (text.hasSuffix(" BC") ? "" : "+00"), on: connection)
            try await expectRoundTrip(.timestamp(instant), as: "timestamp", serverText: text, on: connection)
        }
        let rows = try await connection.query("SELECT '9999-12-31 23:59:59.999999+00'::timestamptz, '-infinity'::timestamp")
        #expect(rows[0][0] == .timestamptz(cases[1].0))
        #expect(rows[0][1] == .timestamp(.negativeInfinity))
        #expect(PostgresTimestamp(microsecondsSince1970: cases[1].0.microsecondsSince2000 + PostgresTimestamp.microsecondsFrom1970To2000)
            == cases[1].0)
        #expect(PostgresTimestamp(microsecondsSince1970: .min) == nil)
        #expect(PostgresTimestamp.latestFinite.microsecondsSince1970 == nil)
    }

    @Test func sessionTimeZoneDoesNotChangeTimestamptz() async throws {
        let connection = try await TestDatabase.fresh().connect()
        let instant = utc(1965, 6, 30, 12, 0, 0, microsecond: 250_001)
        try await connection.runScript("SET TIME ZONE 'Asia/Kathmandu'; SET DateStyle = 'ISO, MDY'")
        try await expectRoundTrip(.timestamptz(instant), as: "timestamptz", serverText: "1965-06-30 17:30:00.250001+05:30", on: connection)
        let stored = try await connection.query("SELECT '1965-06-30 12:00:00.250001+00'::timestamptz")
        #expect(stored[0][0] == .timestamptz(instant))
        try await connection.runScript("SET TIME ZONE 'America/St_Johns'")  // daylight time in June: -02:30
        try await expectRoundTrip(.timestamptz(instant), as: "timestamptz", serverText: "1965-06-30 09:30:00.250001-02:30", on: connection)
    }

    @Test func jsonKeepsItsTextAndJsonbIsNormalised() async throws {
        let connection = try await TestDatabase.fresh().connect()
        let document = #"{"b": 1,  "a": ["x\"y", "Grüße \\ 🎉", null]}"#
        try await expectRoundTrip(.json(document), as: "json", serverText: document, on: connection)
        let (back, text) = try await echo(.jsonb(document), as: "jsonb", on: connection)
        let normalised = #"{"a": ["x\"y", "Grüße \\ 🎉", null], "b": 1}"#
        #expect(back == .jsonb(normalised))
        #expect(text == normalised)
        let invalid = await #expect(throws: PostgresError.self) {
            try await connection.query("SELECT $1::jsonb", [.jsonb("{not json")])
        }
        #expect(invalid?.kind == .other(sqlstate: "22P02"))
    }

    @Test func enumsByName() async throws {
        let database = try TestDatabase.fresh()
        try database.run(#"CREATE TYPE "Mood" AS ENUM ('happy', 'it''s "fine"', 'grumpy');"#)
        let connection = try await database.connect()
        try await expectRoundTrip(.enumeration(#"it's "fine""#, type: "Mood"), as: #""Mood""#, serverText: #"it's "fine""#, on: connection)
        try await expectRoundTrip(
            .array([.enumeration("grumpy", type: "Mood"), .null, .enumeration("happy", type: "Mood")], element: .enumeration(type: "Mood")),
            as: #""Mood"[]"#, serverText: "{grumpy,NULL,happy}", on: connection)
        let invalid = await #expect(throws: PostgresError.self) {
            try await connection.query(#"SELECT $1::"Mood""#, [.enumeration("sad", type: "Mood")])
        }
        #expect(invalid?.kind == .other(sqlstate: "22P02"))
        let unknown = await #expect(throws: PostgresError.self) {
            try await connection.query("SELECT $1", [.enumeration("x", type: "no_such_enum")])
        }
        #expect(unknown?.kind == .invalidParameter)
    }

    @Test func arraysWithNullsQuotesAndNoElements() async throws {
        let connection = try await TestDatabase.fresh().connect()
        try await connection.runScript("SET TIME ZONE 'UTC'")
        let texts: PostgresValue = .array(
            [.text("plain"), .null, .text("NULL"), .text(""), .text("a,b"), .text("{braces}"), .text(#"q"uote"#), .text(#"back\slash"#), .text("日本")],
            element: .text)
        try await expectRoundTrip(
            texts, as: "text[]",
            serverText: #"{plain,NULL,"NULL","","a,b","{braces}","q\"uote","back\\slash",日本}"#, on: connection)
        // The server sees a NULL element and a string "NULL" as different things.
        let probe = try await connection.query("SELECT ($1::text[])[2] IS NULL, ($1::text[])[3], cardinality($1::text[])", [texts])
        #expect(probe[0].values == [.bool(true), .text("NULL"), .int32(9)])

        try await expectRoundTrip(.array([], element: .text), as: "text[]", serverText: "{}", on: connection)
        try await expectRoundTrip(.array([], element: .int64), as: "int8[]", serverText: "{}", on: connection)
        try await expectRoundTrip(.array([.int64(.min), .null, .int64(42)], element: .int64), as: "int8[]",
                                  serverText: "{-9223372036854775808,NULL,42}", on: connection)
        try await expectRoundTrip(.array([.int32(1), .int32(-2)], element: .int32), as: "int4[]", serverText: "{1,-2}", on: connection)
        try await expectRoundTrip(.array([.bool(true), .bool(false)], element: .bool), as: "boolean[]", serverText: "{t,f}", on: connection)
        try await expectRoundTrip(.array([.numeric(PostgresNumeric("-1.500")!), .numeric(PostgresNumeric("0")!)], element: .numeric),
                                  as: "numeric[]", serverText: "{-1.500,0}", on: connection)
        let uuid = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
        try await expectRoundTrip(.array([.uuid(uuid)], element: .uuid), as: "uuid[]",
                                  serverText: "{00000000-0000-0000-0000-000000000001}", on: connection)
        try await expectRoundTrip(.array([.bytea(Data([0, 92, 34]))], element: .bytea), as: "bytea[]",
                                  serverText: #"{"\\x005c22"}"#, on: connection)
        try await expectRoundTrip(.array([.timestamptz(utc(1969, 7, 20, 20, 17, 40, microsecond: 5))], element: .timestamptz),
                                  as: "timestamptz[]", serverText: #"{"1969-07-20 20:17:40.000005+00"}"#, on: connection)
        try await expectRoundTrip(.array([.date(PostgresDate(year: 1999, month: 12, day: 31)!)], element: .date),
                                  as: "date[]", serverText: "{1999-12-31}", on: connection)
        try await expectRoundTrip(.array([.jsonb(#"{"a": 1}"#)], element: .jsonb), as: "jsonb[]",
                                  serverText: #"{"{\"a\": 1}"}"#, on: connection)

        let mixed = await #expect(throws: PostgresError.self) {
            try await connection.query("SELECT $1::int8[]", [.array([.int64(1), .text("2")], element: .int64)])
        }
        #expect(mixed?.kind == .invalidParameter)
    }

    @Test func domainsVoidAndUnsupportedTypes() async throws {
        let database = try TestDatabase.fresh()
        try database.run("CREATE DOMAIN positive AS integer CHECK (VALUE > 0); CREATE TABLE d (n positive, ns positive[]);")
        let connection = try await database.connect()
        try await connection.execute("INSERT INTO d VALUES ($1, $2)", [.int32(5), .array([.int32(6)], element: .int32)])
        #expect(try await connection.query("SELECT n, ns FROM d")[0].values == [.int32(5), .array([.int32(6)], element: .int32)])
        let refused = await #expect(throws: PostgresError.self) {
            try await connection.execute("INSERT INTO d VALUES ($1)", [.int32(0)])
        }
        #expect(refused?.kind == .checkViolation(constraint: "positive_check"))
        #expect(try await connection.query("SELECT pg_sleep(0)")[0][0] == .null)  // void reads as NULL
        let interval = await #expect(throws: PostgresError.self) {
            try await connection.query("SELECT '1 day'::interval")
        }
        #expect(interval?.kind == .decodingFailed)
        #expect(interval?.message.contains("interval") == true)
    }

    @Test func everyTypeStoresInATableColumnAndReadsBack() async throws {
        let database = try TestDatabase.fresh()
        try database.run("""
            CREATE TYPE color AS ENUM ('red', 'green');
            CREATE TABLE every_type (
              id bigint PRIMARY KEY, flag boolean, small smallint, medium integer, ratio double precision,
              amount numeric(30, 10), label text, short varchar(10), token uuid, blob bytea, day date,
              local_time timestamp, instant timestamptz, doc json, docb jsonb, tint color,
              tags text[], counts bigint[], tints color[]);
            """)
        let connection = try await database.connect()
        let instant = utc(1950, 1, 2, 3, 4, 5, microsecond: 678_901)
        let row: [PostgresValue] = [
            .int64(1), .bool(true), .int16(-7), .int32(70_000), .double(-2.25),
            .numeric(PostgresNumeric("-12345678901234567890.1234567890")!), .text("O'Brien \\ \"x\""), .text("short"),
            .uuid(UUID()), .bytea(Data([0, 1, 255])), .date(PostgresDate(year: 1960, month: 2, day: 29)!),
            .timestamp(instant), .timestamptz(instant), .json(#"{"z":1,"a":2}"#), .jsonb(#"{"a": 2, "z": 1}"#),
            .enumeration("green", type: "color"),
            .array([.text("x"), .null, .text("")], element: .text), .array([], element: .int64),
            .array([.enumeration("red", type: "color")], element: .enumeration(type: "color")),
        ]
        let placeholders = (1...row.count).map { "$\($0)" }.joined(separator: ", ")
        #expect(try await connection.execute("INSERT INTO every_type VALUES (\(placeholders))", row) == 1)
        let nulls = [PostgresValue.int64(2)] + Array(repeating: .null, count: row.count - 1)
        #expect(try await connection.execute("INSERT INTO every_type VALUES (\(placeholders))", nulls) == 1)

        let stored = try await connection.query("SELECT * FROM every_type ORDER BY id")
        #expect(stored.map(\.values) == [row, nulls])
        #expect(stored.columns.map(\.name).first == "id")
        // psql, outside this library, sees the same values.
        #expect(try database.psqlQuery("SELECT amount, label, day, tint, tags FROM every_type WHERE id = 1")
            == [["-12345678901234567890.1234567890", "O'Brien \\ \"x\"", "1960-02-29", "green", "{x,NULL,\"\"}"]])
    }

    private func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, microsecond: Int) -> PostgresTimestamp {
        // Days counted by PostgresDate (proleptic Gregorian, as the server counts; Foundation's
        // calendar turns Julian before 1582), then whole microseconds: no Double in between.
        let days = Int64(PostgresDate(year: year, month: month, day: day)!.daysSince2000)
        let seconds = ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60 + Int64(second)
        return PostgresTimestamp(microsecondsSince2000: seconds * 1_000_000 + Int64(microsecond))
    }
}
