import DiscordBotData
import Foundation
import GryagBotData
import MozaiksCoreData
@testable import SchemaGenRuntime
import SetaiBotData
import SyncaraBotData
import Testing
import SeededRandomness

/// Every relational entity of every seed: random rows (NULLs, ties, unicode strings, empty
/// tables) and random queries — filters, `isIn`/`||` probes, owner scopes, ordered pages resumed
/// by tokens, `first()`, aggregates, groups by one or two fields or a day/hour — run through the
/// query API and compared with sqlite3 running the equivalent SQL on the same rows.
/// Each table gets `datasets` random datasets of `queriesPerDataset` queries: 1,000 queries per
/// entity in CI, 5,000 with `SCHEMAGEN_HEAVY=1`. One sqlite3 process answers all of a dataset's
/// queries in one script, and one store per round holds every table's dataset, so the cost is
/// the queries themselves. `SCHEMAGEN_DIFF_PROFILE=1` prints where the time went.
@Suite struct EntityDifferentialTests {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var heavy: Bool { environment["SCHEMAGEN_HEAVY"] == "1" }
    static var datasets: Int { heavy ? 10 : 5 }
    static var queriesPerDataset: Int { heavy ? 500 : 200 }

    @Test func discordBot() throws {
        try run(DiscordBotDatabase.storeSchema, [
            DiscordBotData.User.self, GuildMember.self, GuildMembersArchive.self, GuildConfig.self, DiscordBotData.Warning.self, ModAction.self, TempPunishment.self,
            Transaction.self, TransactionsArchive.self, TransactionDailyStat.self, CustomCommand.self, Reminder.self, CommandStat.self, SchemaVersion.self,
        ])
    }

    @Test func gryagBot() throws {
        try run(GryagBotDatabase.storeSchema, [
            AccessList.self, Chat.self, Summary.self, Message.self, GryagBotData.User.self, RateLimit.self, UserMemory.self, UserRestriction.self,
        ])
    }

    @Test func mozaiksCore() throws {
        try run(MozaiksCoreDatabase.storeSchema, [MozaiksCoreData.User.self, Setting.self, NotificationRecord.self, TaskManagerTask.self])
    }

    @Test func setaiBot() throws {
        try run(SetaiBotDatabase.storeSchema, [
            SetaiBotData.User.self, Server.self, UserServer.self, ServerConfiguration.self, Template.self, CommandHistory.self,
            TemplateUsage.self, AuditLog.self, Channel.self, Role.self, SchemaMigration.self,
        ])
    }

    @Test func syncaraBot() throws {
        try run(SyncaraBotDatabase.storeSchema, [
            SyncaraBotData.User.self, GroupRecord.self, CanvasFile.self, ImageGeneration.self, UserWarning.self, BanRecord.self, MuteRecord.self,
            UserPermission.self, WorkflowDefinition.self, WorkflowExecution.self, Todo.self, SystemLog.self, ErrorLog.self, PerformanceMetric.self,
            AILearning.self, AssistantMemory.self, ConversationHistory.self, PyrogramCache.self, PyrogramSession.self, AutonomousTask.self,
            UserPattern.self, ScheduledAction.self,
        ])
    }

    /// Runs every table of `schema` that `records` names, on a store holding the seed's tables
    /// with foreign keys dropped and unique indexes made plain (random rows repeat values).
    func run(_ schema: StoreSchema, _ records: [any StoredRecord.Type]) throws {
        let tables = schema.tables.map { table -> TableDefinition in
            var table = table
            table.foreignKeys = []
            table.autoIncrement = false
            table.indexes = table.indexes.map { index in
                var index = index
                index.isUnique = false
                return index
            }
            return table
        }
        // Every table of the seed, once: a table left out of the list would go untested. (Multikey
        // side tables are the store's own, tested through their record's queries.)
        let sideTables = records.flatMap { $0.multikeyIndexTables }
        #expect((records.map { $0.tableName } + sideTables).sorted() == tables.map(\.name).sorted())
        var total = TableRun.Counts()
        var perTable: [String: Int] = [:]
        for round in 0..<Self.datasets {
            let directory = TemporaryDirectory()
            let store = try Store.open(at: directory.path, schema: StoreSchema(tables: tables), options: testOptions(TestClock()))
            for (n, record) in records.enumerated() {
                let table = tables.first { $0.name == record.tableName }!
                var random = SeededRandom(seed: UInt64(round * 1000 + n) &* 7919 &+ UInt64(table.name.utf8.count))
                let counts = try TableRun(record: record, table: table, store: store).run(&random, queries: Self.queriesPerDataset)
                total.add(counts)
                perTable[table.name, default: 0] += counts.checks
            }
        }
        // Every entity got its thousands of checks, each answered by sqlite3.
        #expect(perTable.values.allSatisfy { $0 == Self.datasets * Self.queriesPerDataset } && perTable.count == records.count, "\(perTable)")
        // Agreement on filters that select nothing proves little: many checks must select rows.
        #expect(total.answered * 3 > total.checks, "only \(total.answered) of \(total.checks) checks selected rows")
        if Self.environment["SCHEMAGEN_DIFF_PROFILE"] == "1" {
            print("\(records.count) tables, \(total.checks) checks (\(total.answered) selecting rows): \(total.timing)")
        }
    }
}

/// One table's random dataset and queries.
struct TableRun {
    let record: any StoredRecord.Type
    let table: TableDefinition
    let store: Store

    /// The columns queries read: every column of a type filters compare (not bytes, json,
    /// documents or arrays).
    var queryable: [Int] { table.columns.indices.filter { table.columns[$0].type != .bytes } }
    var primaryKey: [Int] { table.primaryKey.map { name in table.columns.firstIndex { $0.name == name }! } }
    /// The columns of the SQL table: all of them (bytes, object ids, JSON and documents as blobs,
    /// arrays as JSON text so `json_each` can look into them).
    var stored: [Int] { Array(table.columns.indices) }

    /// The columns filtered through the typed fields beyond scalars: decimals (exact comparisons),
    /// bytes and object ids (as `Data`), arrays and documents.
    var extended: [(position: Int, kind: ExtendedKind)] {
        table.columns.indices.compactMap { position -> (Int, ExtendedKind)? in
            switch table.columns[position].shape {
            case .decimal(_, let scale)?: return (position, .decimal(scale: scale))
            case .objectID?, .bytes?: return (position, .bytes)
            case .array(let element, _)?: return (position, .array(elements: Self.elementPool(element)))
            case .json?, .document?: return (position, .document)
            default: return nil
            }
        }
    }

    enum ExtendedKind {
        case decimal(scale: Int)
        case bytes
        /// The values an element may take when the elements are strings or enum cases (nil otherwise).
        case array(elements: [String]?)
        case document
    }

    /// The values random string or enum elements of an array are drawn from.
    static func elementPool(_ element: ValueShape) -> [String]? {
        switch element {
        case .string: return Array(strings.prefix(8))
        case .enumeration(_, let cases): return cases
        default: return nil
        }
    }

    /// Stored (scaled) decimals: ties, neighbours and signs.
    static let scaledDecimals: [Int64] = [-1000, -455, -1, 0, 1, 455, 456, 999]
    static let objectIDs: [[UInt8]] = [[UInt8](repeating: 7, count: 10) + [0, 1], [UInt8](repeating: 7, count: 10) + [0, 2], [UInt8](repeating: 1, count: 12)]

    /// How many checks ran, how many of their filters selected at least one stored row, and
    /// where the time went (measured for `SCHEMAGEN_DIFF_PROFILE`, never asserted).
    struct Counts {
        var checks = 0
        var answered = 0
        /// Inserting the rows in the store and writing them as SQL.
        var dataset = Duration.zero
        /// Running the queries on the store and writing their SQL.
        var store = Duration.zero
        /// The sqlite3 process answering the script, and comparing.
        var sqlite = Duration.zero

        mutating func add(_ other: Counts) {
            (checks, answered) = (checks + other.checks, answered + other.answered)
            (dataset, store, sqlite) = (dataset + other.dataset, store + other.store, sqlite + other.sqlite)
        }

        var timing: String {
            func seconds(_ d: Duration) -> String { String(format: "%.2f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
            return "datasets \(seconds(dataset)), store queries \(seconds(store)), sqlite3 \(seconds(sqlite))"
        }
    }

    /// Runs `queries` random checks on one random dataset, all answered by one sqlite3 process.
    func run(_ random: inout SeededRandom, queries: Int) throws -> Counts {
        let clock = ContinuousClock()
        var counts = Counts()
        var start = clock.now
        let rows = try insertRows(&random)
        var script = "CREATE TABLE t (" + stored.map { "\"\(table.columns[$0].name)\"" }.joined(separator: ", ") + ");\n"
        for row in rows { script += "INSERT INTO t VALUES (" + (try stored.map { try sqlValue(row[$0], column: $0) }).joined(separator: ", ") + ");\n" }
        counts.dataset = clock.now - start
        start = clock.now
        var checks: [QueryDifferentialTests.Check] = []
        for _ in 0..<queries {
            var matching = 0
            checks.append(try check(record, &random, rows: rows, matching: &matching))
            if matching > 0 { counts.answered += 1 }
        }
        counts.store = clock.now - start
        start = clock.now
        try QueryDifferentialTests.Check.expectSQLiteAgrees(with: checks, after: script, context: table.name)
        counts.sqlite = clock.now - start
        counts.checks = checks.count
        return counts
    }

    // MARK: - Rows

    static let strings = ["", "a", "ab", "b", "B", "é", "éa", "e\u{301}", "日本", "日", "😀x", "z", "Ab", "a'b"]
    static let base: Int64 = 1_750_000_000_000_000
    static let uuids = (1...3).map { UUID(uuid: (UInt8($0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, UInt8($0))) }

    /// A random value of `column`; small pools so values tie and groups repeat.
    func value(_ column: ColumnDefinition, _ random: inout SeededRandom, allowNull: Bool = true) throws -> StoreValue {
        if allowNull, column.isNullable, random.chance(20) { return .null }
        switch column.shape {
        case .enumeration(_, let cases)?: return .string(random.pick(cases))
        case .decimal?: return .int(random.pick(Self.scaledDecimals))
        case .objectID?: return .bytes(random.pick(Self.objectIDs))
        case .array(let element, let maxCount)?:
            guard let pool = Self.elementPool(element) else { break }
            let count = Swift.min(random.int(0...3), maxCount ?? 3)
            let elements: [ShapedValue] = (0..<count).map { _ in
                if case .enumeration = element { return .enumCase(random.pick(pool)) }
                return .string(random.pick(pool))
            }
            return try DocumentCodec.encodeColumn(.array(elements), shape: column.shape!)
        default: break
        }
        switch column.shape {
        case .document?, .array?, .json?, .decimal?, .objectID?, .bytes?:
            return try DocumentCodec.encodeColumn(Self.minimal(column.shape!), shape: column.shape!)
        case .date?: return .timestamp(Self.base / 86_400_000_000 * 86_400_000_000 + Int64(random.int(-2...3)) * 86_400_000_000)
        default: break
        }
        switch column.type {
        case .int: return .int(Int64(random.int(-2...5)))
        case .double: return .double(random.pick([-1.5, 0, 0.25, 2, 2.5, 1e10]))
        case .string: return .string(random.pick(Self.strings))
        case .bool: return .bool(random.chance(50))
        case .timestamp: return .timestamp(Self.base + Int64(random.int(-3...40)) * 1_800_000_000)
        case .uuid: return .uuid(random.pick(Self.uuids))
        case .bytes: return .bytes([])
        }
    }

    /// The smallest valid value of a shape (absent optional fields, empty arrays).
    static func minimal(_ shape: ValueShape) -> ShapedValue {
        switch shape {
        case .integer: return .integer(0)
        case .double: return .double(0)
        case .decimal: return .decimal(0)
        case .bool: return .bool(false)
        case .string: return .string("")
        case .timestamp, .date: return .instant(0)
        case .uuid: return .uuid(uuids[0])
        case .bytes: return .bytes([])
        case .json: return .json(.null)
        case .objectID: return .objectID([UInt8](repeating: 1, count: 12))
        case .enumeration(_, let cases): return .enumCase(cases[0])
        case .document(_, let fields): return .document(fields.map { $0.isOptional ? nil : minimal($0.shape) })
        case .array: return .array([])
        }
    }

    func insertRows(_ random: inout SeededRandom) throws -> [Row] {
        let count = random.chance(8) ? 0 : random.int(1...60)
        var rows: [Row] = []
        var keys = Set<[StoreValue]>()
        let pk = primaryKey
        for n in 0..<count {
            var row = try table.columns.map { try value($0, &random) }
            for (i, position) in pk.enumerated() {
                let column = table.columns[position]
                row[position] = try value(column, &random, allowNull: false)
                // The last key column makes the key unique.
                if i == pk.count - 1, column.shape.map({ if case .enumeration = $0 { true } else { false } }) != true {
                    switch column.type {
                    case .int: row[position] = .int(Int64(n))
                    case .string: row[position] = .string(Self.strings[n % Self.strings.count] + "\(n)")
                    case .uuid: row[position] = .uuid(UUID(uuid: (UInt8(n % 256), UInt8(n / 256), 9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
                    case .timestamp: row[position] = .timestamp(Self.base + Int64(n) * 1_800_000_000)
                    case .bytes: row[position] = .bytes([UInt8](repeating: 7, count: 10) + [UInt8(n / 256), UInt8(n % 256)])
                    default: break
                    }
                }
            }
            guard keys.insert(pk.map { row[$0] }).inserted else { continue }
            rows.append(row)
        }
        try store.write { tx in
            for row in rows { try tx.insert(row, into: table.name) }
            // Multikey side tables, as the repositories keep them (planned `contains` reads them).
            try Self.indexElements(record, rows: rows, in: tx)
        }
        // Rows stay decodable as records (pages and `first()` decode them).
        for row in rows { _ = try record.init(row: row) }
        return rows
    }

    static func indexElements<R: StoredRecord>(_ record: R.Type, rows: [Row], in tx: any TableWriter) throws {
        for row in rows { try RecordOperations<R>.updateMultikeyEntries(of: R(row: row), in: tx) }
    }

    // MARK: - SQL text

    static func sql(_ value: StoreValue) -> String {
        switch value {
        case .null: return "NULL"
        case .int(let v), .timestamp(let v): return "\(v)"
        case .double(let v): return "\(v)"
        case .bool(let v): return v ? "1" : "0"
        case .string(let v): return SQLiteShell.literal(v)
        case .uuid(let v): return SQLiteShell.literal(v.uuidString)
        case .bytes(let v): return "X'" + hex(v) + "'"
        }
    }

    /// A value as sqlite3 prints it.
    static func text(_ value: StoreValue) -> String {
        switch value {
        case .null: return "NULL"
        case .int(let v), .timestamp(let v): return "\(v)"
        case .double(let v): return "\(v)"
        case .bool(let v): return v ? "1" : "0"
        case .string(let v): return v
        case .uuid(let v): return v.uuidString
        case .bytes(let v): return hex(v)
        }
    }

    /// A stored value as the SQL table holds it: arrays as JSON text (string and enum elements
    /// as JSON strings, other elements as `0`s, so the count is kept), everything else as ``sql(_:)``.
    func sqlValue(_ value: StoreValue, column position: Int) throws -> String {
        guard case .array(let element, _)? = table.columns[position].shape, !value.isNull else { return Self.sql(value) }
        guard case .array(let elements) = try DocumentCodec.decodeColumn(value, shape: table.columns[position].shape!) else {
            throw SQLiteShell.Failure(description: "\(table.columns[position].name) does not decode as an array")
        }
        let texts: [String] = elements.map { element in
            switch element {
            case .string(let text), .enumCase(let text): return text
            default: return ""
            }
        }
        let json = Self.elementPool(element) == nil ? "[" + texts.map { _ in "0" }.joined(separator: ",") + "]"
            : String(decoding: try JSONEncoder().encode(texts), as: UTF8.self)
        return SQLiteShell.literal(json)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02X", $0) }.joined() }

    /// A column as the SQL selects it (blobs as hex, as ``text(_:)`` prints them).
    func selected(_ position: Int) -> String { table.columns[position].type == .bytes ? "hex(\(name(position)))" : name(position) }

    func name(_ position: Int) -> String { "\"\(table.columns[position].name)\"" }

    // MARK: - Conditions

    func condition(_ random: inout SeededRandom, depth: Int = 0) throws -> (filter: AnyFilter, sql: String) {
        if !extended.isEmpty, random.chance(25) { return try extendedCondition(&random) }
        let position = random.pick(queryable)
        let column = table.columns[position]
        let q = QueryColumn(position, column.name)
        let c = name(position)
        switch random.int(0...(depth > 2 ? 4 : 8)) {
        case 0, 1:
            let ops: [ComparisonOperator] = column.type == .bool ? [.equal, .notEqual] : [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]
            let op = random.pick(ops)
            let v = try value(column, &random, allowNull: false)
            return (.compare(q, op, v), "\(c) \(op.sqlSymbol) \(Self.sql(v))")
        case 2:
            let values = try (0..<random.int(1...4)).map { _ in try value(column, &random, allowNull: false) }
            return (.oneOf(q, values), "\(c) IN (\(values.map(Self.sql).joined(separator: ", ")))")
        case 3:
            return random.chance(50) ? (.null(q), "\(c) IS NULL") : (.not(.null(q)), "(NOT \(c) IS NULL)")
        case 4:
            guard column.type == .string else { return try condition(&random, depth: depth + 1) }
            let prefix = String(random.pick(Self.strings).prefix(1))
            return (.prefix(q, prefix), "substr(\(c), 1, length(\(SQLiteShell.literal(prefix)))) = \(SQLiteShell.literal(prefix))")
        case 5, 6:
            let (a, b) = (try condition(&random, depth: depth + 1), try condition(&random, depth: depth + 1))
            return (.and(a.filter, b.filter), "(\(a.sql) AND \(b.sql))")
        case 7:
            // Often an `||` of equalities on one column, which the planner probes value by value.
            if random.chance(50) {
                let (x, y) = (try value(column, &random, allowNull: false), try value(column, &random, allowNull: false))
                return (.or(.compare(q, .equal, x), .compare(q, .equal, y)), "(\(c) = \(Self.sql(x)) OR \(c) = \(Self.sql(y)))")
            }
            let (a, b) = (try condition(&random, depth: depth + 1), try condition(&random, depth: depth + 1))
            return (.or(a.filter, b.filter), "(\(a.sql) OR \(b.sql))")
        default:
            let a = try condition(&random, depth: depth + 1)
            return (.not(a.filter), "(NOT \(a.sql))")
        }
    }

    /// A condition through a decimal, bytes, array or document field's typed API, with the SQL
    /// that says the same: decimals compared exactly with SQLite's decimal extension
    /// (`decimal_cmp` on the stored integer times 10^-scale), blobs by their bytes, arrays with
    /// `json_each` (null arrays unknown, as SQL's `= ANY`).
    func extendedCondition(_ random: inout SeededRandom) throws -> (filter: AnyFilter, sql: String) {
        // Decimals are few among the seeds' columns (two), so they are drawn half the time.
        let decimals = extended.filter { if case .decimal = $0.kind { true } else { false } }
        let (position, kind) = !decimals.isEmpty && random.chance(50) ? random.pick(decimals) : random.pick(extended)
        let q = QueryColumn(position, table.columns[position].name)
        let c = name(position)
        if random.chance(15) { return random.chance(50) ? (.typedNull(q, kind), "\(c) IS NULL") : (.not(.typedNull(q, kind)), "(NOT \(c) IS NULL)") }
        switch kind {
        case .decimal(let scale):
            let unit = scale == 0 ? "1" : "0." + String(repeating: "0", count: scale - 1) + "1"
            let exact = "decimal_mul(\(c), '\(unit)')"
            func operand() -> Decimal {
                if random.chance(10) { return random.pick([Decimal(string: "1e30")!, Decimal(string: "-1e30")!, Decimal(string: "0.00001")!]) }
                // A stored value or one between two: one more fraction digit than the column keeps.
                let tenths = random.pick(Self.scaledDecimals) * 10 + Int64(random.pick([-5, 0, 0, 3, 5]))
                return Decimal(tenths) / pow(Decimal(10), scale + 1)
            }
            if random.chance(25) {
                let values = (0..<random.int(1...3)).map { _ in operand() }
                let sql = values.map { "decimal_cmp(\(exact), '\($0)') = 0" }.joined(separator: " OR ")
                return (.decimalIn(q, scale, values), "(\(sql))")
            }
            let op = random.pick([ComparisonOperator.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual])
            let value = operand()
            return (.decimalCompare(q, scale, op, value), "decimal_cmp(\(exact), '\(value)') \(op.sqlSymbol) 0")
        case .bytes:
            func operand() -> [UInt8] {
                let id = random.pick(Self.objectIDs)
                return random.chance(70) ? id : Array(id.prefix(random.int(0...11)))
            }
            switch random.int(0...3) {
            case 0:
                let prefix = operand()
                let literal = "X'\(Self.hex(prefix))'"
                return (.bytesPrefix(q, Data(prefix)), "substr(\(c), 1, length(\(literal))) = \(literal)")
            case 1:
                let values = (0..<random.int(1...3)).map { _ in operand() }
                return (.bytesIn(q, values.map { Data($0) }), "\(c) IN (\(values.map { "X'\(Self.hex($0))'" }.joined(separator: ", ")))")
            default:
                let op = random.pick([ComparisonOperator.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual])
                let value = operand()
                return (.bytesCompare(q, op, Data(value)), "\(c) \(op.sqlSymbol) X'\(Self.hex(value))'")
            }
        case .array(let pool):
            guard let pool, random.chance(60) else { return (.arrayEmpty(q), "json_array_length(\(c)) = 0") }
            let element = random.pick(pool + ["absent"])
            return (.arrayContains(q, element),
                    "(CASE WHEN \(c) IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM json_each(\(c)) AS e WHERE e.value = \(SQLiteShell.literal(element))) END)")
        case .document:
            return random.chance(50) ? (.typedNull(q, kind), "\(c) IS NULL") : (.not(.typedNull(q, kind)), "(NOT \(c) IS NULL)")
        }
    }

    // MARK: - Queries

    /// One random check; `matching` is set to how many stored rows its filter and scope select.
    private func check<R: StoredRecord>(_ record: R.Type, _ random: inout SeededRandom, rows: [Row],
                                        matching: inout Int) throws -> QueryDifferentialTests.Check {
        var (condition, whereSQL) = random.chance(10) ? (AnyFilter.all, "1") : try self.condition(&random)
        // An owner scope or partition: an equality every query and aggregate must keep.
        var scope: Scope?
        if random.chance(30) {
            let position = random.pick(queryable)
            let v = try value(table.columns[position], &random, allowNull: false)
            scope = Scope(positions: [position], values: [v])
            whereSQL = "(\(whereSQL)) AND \(name(position)) = \(Self.sql(v))"
        }
        // A filter on the whole primary key or a leading column in `isIn`, so probes run often.
        if random.chance(25) {
            let position = primaryKey[0]
            // Keys of stored rows, and values no row has.
            let values = try (0..<random.int(2...4)).map { _ in
                try rows.isEmpty || random.chance(30) ? value(table.columns[position], &random, allowNull: false) : random.pick(rows)[position]
            }
            condition = .and(condition, .oneOf(QueryColumn(position, table.columns[position].name), values))
            whereSQL = "(\(whereSQL)) AND \(name(position)) IN (\(values.map(Self.sql).joined(separator: ", ")))"
        }
        let filter = condition.typed(R.self)
        let access = StoreAccess(store: store)
        let reverse = random.chance(40)
        let query = Query<R, StoreAccess>(access: access, planning: filter, order: reverse ? .reverse : .indexOrder, scope: scope)
        matching = try query.count()
        // Worded only when a check fails (see `Check.describe`).
        let description = { "\(filter.text)\(scope.map { " scope \($0.positions) = \($0.values)" } ?? "")" }
        let key = primaryKey
        switch random.int(0...5) {
        case 0:
            // Sorted by key values as SQL's ORDER BY sorts them, then printed.
            let keys = try query.all().map { r in key.map { r.row[$0] } }.sorted { a, b in
                zip(a, b).first { StoreValue.compare($0, $1) != 0 }.map { StoreValue.compare($0, $1) < 0 } ?? false
            }
            let rows = keys.map { $0.map(Self.text) }
            return .init(description: "rows where \(description())", ours: rows,
                         sql: "SELECT \(key.map(selected).joined(separator: ", ")) FROM t WHERE \(whereSQL) ORDER BY \(key.map { "\(name($0)) COLLATE BINARY" }.joined(separator: ", "))")
        case 1, 2:
            // Pages in the chosen index's order, each resumed from the previous page's token.
            let plan = try query.explain()
            // A multikey side table returns records in primary-key order.
            let indexColumns: [IndexColumn] = plan.index.flatMap { index in
                index.hasPrefix("multikey:") ? nil : table.indexes.first { $0.name == index }!.columns
            } ?? []
            var columns: [(Int, Bool)] = indexColumns.map { column in (table.columns.firstIndex { $0.name == column.name }!, column.order == .descending) }
            columns += key.map { ($0, false) }
            let size = random.int(1...6)
            var ids: [[String]] = []
            var token: String?
            repeat {
                let page = try query.fetch(limit: size, afterToken: token)
                ids += page.items.map { r in key.map { Self.text(r.row[$0]) } }
                token = try page.nextToken
            } while token != nil
            let order = columns.map { "\(name($0.0)) \($0.1 != reverse ? "DESC" : "ASC")" }.joined(separator: ", ")
            let first = try query.first().map { r in key.map { Self.text(r.row[$0]) } }
            #expect(first == ids.first, "\(table.name): first() of \(description())")
            return .init(description: "pages of \(size) by \(plan) where \(description())", ours: ids,
                         sql: "SELECT \(key.map(selected).joined(separator: ", ")) FROM t WHERE \(whereSQL) ORDER BY \(order)")
        case 3:
            let numeric = queryable.filter { table.columns[$0].type == .int || table.columns[$0].type == .double }
            let column = random.pick(queryable)
            var ours = [Self.text(.int(Int64(try query.count()))), try extreme(query, column, max: false), try extreme(query, column, max: true)]
            var sql = "count(*), min(\(name(column))), max(\(name(column)))"
            if let summed = numeric.isEmpty ? nil : random.pick(numeric) {
                ours += try total(query, summed)
                sql += ", sum(\(name(summed))), avg(\(name(summed)))"
            }
            // A decimal field's exact sum, mean, minimum and maximum, as SQLite's decimal extension computes them.
            var decimals: Set<Int> = [], averages: [Int: Int] = [:]
            if let (position, scale) = decimalColumns.isEmpty ? nil : random.pick(decimalColumns) {
                let f = DecimalQueryField<R>(position: position, name: table.columns[position].name, scale: scale)
                decimals = [ours.count, ours.count + 2, ours.count + 3]
                averages = [ours.count + 1: scale]
                ours += [Self.text(try query.sum(f)), Self.text(try query.average(f)), Self.text(try query.min(f)), Self.text(try query.max(f))]
                let c = name(position), exact = decimalSQL(c, scale: scale)
                sql += ", \(decimalSumSQL(exact, c)), \(decimalAverageSQL(exact, c)), \(decimalSQL("min(\(c))", scale: scale)), \(decimalSQL("max(\(c))", scale: scale))"
            }
            return .init(description: "aggregates where \(description())", ours: [ours], sql: "SELECT \(sql) FROM t WHERE \(whereSQL)", approximate: [3, 4],
                         decimals: decimals, decimalAverages: averages)
        default:
            return try groups(query, description: description(), whereSQL: whereSQL, &random)
        }
    }

    func extreme<R>(_ query: Query<R, StoreAccess>, _ position: Int, max: Bool) throws -> String {
        let field = QueryField<R, AnyStoredValue>(position: position, name: table.columns[position].name)
        return Self.text(try (max ? query.max(field) : query.min(field))?.storeValue ?? .null)
    }

    func total<R>(_ query: Query<R, StoreAccess>, _ position: Int) throws -> [String] {
        let name = table.columns[position].name
        if table.columns[position].type == .double {
            let f = QueryField<R, Double?>(position: position, name: name)
            return [Self.text(try query.sum(f).storeValue), Self.text(try query.average(f).storeValue)]
        }
        let f = QueryField<R, Int64?>(position: position, name: name)
        return [Self.text(try query.sum(f).storeValue), Self.text(try query.average(f).storeValue)]
    }

    /// The decimal columns and their scales.
    var decimalColumns: [(position: Int, scale: Int)] {
        extended.compactMap { if case .decimal(let scale) = $0.kind { ($0.position, scale) } else { nil } }
    }

    /// The decimal a stored scaled integer `sql` stands for, exactly (SQLite's decimal extension).
    func decimalSQL(_ sql: String, scale: Int) -> String {
        "decimal_mul(\(sql), '\(scale == 0 ? "1" : "0." + String(repeating: "0", count: scale - 1) + "1")')"
    }

    /// The exact sum of column `c` (`exact` its decimal), NULL when no value is set: SQL's `sum`,
    /// which `decimal_sum` is not on rows whose values are all NULL (it prints 0 there).
    func decimalSumSQL(_ exact: String, _ c: String) -> String {
        "CASE WHEN count(\(c)) = 0 THEN NULL ELSE decimal_sum(\(exact)) END"
    }

    /// `sum/count` of column `c`, NULL when no value is set (``DecimalReference`` divides it).
    func decimalAverageSQL(_ exact: String, _ c: String) -> String {
        "CASE WHEN count(\(c)) = 0 THEN NULL ELSE decimal_sum(\(exact)) || '/' || count(\(c)) END"
    }

    static func text(_ decimal: Decimal?) -> String { decimal.map { "\($0)" } ?? "NULL" }

    func groups<R>(_ query: Query<R, StoreAccess>, description: @autoclosure @escaping () -> String, whereSQL: String,
                   _ random: inout SeededRandom) throws -> QueryDifferentialTests.Check {
        let order = random.pick([GroupOrder.keyAscending, .keyDescending, .valueAscending, .valueDescending])
        let limit: Int? = random.chance(50) ? nil : random.int(0...4)
        let first = random.pick(queryable)
        let times = queryable.filter { table.columns[$0].type == .timestamp }
        let numeric = queryable.filter { table.columns[$0].type == .int || table.columns[$0].type == .double }
        let aggregate = random.int(0...3)
        let measured = aggregate == 1 || aggregate == 2 ? (numeric.isEmpty ? nil : random.pick(numeric)) : random.pick(queryable)
        let scales = Dictionary(uniqueKeysWithValues: decimalColumns.map { ($0.position, $0.scale) })
        // A decimal measured through its typed field (exact sums and means) half the time, else as its scaled integer.
        let measuredScale = measured.flatMap { scales[$0] }.flatMap { random.chance(50) ? $0 : nil }
        func rows<Key>(_ grouped: GroupedQuery<R, StoreAccess, Key>, _ key: (Key) -> [String]) throws -> [[String]] {
            guard let measured, aggregate != 0 else { return try grouped.count(order: order, limit: limit).map { key($0.key) + ["\($0.value)"] } }
            let name = table.columns[measured].name
            if let scale = measuredScale {
                let f = DecimalQueryField<R>(position: measured, name: name, scale: scale)
                let groups = switch aggregate {
                case 1: try grouped.sum(f, order: order, limit: limit)
                case 2: try grouped.average(f, order: order, limit: limit)
                default: try grouped.max(f, order: order, limit: limit)
                }
                return groups.map { key($0.key) + [Self.text($0.value)] }
            }
            switch (aggregate, table.columns[measured].type) {
            case (1, .double): return try grouped.sum(QueryField<R, Double?>(position: measured, name: name), order: order, limit: limit).map { key($0.key) + [Self.text($0.value.storeValue)] }
            case (1, _): return try grouped.sum(QueryField<R, Int64?>(position: measured, name: name), order: order, limit: limit).map { key($0.key) + [Self.text($0.value.storeValue)] }
            case (2, .double): return try grouped.average(QueryField<R, Double?>(position: measured, name: name), order: order, limit: limit).map { key($0.key) + [Self.text($0.value.storeValue)] }
            case (2, _): return try grouped.average(QueryField<R, Int64?>(position: measured, name: name), order: order, limit: limit).map { key($0.key) + [Self.text($0.value.storeValue)] }
            default:
                return try grouped.max(QueryField<R, AnyStoredValue>(position: measured, name: name), order: order, limit: limit)
                    .map { key($0.key) + [Self.text($0.value?.storeValue ?? .null)] }
            }
        }
        // The value printed (`v`) and the value groups are ordered by (`o`): a decimal's exact text
        // does not order as a number in SQL, so its groups order by the scaled integers' aggregate.
        var valueSQL = "count(*)", orderValueSQL = "count(*)"
        if let measured {
            let c = name(measured)
            orderValueSQL = ["count(*)", "sum(\(c))", "avg(\(c))", "max(\(c))"][aggregate]
            if let scale = measuredScale {
                let exact = decimalSQL(c, scale: scale)
                valueSQL = ["count(*)", decimalSumSQL(exact, c), decimalAverageSQL(exact, c), decimalSQL("max(\(c))", scale: scale)][aggregate]
            } else {
                valueSQL = orderValueSQL
            }
        }
        var keySQL = [name(first)]
        // The keys as printed: a decimal key as its exact decimal (ordered by the scaled integer).
        var shownKeys = ["k0"]
        var ours: [[String]]
        // Two-field keys half the time on a table with decimals (few seed columns are), so keys
        // with a decimal part run in every CI run.
        let kind = !decimalColumns.isEmpty && random.chance(50) ? 1 : random.int(0...3)
        if kind == 0, let time = times.isEmpty ? nil : random.pick(times) {
            let unit: Int64 = random.chance(50) ? 86_400_000_000 : 3_600_000_000
            let field = QueryField<R, Date?>(position: time, name: table.columns[time].name)
            let grouped = unit == 86_400_000_000 ? query.group(byDayOf: field) : query.group(byHourOf: field)
            ours = try rows(grouped) { [Self.text($0.storeValue)] }
            // Floor division (SQLite's `/` truncates toward zero; times here are after 1970).
            keySQL = ["(\(name(time)) / \(unit)) * \(unit)"]
        } else if kind == 1 {
            var first = first, second = random.pick(queryable)
            // Decimals are few among the seeds' columns: on a table with some, the first, the
            // second or both keys are decimals three times in four.
            if !decimalColumns.isEmpty {
                let which = random.int(0...3)
                if which == 0 || which == 2 { first = random.pick(decimalColumns).position }
                if which == 1 || which == 2 { second = random.pick(decimalColumns).position }
                keySQL = [name(first)]
            }
            // A decimal part of the key through its typed field mostly (exact decimals back), else as its scaled integer.
            func decimal(_ position: Int) -> DecimalQueryField<R>? {
                scales[position].flatMap { random.chance(75) ? DecimalQueryField<R>(position: position, name: table.columns[position].name, scale: $0) : nil }
            }
            let (a, b) = (decimal(first), decimal(second))
            switch (a, b) {
            case let (a?, b?): ours = try rows(query.group(by: a, b)) { [Self.text($0.0), Self.text($0.1)] }
            case let (a?, nil): ours = try rows(query.group(by: a, field(second))) { [Self.text($0.0), Self.text($0.1.storeValue)] }
            case let (nil, b?): ours = try rows(query.group(by: field(first), b)) { [Self.text($0.0.storeValue), Self.text($0.1)] }
            case (nil, nil): ours = try rows(query.group(by: field(first), field(second))) { [Self.text($0.0.storeValue), Self.text($0.1.storeValue)] }
            }
            keySQL.append(name(second))
            shownKeys = [a.map { decimalSQL("k0", scale: $0.scale) } ?? "k0", b.map { decimalSQL("k1", scale: $0.scale) } ?? "k1"]
        } else if let scale = scales[first], random.chance(50) {
            ours = try rows(query.group(by: DecimalQueryField<R>(position: first, name: table.columns[first].name, scale: scale))) { [Self.text($0)] }
            shownKeys = [decimalSQL("k0", scale: scale)]
        } else {
            ours = try rows(query.group(by: field(first))) { [Self.text($0.storeValue)] }
        }
        let keys = keySQL.indices.map { "k\($0)" }
        let orderSQL: String = switch order {
        case .keyAscending: keys.map { "\($0) ASC" }.joined(separator: ", ")
        case .keyDescending: keys.map { "\($0) DESC" }.joined(separator: ", ")
        case .valueAscending: "o ASC, " + keys.map { "\($0) ASC" }.joined(separator: ", ")
        case .valueDescending: "o DESC, " + keys.map { "\($0) ASC" }.joined(separator: ", ")
        }
        let select = zip(keySQL, keys).map { "\($0) AS \($1)" }.joined(separator: ", ")
        let grouped = "SELECT \(select), \(valueSQL) AS v, \(orderValueSQL) AS o FROM t WHERE \(whereSQL) GROUP BY \(keys.joined(separator: ", "))"
        var check = QueryDifferentialTests.Check(
            description: "\(valueSQL) by \(keySQL) \(order) limit \(limit.map(String.init) ?? "none") where \(description())", ours: ours,
            sql: "SELECT \(shownKeys.joined(separator: ", ")), v FROM (\(grouped)) ORDER BY \(orderSQL)\(limit.map { " LIMIT \($0)" } ?? "")",
            approximate: [keys.count])
        for (i, shown) in shownKeys.enumerated() where shown != "k\(i)" { check.decimals.insert(i) }
        if let scale = measuredScale, aggregate != 0 {
            if aggregate == 2 { check.decimalAverages[keys.count] = scale } else { check.decimals.insert(keys.count) }
        }
        return check
    }

    /// The column at `position` as a field of any stored value (group keys, min and max).
    func field<R>(_ position: Int) -> QueryField<R, AnyStoredValue> {
        QueryField(position: position, name: table.columns[position].name)
    }
}

/// A filter before it is bound to a record type.
indirect enum AnyFilter {
    case all
    case compare(QueryColumn, ComparisonOperator, StoreValue)
    case oneOf(QueryColumn, [StoreValue])
    case null(QueryColumn)
    case prefix(QueryColumn, String)
    case and(AnyFilter, AnyFilter), or(AnyFilter, AnyFilter), not(AnyFilter)
    /// Through the typed fields beyond scalars (built with their public API).
    case decimalCompare(QueryColumn, Int, ComparisonOperator, Decimal)
    case decimalIn(QueryColumn, Int, [Decimal])
    case bytesCompare(QueryColumn, ComparisonOperator, Data)
    case bytesIn(QueryColumn, [Data])
    case bytesPrefix(QueryColumn, Data)
    case arrayEmpty(QueryColumn)
    case arrayContains(QueryColumn, String)
    case typedNull(QueryColumn, TableRun.ExtendedKind)

    func typed<R>(_ record: R.Type) -> QueryFilter<R> {
        switch self {
        case .decimalCompare(let c, let scale, let op, let v):
            let f = DecimalQueryField<R>(position: c.position, name: c.name, scale: scale)
            switch op {
            case .equal: return f == v
            case .notEqual: return f != v
            case .less: return f < v
            case .lessOrEqual: return f <= v
            case .greater: return f > v
            case .greaterOrEqual: return f >= v
            }
        case .decimalIn(let c, let scale, let values): return DecimalQueryField<R>(position: c.position, name: c.name, scale: scale).isIn(values)
        case .bytesCompare(let c, let op, let v):
            let f = QueryField<R, Data?>(position: c.position, name: c.name)
            switch op {
            case .equal: return f == v
            case .notEqual: return f != v
            case .less: return f < v
            case .lessOrEqual: return f <= v
            case .greater: return f > v
            case .greaterOrEqual: return f >= v
            }
        case .bytesIn(let c, let values): return QueryField<R, Data?>(position: c.position, name: c.name).isIn(values)
        case .bytesPrefix(let c, let prefix): return QueryField<R, Data?>(position: c.position, name: c.name).hasPrefix(prefix)
        case .arrayEmpty(let c): return ArrayQueryField<R, String>(position: c.position, name: c.name).isEmpty
        case .arrayContains(let c, let element): return ArrayQueryField<R, String>(position: c.position, name: c.name).contains(element)
        case .typedNull(let c, let kind):
            switch kind {
            case .decimal(let scale): return DecimalQueryField<R>(position: c.position, name: c.name, scale: scale).isNull
            case .bytes: return QueryField<R, Data?>(position: c.position, name: c.name).isNull
            case .array: return ArrayQueryField<R, String>(position: c.position, name: c.name).isNull
            case .document: return DocumentQueryField<R, JSONValue>(position: c.position, name: c.name).isNull
            }
        default: return untyped(R.self)
        }
    }

    private func untyped<R>(_ record: R.Type) -> QueryFilter<R> {
        switch self {
        case .all: .all
        case .compare(let c, let op, let v): .compare(c, op, v)
        case .oneOf(let c, let v): .oneOf(c, v)
        case .null(let c): .null(c)
        case .prefix(let c, let p): .prefix(c, p)
        case .and(let a, let b): .and(a.typed(R.self), b.typed(R.self))
        case .or(let a, let b): .or(a.typed(R.self), b.typed(R.self))
        case .not(let a): .not(a.typed(R.self))
        default: preconditionFailure("typed filters are built by typed(_:)")
        }
    }
}

/// A field value of any stored type, so one generic test reads every column's groups, minimums
/// and maximums back as the stored values they are.
struct AnyStoredValue: QueryValue, Hashable {
    typealias QueryOperand = AnyStoredValue
    let storeValue: StoreValue
    init(storeValue: StoreValue) { self.storeValue = storeValue }
}

private extension StoredRecord {
    /// The side tables of the record's multikey indexes.
    static var multikeyIndexTables: [String] { multikeyIndexes.map(\.table) }
}
