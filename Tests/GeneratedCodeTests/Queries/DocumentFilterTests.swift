import Foundation
import SchemaGenRuntime
import SetaiBotData
import Testing

/// Typed filters inside documents on the store (setai's `command_history`): a nested type's
/// sub-fields (`$0.aiInterpretation.intent`), through two levels, JSON equality as canonical
/// text (`==`, `isIn`), arrays' `count` and `contains` of nested documents, and arrays inside
/// documents (`count`, `isEmpty`, `contains` of JSON values and documents).
@Suite struct DocumentFilterTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    static func interpretation(_ intent: String, confidence: Double, action: String, cached: Bool, targets: [JSONValue] = ["x"],
                               alternatives: [StructuredCommand] = []) -> AIInterpretation {
        AIInterpretation(originalText: "text of \(intent)", confidenceScore: confidence, intent: intent, entities: [],
                         structuredCommand: StructuredCommand(action: action, targets: targets, modifiers: [], conditions: []),
                         alternatives: alternatives, processingTime: 10, modelUsed: cached ? "m2" : "m1", cached: cached)
    }
    static let kick = StructuredCommand(action: "kick", targets: [1], modifiers: [], conditions: [])
    static let created = ExecutionResult(action: "create", targetType: .channel, targetID: "555", success: true, details: [:], executionTime: 0.2)
    static let banned = ExecutionResult(action: "ban", targetType: .role, targetID: "7", success: false, details: ["why": "spam"], executionTime: 0.1)

    /// c1…c5 (their command texts): documents, null documents, JSON null and `-0`.
    func open() throws -> SetaiBotDatabase {
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.users.insert(User(userID: 1, username: "owner", discriminator: "0001", status: .active, createdAt: clock.now, updatedAt: clock.now))
        try db.servers.insert(Server(serverID: 100, name: "Guild", ownerID: 1, botPermissions: [], status: .active, joinedAt: clock.now, updatedAt: clock.now))
        let rows: [(String, JSONValue, AIInterpretation?, [ExecutionResult])] = [
            ("c1", ["name": "welcome", "n": 1], Self.interpretation("channel.create", confidence: 0.9, action: "create", cached: false), [Self.created]),
            ("c2", ["n": 1.0, "name": "welcome"], Self.interpretation("moderation.ban", confidence: 0.4, action: "ban", cached: true,
                                                  targets: ["x", 2, ["k": 1]], alternatives: [Self.kick]), [Self.created, Self.banned]),
            ("c3", .null, nil, []),
            ("c4", ["name": "Welcome"], Self.interpretation("channel.delete", confidence: 0.5, action: "delete", cached: false, targets: []), [Self.banned]),
            ("c5", .number(-0.0), nil, []),
        ]
        for (text, parameters, interpretation, results) in rows {
            try db.commandHistory.insert(CommandHistory(serverID: 100, userID: 1, commandType: .channelManagement, commandText: text,
                                                        parameters: parameters, aiInterpretation: interpretation, results: results,
                                                        status: .completed, executedAt: clock.now))
            clock.advance(days: 0.001)
        }
        return db
    }

    func texts(_ db: SetaiBotDatabase, _ condition: (CommandHistory.QueryFields) -> QueryFilter<CommandHistory>) throws -> [String] {
        try db.commandHistory.filter(condition).all().map(\.commandText).sorted()
    }

    @Test func subFieldsOfANestedDocument() throws {
        let db = try open()
        #expect(try texts(db) { $0.aiInterpretation.intent == "moderation.ban" } == ["c2"])
        #expect(try texts(db) { $0.aiInterpretation.intent.hasPrefix("channel.") } == ["c1", "c4"])
        #expect(try texts(db) { $0.aiInterpretation.confidenceScore >= 0.5 } == ["c1", "c4"])
        #expect(try texts(db) { $0.aiInterpretation.confidenceScore.isIn(.between(0.4, and: 0.9)) } == ["c2", "c4"])
        #expect(try texts(db) { $0.aiInterpretation.modelUsed.isIn(["m2", "m9"]) } == ["c2"])
        // Two levels down.
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.action != "ban" } == ["c1", "c4"])
        // A member of a null document is null: unknown in comparisons, and for their negation.
        #expect(try texts(db) { $0.aiInterpretation.intent.isNull } == ["c3", "c5"])
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.action.isNotNull } == ["c1", "c2", "c4"])
        #expect(try texts(db) { !($0.aiInterpretation.cached == true) } == ["c1", "c4"])
        #expect(try texts(db) { $0.aiInterpretation.cached == true || $0.aiInterpretation.isNull } == ["c2", "c3", "c5"])
        // The whole document by its stored encoding.
        let first = Self.interpretation("channel.create", confidence: 0.9, action: "create", cached: false)
        #expect(try texts(db) { $0.aiInterpretation == first } == ["c1"])
    }

    @Test func jsonEqualityIsCanonicalText() throws {
        let db = try open()
        // Key order and the spelling of a number do not matter; string bytes do.
        #expect(try texts(db) { $0.parameters == ["name": "welcome", "n": 1] } == ["c1", "c2"])
        #expect(try texts(db) { $0.parameters == ["name": "welcome"] } == [])
        #expect(try texts(db) { $0.parameters == .null } == ["c3"])
        #expect(try texts(db) { $0.parameters == 0 } == ["c5"])
        #expect(try texts(db) { $0.parameters != ["name": "welcome", "n": 1] } == ["c3", "c4", "c5"])
        // JSON null is a value: `!= .null` leaves it out.
        #expect(try texts(db) { $0.results.count == 0 && $0.parameters != .null } == ["c5"])
    }

    @Test func arrayCountsAndNestedElements() throws {
        let db = try open()
        #expect(try texts(db) { $0.results.count == 2 } == ["c2"])
        #expect(try texts(db) { $0.results.count >= 1 } == ["c1", "c2", "c4"])
        #expect(try texts(db) { $0.results.contains(Self.banned) } == ["c2", "c4"])
        var other = Self.banned
        other.executionTime = 0.3
        #expect(try texts(db) { $0.results.contains(other) } == [])
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.isNotNull && $0.results.count < 2 } == ["c1", "c4"])
    }

    @Test func arraysInsideDocumentsAndJSONMembership() throws {
        let db = try open()
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.targets.count == 3 } == ["c2"])
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.targets.count >= 1 } == ["c1", "c2"])
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.targets.isEmpty } == ["c4"])
        #expect(try texts(db) { !$0.aiInterpretation.structuredCommand.targets.isEmpty } == ["c1", "c2"])
        // A null document's array is null: unknown for emptiness, counts and elements.
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.targets.isNull } == ["c3", "c5"])
        #expect(try texts(db) { !$0.aiInterpretation.structuredCommand.targets.contains("x") } == ["c4"])
        // JSON elements by canonical text (2 is 2.0, key order is free), documents by their encoding.
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.targets.contains("x") } == ["c1", "c2"])
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.targets.contains(2.0) } == ["c2"])
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.targets.contains(["k": 1.0]) } == ["c2"])
        #expect(try texts(db) { $0.aiInterpretation.structuredCommand.targets.contains("X") } == [])
        #expect(try texts(db) { $0.aiInterpretation.alternatives.contains(Self.kick) } == ["c2"])
        #expect(try texts(db) { $0.aiInterpretation.alternatives.count == 0 && $0.aiInterpretation.entities.isEmpty } == ["c1", "c4"])
        // JSON membership as canonical text; JSON null is a value, an empty list matches nothing.
        #expect(try texts(db) { $0.parameters.isIn([["n": 1, "name": "welcome"], .null]) } == ["c1", "c2", "c3"])
        #expect(try texts(db) { $0.parameters.isIn([]) } == [])
        #expect(try texts(db) { !$0.parameters.isIn([0, ["name": "Welcome"]]) } == ["c1", "c2", "c3"])
        let plan = try db.commandHistory.filter { $0.aiInterpretation.structuredCommand.targets.contains("x") && $0.parameters.isIn([0]) }.explain()
        #expect(plan.description.hasSuffix("check: (ai_interpretation.structured_command.targets contains '\"x\"' and json(parameters) in ('0'))"))
    }

    @Test func plansNameThePathAndCombineWithIndexes() throws {
        let db = try open()
        let plan = try db.commandHistory.filter { $0.aiInterpretation.structuredCommand.action == "ban" && $0.results.count > 1 }.explain()
        #expect(plan.description.hasSuffix("check: (ai_interpretation.structured_command.action = 'ban' and results.count > 1)"))
        // Keys sorted by bytes, whole numbers as integers, `-0` as `0`, other numbers shortest.
        let json = try db.commandHistory.filter { $0.parameters == ["d": 1.0, "b": [true], "a": "é", "e": .null, "c": 2.5, "f": -0.0, "É": "x"] }.explain()
        #expect(json.description.hasSuffix("check: json(parameters) = '{\"a\":\"é\",\"b\":[true],\"c\":2.5,\"d\":1,\"e\":null,\"f\":0,\"É\":\"x\"}'"))
        // Under an index prefix, the member terms are checked on the rows it reads; pages resume.
        let query = db.commandHistory.byServerID(serverID: 100).filter { $0.aiInterpretation.confidenceScore < 0.6 }
        let first = try query.fetch(limit: 1)
        let token = try #require(try first.nextToken)
        let rest = try query.fetch(limit: 5, afterToken: token)
        #expect((first.items + rest.items).map(\.commandText).sorted() == ["c2", "c4"])
    }
}
