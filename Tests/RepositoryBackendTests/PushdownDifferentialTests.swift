import DiscordBotData
import DiscordBotPostgres
import Foundation
import Testing
import SeededRandomness

/// Filters and aggregates that PostgreSQL runs on the server (one statement per query) give
/// exactly what the store's Swift evaluation gives: the same random rows are written to both
/// backends, the same random queries run on both, and every answer is compared. Queries mix
/// comparisons, `isIn` (also empty), null checks, string and boolean terms under `&&`, `||`
/// and `!`, ranges, index scans in both directions, owner scopes, pages by cursor and by token,
/// and counts, sums, means, minima and maxima, grouped by fields and UTC days and hours, ordered
/// by key or value, cut to a top N.
@Suite struct PushdownDifferentialTests {
    let directory = TemporaryDirectory()
    static let secret = Array("pushdown test 16".utf8)

    /// Queries per run: a few hundred in CI, many more with `SCHEMAGEN_HEAVY=1`.
    static var queryCount: Int { ProcessInfo.processInfo.environment["SCHEMAGEN_HEAVY"] == "1" ? 4000 : 300 }

    @Test(arguments: [UInt64(16), 1_616])
    func storeAndPostgresAnswerEveryRandomQueryAlike(seed: UInt64) throws {
        let store = try DiscordBotDatabase.open(at: directory.path + "-\(seed)", options: StoreOptions(durability: .unsynced))
        defer { store.close() }
        let database = try PostgresDatabase(schema: "discord_bot")
        let postgres = try DiscordBotPostgresDatabase.connect(url: database.url, pageTokenSecret: Self.secret)
        defer { postgres.close() }
        var rows = SeededRandom(seed: seed)
        let warnings = (0..<120).map { _ in Self.randomWarning(&rows) }
        let actions = (0..<80).map { _ in Self.randomAction(&rows) }
        try Self.load(warnings, actions, into: store)
        try Self.load(warnings, actions, into: postgres)
        for round in 0..<Self.queryCount {
            var random = SeededRandom(seed: seed &* 1_000_003 &+ UInt64(round))
            let (description, storeAnswer) = try Self.answer(&random, store)
            random = SeededRandom(seed: seed &* 1_000_003 &+ UInt64(round))
            let (_, postgresAnswer) = try Self.answer(&random, postgres)
            #expect(storeAnswer == postgresAnswer, "query \(round): \(description)")
            if storeAnswer != postgresAnswer { return }
        }
    }

    // MARK: Data

    static let reasons: [String?] = [nil, "spam", "spam links", "Spam", "é", "e\u{301}", "zzz", "", "a\u{1F600}", "m"]
    static let start: Int64 = 1_750_000_000_000_000

    static func randomTime(_ random: inout SeededRandom) -> Date {
        // Within five days, to the microsecond, sometimes on an hour's or a day's boundary.
        var micros = start + Int64(random.int(0..<(5 * 86_400))) * 1_000_000
        if random.int(0..<4) > 0 { micros += Int64(random.int(0..<1_000_000)) }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    static func randomWarning(_ random: inout SeededRandom) -> Warning {
        Warning(userID: Int64(random.int(1..<7)), guildID: Int64(random.int(1..<4)), moderatorID: Int64(random.int(1..<6)),
                reason: reasons[random.int(0..<reasons.count)], createdAt: randomTime(&random),
                expiresAt: random.int(0..<3) == 0 ? nil : randomTime(&random),
                active: [true, false, nil][random.int(0..<3)])
    }

    static func randomAction(_ random: inout SeededRandom) -> ModAction {
        let types: [ModActionsActionType] = [.kick, .ban, .mute, .warn, .unmute, .unban]
        return ModAction(guildID: Int64(random.int(1..<3)), moderatorID: Int64(random.int(1..<4)), targetID: Int64(random.int(1..<5)),
                         actionType: types[random.int(0..<types.count)], reason: reasons[random.int(0..<reasons.count)],
                         duration: random.int(0..<3) == 0 ? nil : Int32(random.int(-5..<600)), createdAt: randomTime(&random))
    }

    static func load(_ warnings: [Warning], _ actions: [ModAction], into db: some DiscordBotBackendDatabase) throws {
        try db.write { tx in
            for warning in warnings { try tx.moderation.warnings.insert(warning) }
            for action in actions { try tx.moderation.modActions.insert(action) }
        }
    }

    // MARK: Queries

    /// One random query on `db`: its description and its answer as exact text.
    static func answer(_ random: inout SeededRandom, _ db: some DiscordBotBackendDatabase) throws -> (String, [String]) {
        if random.int(0..<4) == 0 { return try actionAnswer(&random, db) }
        return try warningAnswer(&random, db.warnings)
    }

    static func warningAnswer<Access>(_ random: inout SeededRandom, _ warnings: WarningRepository<Access>) throws -> (String, [String]) {
        let f = Warning.queryFields
        let condition = warningFilter(&random, depth: 2)
        let order: QueryOrder = random.bool() ? .indexOrder : .reverse
        let query: Query<Warning, Access>
        let shape: String
        switch random.int(0..<4) {
        case 0:
            query = Query(access: warnings.access, planning: condition, order: order, scope: nil)
            shape = "planned"
        case 1:
            let guild = Int64(random.int(1..<4))
            query = Query(access: warnings.access, planning: condition, order: order,
                          scope: Scope(positions: [f.guildID.position], values: [.int(guild)]))
            shape = "scoped to guild \(guild)"
        case 2:
            query = warnings.byGuildIDActiveUserID(guildID: Int64(random.int(1..<4)), order: order).filter(condition)
            shape = "by guild"
        default:
            query = warnings.byUserIDGuildIDActive(userID: .since(Int64(random.int(1..<7))), order: order).filter(condition)
            shape = "by user range"
        }
        let description = "\(shape) \(order) where \(condition.text)"
        switch random.int(0..<9) {
        case 0: return ("all: \(description)", try query.all().map(line))
        case 1: return ("first: \(description)", [try query.first().map(line) ?? "none"])
        case 2: return ("count: \(description)", ["\(try query.count())"])
        case 3:
            let limit = random.int(1..<30)
            var pages: [String] = []
            var cursor: PageCursor?
            repeat {
                let page = try query.fetch(limit: limit, after: cursor)
                pages.append(page.items.map(line).joined(separator: ";") + (page.hasMore ? " more" : " end"))
                cursor = page.next
            } while cursor != nil
            return ("pages of \(limit): \(description)", pages)
        case 4:
            let limit = random.int(1..<30)
            var pages: [String] = []
            var token: String?
            repeat {
                let page = try query.fetch(limit: limit, afterToken: token)
                pages.append(page.items.map(line).joined(separator: ";"))
                token = try page.nextToken
            } while token != nil
            return ("token pages of \(limit): \(description)", pages)
        case 5:
            let (name, value) = try total(&random, query)
            return ("\(name): \(description)", [value])
        default:
            let (name, groups) = try grouped(&random, query)
            return ("\(name): \(description)", groups)
        }
    }

    static func warningFilter(_ random: inout SeededRandom, depth: Int) -> QueryFilter<Warning> {
        random.filter(depth: depth, leaf: warningFilterTerm)
    }

    static func warningFilterTerm(_ random: inout SeededRandom) -> QueryFilter<Warning> {
        let f = Warning.queryFields
        let user = Int64(random.int(0..<8))
        switch random.int(0..<16) {
        case 0: return f.userID == user
        case 1: return f.userID != user
        case 2: return f.userID < user
        case 3: return f.userID >= user
        case 4: return f.guildID == Int64(random.int(1..<4))
        case 5: return f.moderatorID.isIn((0..<random.int(0..<4)).map { _ in Int64(random.int(0..<6)) })
        case 6: return f.reason == reasons[random.int(1..<reasons.count)]!
        case 7: return f.reason.hasPrefix(["", "sp", "spam", "é", "e", "Z"][random.int(0..<6)])
        case 8: return random.bool() ? f.reason.isNull : f.reason.isNotNull
        case 9: return f.reason < ["m", "e", "spam", "\u{1F600}"][random.int(0..<4)]
        case 10: return f.createdAt >= randomTime(&random)
        case 11: return f.createdAt.isIn(.between(randomTime(&random), and: randomTime(&random)))
        case 12: return random.bool() ? f.expiresAt.isNull : f.expiresAt > randomTime(&random)
        case 13: return f.active == random.bool()
        case 14: return random.bool() ? f.active.isNull : f.active != true
        default: return f.id.isIn(.from(Int64(random.int(0..<60)), through: Int64(random.int(40..<130))))
        }
    }

    static func total<Access>(_ random: inout SeededRandom, _ query: Query<Warning, Access>) throws -> (String, String) {
        let f = Warning.queryFields
        switch random.int(0..<9) {
        case 0: return ("sum user_id", "\(String(describing: try query.sum(f.userID)))")
        case 1: return ("average moderator_id", "\(String(describing: try query.average(f.moderatorID)?.bitPattern))")
        case 2: return ("min created_at", exact(try query.min(f.createdAt)))
        case 3: return ("max expires_at", exact(try query.max(f.expiresAt)))
        case 4: return ("min reason", exact(try query.min(f.reason)))
        case 5: return ("max reason", exact(try query.max(f.reason)))
        case 6: return ("min active", "\(String(describing: try query.min(f.active)))")
        case 7: return ("max active", "\(String(describing: try query.max(f.active)))")
        default: return ("max id", "\(String(describing: try query.max(f.id)))")
        }
    }

    static func grouped<Access>(_ random: inout SeededRandom, _ query: Query<Warning, Access>) throws -> (String, [String]) {
        let f = Warning.queryFields
        let orders: [GroupOrder] = [.keyAscending, .keyDescending, .valueAscending, .valueDescending]
        let order = orders[random.int(0..<4)]
        let limit: Int? = random.bool() ? nil : random.int(-1..<4)
        let how = "\(order) limit \(String(describing: limit))"
        switch random.int(0..<7) {
        case 0:
            return ("count by guild \(how)", try query.group(by: f.guildID).count(order: order, limit: limit).map { "\($0.key)=\($0.value)" })
        case 1:
            return ("sum of moderator by user \(how)",
                    try query.group(by: f.userID).sum(f.moderatorID, order: order, limit: limit).map { "\($0.key)=\(String(describing: $0.value))" })
        case 2:
            return ("average of user by active \(how)",
                    try query.group(by: f.active).average(f.userID, order: order, limit: limit).map {
                        "\(String(describing: $0.key))=\(String(describing: $0.value?.bitPattern))"
                    })
        case 3:
            return ("max reason by guild, user \(how)",
                    try query.group(by: f.guildID, f.userID).max(f.reason, order: order, limit: limit).map { "\($0.key)=\(exact($0.value))" })
        case 4:
            return ("min created_at by day of expires_at \(how)",
                    try query.group(byDayOf: f.expiresAt).min(f.createdAt, order: order, limit: limit).map { "\(exact($0.key))=\(exact($0.value))" })
        case 5:
            return ("count by hour of created_at \(how)",
                    try query.group(byHourOf: f.createdAt).count(order: order, limit: limit).map { "\(exact($0.key))=\($0.value)" })
        default:
            return ("count by reason \(how)", try query.group(by: f.reason).count(order: order, limit: limit).map { "\(exact($0.key))=\($0.value)" })
        }
    }

    /// Mod actions: enum, text and nullable integer columns, grouped by guild and day.
    static func actionAnswer(_ random: inout SeededRandom, _ db: some DiscordBotBackendDatabase) throws -> (String, [String]) {
        let f = ModAction.queryFields
        let types: [ModActionsActionType] = [.kick, .ban, .mute, .warn, .unmute, .unban]
        var condition: QueryFilter<ModAction>
        switch random.int(0..<5) {
        case 0: condition = f.actionType == types[random.int(0..<6)]
        case 1: condition = f.actionType.isIn([types[random.int(0..<6)], types[random.int(0..<6)]])
        case 2: condition = f.actionType > types[random.int(0..<6)]
        case 3: condition = f.duration.isNull || f.duration < Int32(random.int(-5..<600))
        default: condition = !(f.duration >= Int32(random.int(-5..<600))) && f.guildID == Int64(random.int(1..<3))
        }
        let query = db.modActions.filter { _ in condition }
        let description = "mod actions where \(condition.text)"
        switch random.int(0..<5) {
        case 0:
            return ("all: \(description)", try query.all().map { "\($0.id) \($0.actionType.rawValue) \(String(describing: $0.duration))" })
        case 1: return ("max action type: \(description)", ["\(String(describing: try query.max(f.actionType)))"])
        case 2:
            return ("sum duration by type: \(description)",
                    try query.group(by: f.actionType).sum(f.duration, order: .valueDescending, limit: 3).map { "\($0.key)=\(String(describing: $0.value))" })
        case 3:
            return ("count by guild and day: \(description)",
                    try query.group(by: f.guildID, dayOf: f.createdAt).count().map { "\($0.key.0) \(exact($0.key.1))=\($0.value)" })
        default:
            return ("average duration by moderator: \(description)",
                    try query.group(by: f.moderatorID).average(f.duration, order: .valueAscending).map { "\($0.key)=\(String(describing: $0.value?.bitPattern))" })
        }
    }

    /// A warning as exact text: strings by their UTF-8 bytes (Swift's `==` takes "é" and
    /// "e\u{301}" as equal), times to the microsecond.
    static func line(_ w: Warning) -> String {
        "\(w.id) \(w.userID) \(w.guildID) \(w.moderatorID) \(exact(w.reason)) \(exact(w.createdAt)) \(exact(w.expiresAt)) \(String(describing: w.active))"
    }

    static func exact(_ text: String?) -> String { text.map { "\(Array($0.utf8))" } ?? "nil" }
    static func exact(_ date: Date?) -> String { date.map { "\(Int64(($0.timeIntervalSince1970 * 1_000_000).rounded()))" } ?? "nil" }
}

extension SeededRandom {
    /// A random filter: with `depth` left, a third of the time an `&&`, `||` or `!` of smaller
    /// filters made the same way, otherwise one term of `leaf`.
    mutating func filter<Record>(depth: Int, leaf: (inout SeededRandom) -> QueryFilter<Record>) -> QueryFilter<Record> {
        guard depth > 0, int(0..<3) == 0 else { return leaf(&self) }
        let left = filter(depth: depth - 1, leaf: leaf)
        switch int(0..<3) {
        case 0: return left && filter(depth: depth - 1, leaf: leaf)
        case 1: return left || filter(depth: depth - 1, leaf: leaf)
        default: return !left
        }
    }
}
