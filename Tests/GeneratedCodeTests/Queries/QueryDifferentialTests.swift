import Foundation
import GryagBotData
import SchemaGenRuntime
import Testing
import SeededRandomness

/// Typed filters, ordered pages, aggregates and groups on gryag's `messages` compared with
/// SQLite running the equivalent SQL on the same rows: random datasets (NULLs, ties, unicode,
/// empty tables) and random queries. `SCHEMAGEN_HEAVY=1` runs thousands more.
@Suite struct QueryDifferentialTests {
    static var heavy: Bool { ProcessInfo.processInfo.environment["SCHEMAGEN_HEAVY"] == "1" }

    @Test func filtersAggregatesAndPagesMatchSQLite() throws {
        let datasets = Self.heavy ? 120 : 25
        let queries = Self.heavy ? 60 : 40
        var compared = 0
        for seed in 0..<datasets {
            compared += try run(seed: UInt64(seed), queries: queries)
        }
        #expect(compared == datasets * queries)
    }

    // MARK: - Random data

    static let strings = ["", "a", "ab", "b", "B", "é", "éa", "e\u{301}", "日本", "日", "😀x", "z", "Ab"]
    static let base: Int64 = 1_750_000_000_000_000

    enum Column: String, CaseIterable {
        case chatID = "chat_id", userID = "user_id", replyTo = "reply_to_message_id", telegramID = "telegram_message_id"
        case content, contentType = "content_type", isBot = "is_bot_message", createdAt = "created_at"
    }

    enum Literal {
        case int(Int64), string(String), bool(Bool), time(Int64)
        var sql: String {
            switch self {
            case .int(let v), .time(let v): "\(v)"
            case .string(let s): SQLiteShell.literal(s)
            case .bool(let b): b ? "1" : "0"
            }
        }
    }

    indirect enum Condition {
        case compare(Column, ComparisonOperator, Literal)
        case oneOf(Column, [Literal])
        case isNull(Column), isNotNull(Column)
        case prefix(Column, String)
        case and(Condition, Condition), or(Condition, Condition), not(Condition)
    }

    static func literal(_ column: Column, _ random: inout SeededRandom) -> Literal {
        switch column {
        case .chatID: .int(Int64(random.int(1...3)))
        case .userID: .int(Int64(random.int(1...4)))
        case .replyTo: .int(Int64(random.int(0...5)))
        case .telegramID: .int(Int64(random.int(0...30)))
        case .content, .contentType: .string(random.pick(strings))
        case .isBot: .bool(random.chance(50))
        case .createdAt: .time(base + Int64(random.int(0...432)) * 600_000_000)
        }
    }

    static func condition(_ random: inout SeededRandom, depth: Int = 0) -> Condition {
        let column = random.pick(Column.allCases)
        switch random.int(0...(depth > 2 ? 4 : 8)) {
        case 0, 1:
            let ops: [ComparisonOperator] = column == .isBot ? [.equal, .notEqual] : [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]
            return .compare(column, random.pick(ops), literal(column, &random))
        case 2: return .oneOf(column, (0..<random.int(1...3)).map { _ in literal(column, &random) })
        case 3: return random.chance(50) ? .isNull(column) : .isNotNull(column)
        case 4: return .prefix(random.chance(50) ? .content : .contentType, random.pick(strings).prefix(1).description)
        case 5, 6: return .and(condition(&random, depth: depth + 1), condition(&random, depth: depth + 1))
        case 7: return .or(condition(&random, depth: depth + 1), condition(&random, depth: depth + 1))
        default: return .not(condition(&random, depth: depth + 1))
        }
    }

    // MARK: - The same condition, typed and as SQL

    static func compare<Value>(_ field: QueryField<Message, Value>, _ op: ComparisonOperator, _ value: Value.QueryOperand) -> QueryFilter<Message> {
        switch op {
        case .equal: field == value
        case .notEqual: field != value
        case .less: field < value
        case .lessOrEqual: field <= value
        case .greater: field > value
        case .greaterOrEqual: field >= value
        }
    }

    static func typed(_ condition: Condition) -> QueryFilter<Message> {
        let f = Message.queryFields
        switch condition {
        case .compare(let column, let op, let literal):
            switch (column, literal) {
            case (.chatID, .int(let v)): return compare(f.chatID, op, v)
            case (.userID, .int(let v)): return compare(f.userID, op, v)
            case (.replyTo, .int(let v)): return compare(f.replyToMessageID, op, v)
            case (.telegramID, .int(let v)): return compare(f.telegramMessageID, op, v)
            case (.content, .string(let v)): return compare(f.content, op, v)
            case (.contentType, .string(let v)): return compare(f.contentType, op, v)
            case (.isBot, .bool(let v)): return compare(f.isBotMessage, op, v)
            case (.createdAt, .time(let v)): return compare(f.createdAt, op, StoreTime.date(v))
            default: fatalError("literal of another column")
            }
        case .oneOf(let column, let literals):
            switch column {
            case .chatID: return f.chatID.isIn(literals.map(intValue))
            case .userID: return f.userID.isIn(literals.map(intValue))
            case .replyTo: return f.replyToMessageID.isIn(literals.map(intValue))
            case .telegramID: return f.telegramMessageID.isIn(literals.map(intValue))
            case .content: return f.content.isIn(literals.map(stringValue))
            case .contentType: return f.contentType.isIn(literals.map(stringValue))
            case .isBot: return f.isBotMessage.isIn(literals.map { if case .bool(let b) = $0 { b } else { false } })
            case .createdAt: return f.createdAt.isIn(literals.map { StoreTime.date(intValue($0)) })
            }
        case .isNull(let column): return nullCheck(column, null: true)
        case .isNotNull(let column): return nullCheck(column, null: false)
        case .prefix(let column, let prefix): return column == .content ? f.content.hasPrefix(prefix) : f.contentType.hasPrefix(prefix)
        case .and(let a, let b): return typed(a) && typed(b)
        case .or(let a, let b): return typed(a) || typed(b)
        case .not(let a): return !typed(a)
        }
    }

    static func intValue(_ literal: Literal) -> Int64 { if case .int(let v) = literal { v } else if case .time(let v) = literal { v } else { 0 } }
    static func stringValue(_ literal: Literal) -> String { if case .string(let v) = literal { v } else { "" } }

    static func nullCheck(_ column: Column, null: Bool) -> QueryFilter<Message> {
        let f = Message.queryFields
        switch column {
        case .chatID: return null ? f.chatID.isNull : f.chatID.isNotNull
        case .userID: return null ? f.userID.isNull : f.userID.isNotNull
        case .replyTo: return null ? f.replyToMessageID.isNull : f.replyToMessageID.isNotNull
        case .telegramID: return null ? f.telegramMessageID.isNull : f.telegramMessageID.isNotNull
        case .content: return null ? f.content.isNull : f.content.isNotNull
        case .contentType: return null ? f.contentType.isNull : f.contentType.isNotNull
        case .isBot: return null ? f.isBotMessage.isNull : f.isBotMessage.isNotNull
        case .createdAt: return null ? f.createdAt.isNull : f.createdAt.isNotNull
        }
    }

    static func sql(_ condition: Condition) -> String {
        switch condition {
        case .compare(let column, let op, let literal): "\(column.rawValue) \(op.sqlSymbol) \(literal.sql)"
        case .oneOf(let column, let literals): "\(column.rawValue) IN (\(literals.map(\.sql).joined(separator: ", ")))"
        case .isNull(let column): "\(column.rawValue) IS NULL"
        case .isNotNull(let column): "\(column.rawValue) IS NOT NULL"
        case .prefix(let column, let prefix):
            "substr(\(column.rawValue), 1, length(\(SQLiteShell.literal(prefix)))) = \(SQLiteShell.literal(prefix))"
        case .and(let a, let b): "(\(sql(a)) AND \(sql(b)))"
        case .or(let a, let b): "(\(sql(a)) OR \(sql(b)))"
        case .not(let a): "(NOT \(sql(a)))"
        }
    }

    // MARK: - One dataset

    /// A query's answer as text rows, our side and SQLite's side compared after the run.
    struct Check {
        /// What the check asks, worded only when it fails: wording a filter formats its dates,
        /// which took a tenth of `EntityDifferentialTests`' time when every check was worded.
        let describe: () -> String
        let ours: [[String]]
        let sql: String
        /// Columns holding averages, compared with a relative tolerance.
        var approximate: Set<Int> = []
        /// Columns holding decimals, compared exactly as numbers (`4.5` and SQLite's `4.50` agree).
        var decimals: Set<Int> = []
        /// Columns holding a decimal field's mean, by the field's scale: ours is the mean's text,
        /// SQLite prints `decimal_sum(x)/count(x)`, and ``DecimalReference`` rounds that quotient.
        var decimalAverages: [Int: Int] = [:]

        init(description: @autoclosure @escaping () -> String, ours: [[String]], sql: String, approximate: Set<Int> = [],
             decimals: Set<Int> = [], decimalAverages: [Int: Int] = [:]) {
            (describe, self.ours, self.sql) = (description, ours, sql)
            (self.approximate, self.decimals, self.decimalAverages) = (approximate, decimals, decimalAverages)
        }

        var description: String { describe() }

        /// Runs `setup` and then every check's SQL in one sqlite3 process and expects each answer to
        /// equal the check's own rows (averages within a relative 1e-9).
        static func expectSQLiteAgrees(with checks: [Check], after setup: String, context: String) throws {
            var script = setup
            for (n, check) in checks.enumerated() { script += "SELECT '#\(n)';\n\(check.sql);\n" }
            let printed = try SQLiteShell.rows(script)
            var answers: [[[String]]] = []
            for row in printed {
                if row.count == 1, row[0].hasPrefix("#"), Int(row[0].dropFirst()) == answers.count {
                    answers.append([])
                } else {
                    answers[answers.count - 1].append(row)
                }
            }
            #expect(answers.count == checks.count)
            for (check, expected) in zip(checks, answers) {
                let same = check.ours.count == expected.count && zip(check.ours, expected).allSatisfy { ours, theirs in
                    ours.count == theirs.count && ours.indices.allSatisfy { i in
                        if let scale = check.decimalAverages[i] { return DecimalReference.isAverage(ours[i], of: theirs[i], scale: scale) }
                        if check.decimals.contains(i) { return DecimalReference.same(ours[i], theirs[i]) }
                        guard check.approximate.contains(i), let a = Double(ours[i]), let b = Double(theirs[i]) else { return ours[i] == theirs[i] }
                        return abs(a - b) <= 1e-9 * Swift.max(1, abs(b))
                    }
                }
                #expect(same, "\(context): \(check.description)\nSQL: \(check.sql)\nours: \(check.ours)\nSQLite: \(expected)")
            }
        }
    }

    func run(seed: UInt64, queries: Int) throws -> Int {
        var random = SeededRandom(seed: seed &* 7919 &+ 17)
        let directory = TemporaryDirectory()
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(TestClock()))
        let count = random.chance(10) ? 0 : random.int(1...90)
        try db.write { tx in
            for chat in 1...3 { try tx.repositories.chat.chats.insert(Chat(id: Int64(chat), chatType: .supergroup)) }
            for user in 1...4 { try tx.repositories.user.users.insert(User(id: Int64(user), fullName: "user \(user)")) }
            for _ in 0..<count {
                let time = Self.base + Int64(random.int(0...432)) * 600_000_000
                try tx.repositories.message.messages.insert(Message(
                    telegramMessageID: Int64(random.int(0...30)), chatID: Int64(random.int(1...3)),
                    userID: random.chance(20) ? nil : Int64(random.int(1...4)), content: random.pick(Self.strings),
                    contentType: random.chance(30) ? nil : random.pick(Self.strings), replyToMessageID: random.chance(40) ? nil : Int64(random.int(0...5)),
                    isBotMessage: random.chance(20) ? nil : random.chance(50), createdAt: StoreTime.date(time)))
            }
        }
        var script = """
            CREATE TABLE messages (id INTEGER PRIMARY KEY, telegram_message_id INTEGER NOT NULL, chat_id INTEGER NOT NULL, user_id INTEGER,
              content TEXT NOT NULL, content_type TEXT, reply_to_message_id INTEGER, is_bot_message INTEGER, created_at INTEGER);

            """
        for m in try db.messages.all().all() {
            let values: [String] = [
                "\(m.id)", "\(m.telegramMessageID)", "\(m.chatID)", m.userID.map { "\($0)" } ?? "NULL", SQLiteShell.literal(m.content),
                m.contentType.map(SQLiteShell.literal) ?? "NULL", m.replyToMessageID.map { "\($0)" } ?? "NULL",
                m.isBotMessage.map { $0 ? "1" : "0" } ?? "NULL", m.createdAt.map { "\(StoreTime.microseconds($0))" } ?? "NULL",
            ]
            script += "INSERT INTO messages VALUES (\(values.joined(separator: ", ")));\n"
        }
        var checks: [Check] = []
        for _ in 0..<queries { checks.append(try check(db, &random)) }
        try Check.expectSQLiteAgrees(with: checks, after: script, context: "seed \(seed)")
        return checks.count
    }

    static func text(_ value: Int64?) -> String { value.map { "\($0)" } ?? "NULL" }
    static func text(_ value: Int?) -> String { value.map { "\($0)" } ?? "NULL" }
    static func text(_ value: Double?) -> String { value.map { "\($0)" } ?? "NULL" }
    static func text(_ value: String?) -> String { value ?? "NULL" }
    static func text(_ value: Date?) -> String { value.map { "\(StoreTime.microseconds($0))" } ?? "NULL" }

    func check(_ db: GryagBotDatabase, _ random: inout SeededRandom) throws -> Check {
        let condition = Self.condition(&random)
        let filter = Self.typed(condition)
        let whereSQL = Self.sql(condition)
        let f = Message.queryFields
        switch random.int(0...4) {
        case 0:
            let ids = try db.messages.filter { _ in filter }.all().map(\.id).sorted()
            return Check(description: "rows where \(filter.text)", ours: ids.map { ["\($0)"] },
                         sql: "SELECT id FROM messages WHERE \(whereSQL) ORDER BY id")
        case 1:
            // Index order, pages through tokens: every page resumes exactly after the previous one.
            let chat = Int64(random.int(1...3)), reverse = random.chance(50), size = random.int(1...7)
            let query = db.messages.byChatIDCreatedAt(chatID: chat, order: reverse ? .reverse : .indexOrder).filter(filter)
            var ids: [Int32] = []
            var token: String?
            repeat {
                let page = try query.fetch(limit: size, afterToken: token)
                ids += page.items.map(\.id)
                token = try page.nextToken
            } while token != nil
            let direction = reverse ? "DESC" : "ASC"
            return Check(description: "pages of \(size) in chat \(chat) \(direction) where \(filter.text)", ours: ids.map { ["\($0)"] },
                         sql: "SELECT id FROM messages WHERE chat_id = \(chat) AND \(whereSQL) ORDER BY created_at \(direction), id \(direction)")
        case 2:
            let query = db.messages.filter { _ in filter }
            let ours = [[Self.text(try query.count()), Self.text(try query.sum(f.replyToMessageID)), Self.text(try query.average(f.telegramMessageID)),
                         Self.text(try query.min(f.content)), Self.text(try query.max(f.content)), Self.text(try query.min(f.createdAt)),
                         Self.text(try query.max(f.userID))]]
            return Check(description: "aggregates where \(filter.text)", ours: ours,
                         sql: "SELECT count(*), sum(reply_to_message_id), avg(telegram_message_id), min(content), max(content), min(created_at), max(user_id) FROM messages WHERE \(whereSQL)",
                         approximate: [2])
        default:
            let query = db.messages.filter { _ in filter }
            let order = random.pick([GroupOrder.keyAscending, .keyDescending, .valueAscending, .valueDescending])
            let limit: Int? = random.chance(50) ? nil : random.int(0...4)
            let keyKind = random.int(0...4)
            let aggregate = random.int(0...4)
            func groups<Key>(_ grouped: GroupedQuery<Message, StoreAccess, Key>, _ key: (Key) -> String) throws -> [[String]] {
                switch aggregate {
                case 0: try grouped.count(order: order, limit: limit).map { [key($0.key), Self.text($0.value)] }
                case 1: try grouped.sum(f.replyToMessageID, order: order, limit: limit).map { [key($0.key), Self.text($0.value)] }
                case 2: try grouped.average(f.telegramMessageID, order: order, limit: limit).map { [key($0.key), Self.text($0.value)] }
                case 3: try grouped.min(f.content, order: order, limit: limit).map { [key($0.key), Self.text($0.value)] }
                default: try grouped.max(f.createdAt, order: order, limit: limit).map { [key($0.key), Self.text($0.value)] }
                }
            }
            let ours: [[String]]
            let keySQL: String
            switch keyKind {
            case 0: ours = try groups(query.group(by: f.userID)) { Self.text($0) }; keySQL = "user_id"
            case 1: ours = try groups(query.group(by: f.chatID)) { "\($0)" }; keySQL = "chat_id"
            case 2: ours = try groups(query.group(by: f.contentType)) { Self.text($0) }; keySQL = "content_type"
            case 3: ours = try groups(query.group(byDayOf: f.createdAt)) { Self.text($0) }; keySQL = "(created_at / 86400000000) * 86400000000"
            default: ours = try groups(query.group(byHourOf: f.createdAt)) { Self.text($0) }; keySQL = "(created_at / 3600000000) * 3600000000"
            }
            let valueSQL = ["count(*)", "sum(reply_to_message_id)", "avg(telegram_message_id)", "min(content)", "max(created_at)"][aggregate]
            let orderSQL = switch order {
            case .keyAscending: "k ASC"
            case .keyDescending: "k DESC"
            case .valueAscending: "v ASC, k ASC"
            case .valueDescending: "v DESC, k ASC"
            }
            return Check(description: "\(valueSQL) by \(keySQL) \(order) limit \(limit.map(String.init) ?? "none") where \(filter.text)", ours: ours,
                         sql: "SELECT \(keySQL) AS k, \(valueSQL) AS v FROM messages WHERE \(whereSQL) GROUP BY k ORDER BY \(orderSQL)\(limit.map { " LIMIT \($0)" } ?? "")",
                         approximate: aggregate == 2 ? [1] : [])
        }
    }
}
