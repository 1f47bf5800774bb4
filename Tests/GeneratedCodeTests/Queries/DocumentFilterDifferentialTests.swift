import Foundation
import SchemaGenRuntime
import SetaiBotData
import Testing
import SeededRandomness

/// Typed filters inside documents against SQLite's JSON functions on the same rows: random
/// `command_history` rows (null documents, ties, unicode strings) and random conditions on a
/// nested type's sub-fields (`json_extract`), two levels down, array counts (`json_array_length`),
/// and arrays inside documents (counts, emptiness, JSON elements through `json_each`), combined
/// with `&&`, `||` and `!` (SQL's three-valued logic).
/// JSON equality is not compared here: SQLite compares JSON as text (key order matters).
@Suite struct DocumentFilterDifferentialTests {
    typealias Fields = CommandHistory.QueryFields

    /// A condition both ways: the typed filter and its SQL over `t(id, ai, results)`.
    struct Condition {
        let filter: (Fields) -> QueryFilter<CommandHistory>
        let sql: String
    }

    static let intents = ["", "a", "ab", "b", "é", "éa", "e\u{301}", "日本", "mod.ban", "mod.kick"]
    static let scores = [0.1, 0.4, 0.5, 0.9]
    static let actions = ["ban", "kick", "create", "é"]

    static func literal(_ text: String) -> String { SQLiteShell.literal(text) }

    static func leaf(_ random: inout SeededRandom) -> Condition {
        let intent = random.pick(intents), score = random.pick(scores), action = random.pick(actions)
        let extract = "json_extract(ai, '$.intent')"
        let targets = "json_extract(ai, '$.structured_command.targets')"
        switch random.int(0...13) {
        case 0: return Condition(filter: { $0.aiInterpretation.intent == intent }, sql: "\(extract) = \(literal(intent))")
        case 1: return Condition(filter: { $0.aiInterpretation.intent < intent }, sql: "\(extract) < \(literal(intent))")
        case 2:
            // Prefixes compare UTF-8 bytes: compared as hex, since SQLite's substr of an empty blob is NULL.
            let digits = intent.utf8.count * 2
            return Condition(filter: { $0.aiInterpretation.intent.hasPrefix(intent) },
                             sql: "(CASE WHEN \(extract) IS NULL THEN NULL ELSE substr(hex(\(extract)), 1, \(digits)) = hex(\(literal(intent))) END)")
        case 3: return Condition(filter: { $0.aiInterpretation.confidenceScore >= score }, sql: "json_extract(ai, '$.confidence_score') >= \(score)")
        case 4:
            let other = random.pick(scores)
            return Condition(filter: { $0.aiInterpretation.confidenceScore.isIn([score, other]) },
                             sql: "json_extract(ai, '$.confidence_score') IN (\(score), \(other))")
        case 5:
            let flag = random.chance(50)
            return Condition(filter: { $0.aiInterpretation.cached == flag }, sql: "json_extract(ai, '$.cached') = \(flag ? 1 : 0)")
        case 6:
            return Condition(filter: { $0.aiInterpretation.structuredCommand.action != action },
                             sql: "json_extract(ai, '$.structured_command.action') <> \(literal(action))")
        case 7: return Condition(filter: { $0.aiInterpretation.intent.isNull }, sql: "\(extract) IS NULL")
        case 8:
            let count = Int64(random.int(0...3))
            return Condition(filter: { $0.results.count > count }, sql: "json_array_length(results) > \(count)")
        case 10:
            let count = Int64(random.int(0...3))
            return Condition(filter: { $0.aiInterpretation.structuredCommand.targets.count < count }, sql: "json_array_length(\(targets)) < \(count)")
        case 11:
            return Condition(filter: { $0.aiInterpretation.structuredCommand.targets.isEmpty }, sql: "json_array_length(\(targets)) = 0")
        case 12:
            // A null array is unknown, where SQLite's EXISTS over no rows is false.
            let (element, test) = random.pick(Self.targets)
            return Condition(filter: { $0.aiInterpretation.structuredCommand.targets.contains(element) },
                             sql: "(CASE WHEN \(targets) IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM json_each(\(targets)) WHERE \(test)) END)")
        case 13:
            let action = random.pick(actions)
            return Condition(filter: { $0.aiInterpretation.alternatives.count >= 1 && $0.aiInterpretation.structuredCommand.action == action },
                             sql: "(json_array_length(ai, '$.alternatives') >= 1 AND json_extract(ai, '$.structured_command.action') = \(literal(action)))")
        default:
            let count = Int64(random.int(0...3))
            return Condition(filter: { $0.results.count == count }, sql: "json_array_length(results) = \(count)")
        }
    }

    static func condition(_ random: inout SeededRandom, depth: Int) -> Condition {
        guard depth > 0, random.chance(60) else { return leaf(&random) }
        let a = condition(&random, depth: depth - 1)
        switch random.int(0...2) {
        case 0:
            let b = condition(&random, depth: depth - 1)
            return Condition(filter: { a.filter($0) && b.filter($0) }, sql: "(\(a.sql) AND \(b.sql))")
        case 1:
            let b = condition(&random, depth: depth - 1)
            return Condition(filter: { a.filter($0) || b.filter($0) }, sql: "(\(a.sql) OR \(b.sql))")
        default: return Condition(filter: { !a.filter($0) }, sql: "(NOT \(a.sql))")
        }
    }

    /// JSON elements of `targets` and their test in `json_each` (numbers are doubles in the store, so 2 and 2.0 are one).
    static let targets: [(JSONValue, String)] = [
        ("x", "type = 'text' AND value = 'x'"), ("é", "type = 'text' AND value = 'é'"), ("2", "type = 'text' AND value = '2'"),
        (2, "type IN ('integer', 'real') AND value = 2"), (2.5, "type IN ('integer', 'real') AND value = 2.5"),
    ]

    static func interpretation(_ random: inout SeededRandom) -> AIInterpretation? {
        guard random.chance(75) else { return nil }
        let targets = (0..<random.int(0...3)).map { _ in random.pick(Self.targets).0 }
        let alternatives = (0..<random.int(0...2)).map { _ in StructuredCommand(action: "a", targets: [], modifiers: [], conditions: []) }
        return AIInterpretation(originalText: "t", confidenceScore: random.pick(scores), intent: random.pick(intents), entities: [],
                                structuredCommand: StructuredCommand(action: random.pick(actions), targets: targets, modifiers: [], conditions: []),
                                alternatives: alternatives, processingTime: 1, modelUsed: "m", cached: random.chance(50))
    }

    @Test(arguments: 0..<6)
    func matchesSQLiteJSONFunctions(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) &* 7919 &+ 17)
        let directory = TemporaryDirectory()
        let clock = TestClock()
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.users.insert(User(userID: 1, username: "owner", discriminator: "0001", status: .active, createdAt: clock.now, updatedAt: clock.now))
        try db.servers.insert(Server(serverID: 100, name: "Guild", ownerID: 1, botPermissions: [], status: .active, joinedAt: clock.now, updatedAt: clock.now))
        let encoder = JSONEncoder()
        var script = "CREATE TABLE t(id TEXT, ai TEXT, results TEXT);\n"
        for row in 0..<random.int(0...30) {
            let ai = Self.interpretation(&random)
            let results = (0..<random.int(0...3)).map { _ in
                ExecutionResult(action: "a", targetType: .role, success: random.chance(50), details: [:], executionTime: 0.5)
            }
            try db.commandHistory.insert(CommandHistory(serverID: 100, userID: 1, commandType: .roleManagement, commandText: "r\(row)",
                                                        parameters: [:], aiInterpretation: ai, results: results, status: .completed,
                                                        executedAt: clock.now))
            let aiText = try ai.map { Self.literal(String(decoding: try encoder.encode($0), as: UTF8.self)) } ?? "NULL"
            let resultsText = Self.literal(String(decoding: try encoder.encode(results), as: UTF8.self))
            script += "INSERT INTO t VALUES ('r\(row)', \(aiText), \(resultsText));\n"
        }
        let conditions = (0..<60).map { _ in Self.condition(&random, depth: 2) }
        for (number, condition) in conditions.enumerated() {
            script += "SELECT \(number), id FROM t WHERE \(condition.sql);\n"
        }
        var expected = Array(repeating: [String](), count: conditions.count)
        for row in try SQLiteShell.rows(script) { expected[Int(row[0])!].append(row[1]) }
        for (number, condition) in conditions.enumerated() {
            let found = try db.commandHistory.filter(condition.filter).all().map(\.commandText).sorted()
            #expect(found == expected[number].sorted(), "seed \(seed): \(condition.sql)")
        }
    }
}
