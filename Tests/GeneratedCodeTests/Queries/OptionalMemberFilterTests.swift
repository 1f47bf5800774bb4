import Foundation
import SchemaGenRuntime
import SyncaraBotData
import Testing

/// Optional arrays and JSON values inside optional documents on the store (syncara's `users`:
/// `preferences.topics_of_interest [string]?`, `learning_data.frequently_asked [json]?`,
/// `ai_learning_patterns.topics json?`): null when the member or its document is absent, JSON
/// `null` a value, JSON compared as canonical text.
@Suite struct OptionalMemberFilterTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// u1 has every member, u2 empty or other ones, u3 no documents (or an empty one).
    func open() throws -> SyncaraBotDatabase {
        let db = try SyncaraBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        _ = try db.database.users.insert(User(userID: 1, firstSeen: clock.now,
                                 preferences: Preferences(topicsOfInterest: ["ai", "go"]),
                                 learningData: LearningData(frequentlyAsked: ["q", 1]),
                                 aiLearningPatterns: LearningPatterns(questionTypes: .null, topics: ["a": 1, "b": 2])))
        _ = try db.database.users.insert(User(userID: 2, firstSeen: clock.now,
                                 preferences: Preferences(topicsOfInterest: [], avoidedTopics: ["x"]),
                                 aiLearningPatterns: LearningPatterns(topics: ["b": 2.0, "a": 1])))
        _ = try db.database.users.insert(User(userID: 3, firstSeen: clock.now, learningData: LearningData()))
        return db
    }

    func ids(_ db: SyncaraBotDatabase, _ condition: (User.QueryFields) -> QueryFilter<User>) throws -> [Int64] {
        try db.users.filter(condition).all().map(\.userID).sorted()
    }

    @Test func optionalArraysInsideOptionalDocuments() throws {
        let db = try open()
        #expect(try ids(db) { $0.preferences.topicsOfInterest.contains("go") } == [1])
        #expect(try ids(db) { $0.preferences.topicsOfInterest.isEmpty } == [2])
        #expect(try ids(db) { $0.preferences.topicsOfInterest.isNull } == [3])
        #expect(try ids(db) { $0.preferences.avoidedTopics.isNull } == [1, 3])
        #expect(try ids(db) { $0.preferences.avoidedTopics.count == 1 && !$0.preferences.avoidedTopics.contains("y") } == [2])
        #expect(try ids(db) { $0.learningData.frequentlyAsked.contains(1.0) && $0.learningData.frequentlyAsked.count == 2 } == [1])
        #expect(try ids(db) { $0.learningData.frequentlyAsked.isNull } == [2, 3])
        #expect(try ids(db) { !$0.learningData.frequentlyAsked.contains("Q") } == [1])
    }

    @Test func optionalJSONInsideOptionalDocuments() throws {
        let db = try open()
        #expect(try ids(db) { $0.aiLearningPatterns.topics == ["a": 1, "b": 2] } == [1, 2])
        #expect(try ids(db) { $0.aiLearningPatterns.topics != ["a": 1] } == [1, 2])
        #expect(try ids(db) { $0.aiLearningPatterns.questionTypes == .null } == [1])
        #expect(try ids(db) { $0.aiLearningPatterns.questionTypes.isNull } == [2, 3])
        #expect(try ids(db) { $0.aiLearningPatterns.topics.isIn([["a": 1], "x"]) } == [])
        #expect(try ids(db) { $0.aiLearningPatterns.questionTypes.isIn([.null, 1]) || $0.aiLearningPatterns.isNull } == [1, 3])
        let plan = try db.users.filter { $0.aiLearningPatterns.topics == ["b": 2, "a": 1] }.explain()
        #expect(plan.description.hasSuffix("check: json(ai_learning_patterns.topics) = '{\"a\":1,\"b\":2}'"))
    }
}
