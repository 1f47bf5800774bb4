import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Randomized model test: long seeded sequences of transactions against the store and against a
/// plain in-memory model that implements the same rules, compared after every step, with
/// rollbacks, reopens and checkpoints mixed in.
@Suite struct StoreModelTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("users", columns: [.init("id", .int), .init("name", .string), .init("email", .string, nullable: true)],
                        primaryKey: ["id"], indexes: [IndexDefinition("email", on: ["email"], unique: true)]),
        TableDefinition("posts", columns: [.init("id", .int), .init("user", .int), .init("score", .int), .init("title", .string)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byUser", on: ["user", .descending("score")]), IndexDefinition("byScore", on: ["score"])],
                        foreignKeys: [ForeignKeyDefinition("user", columns: ["user"], references: "users", ["id"], onDelete: .cascade)]),
    ])

    /// The reference: plain dictionaries and the same constraint rules.
    struct Model: Equatable {
        var users: [Int64: Row] = [:]
        var posts: [Int64: Row] = [:]

        /// Applies one operation; returns the error the store must throw instead (leaving the model unchanged).
        mutating func apply(_ op: Operation) -> StoreError? {
            switch op {
            case .insertUser(let id, let email):
                if users[id] != nil { return .duplicatePrimaryKey(table: "users", key: [.int(id)]) }
                if let email, users.values.contains(where: { $0[2] == .string(email) }) {
                    return .uniqueViolation(table: "users", index: "email", key: [.string(email)])
                }
                users[id] = [.int(id), .string("u\(id)"), email.map(StoreValue.string) ?? .null]
            case .insertPost(let id, let user, let score):
                if posts[id] != nil { return .duplicatePrimaryKey(table: "posts", key: [.int(id)]) }
                if users[user] == nil { return .missingParent(table: "posts", foreignKey: "user", parentTable: "users", key: [.int(user)]) }
                posts[id] = [.int(id), .int(user), .int(score), .string("p\(id)")]
            case .setScore(let id, let score):
                guard var row = posts[id] else { return .rowNotFound(table: "posts", key: [.int(id)]) }
                row[2] = .int(score)
                posts[id] = row
            case .deleteUser(let id):
                users[id] = nil
                posts = posts.filter { $0.value[1] != .int(id) }
            case .deletePost(let id):
                posts[id] = nil
            }
            return nil
        }
    }

    enum Operation {
        case insertUser(Int64, String?), insertPost(Int64, user: Int64, score: Int64), setScore(Int64, Int64)
        case deleteUser(Int64), deletePost(Int64)

        static func random(_ rng: inout SeededRandom) -> Operation {
            let id = Int64.random(in: 0..<40, using: &rng)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0, 1: return .insertUser(id, Bool.random(using: &rng) ? "e\(Int.random(in: 0..<30, using: &rng))" : nil)
            case 2, 3, 4: return .insertPost(Int64.random(in: 0..<150, using: &rng), user: id, score: Int64.random(in: -5...5, using: &rng))
            case 5, 6: return .setScore(Int64.random(in: 0..<150, using: &rng), Int64.random(in: -5...5, using: &rng))
            case 7: return .deleteUser(id)
            default: return .deletePost(Int64.random(in: 0..<150, using: &rng))
            }
        }

        /// Performs the operation; returns the constraint error it threw, if any (other errors propagate).
        func perform(_ tx: WriteTransaction) throws -> StoreError? {
            do {
                switch self {
                case .insertUser(let id, let email):
                    try tx.insert([.int(id), .string("u\(id)"), email.map(StoreValue.string) ?? .null], into: "users")
                case .insertPost(let id, let user, let score):
                    try tx.insert([.int(id), .int(user), .int(score), .string("p\(id)")], into: "posts")
                case .setScore(let id, let score):
                    try tx.update("posts", primaryKey: [.int(id)], set: ["score": .int(score)])
                case .deleteUser(let id): try tx.delete(primaryKey: [.int(id)], from: "users")
                case .deletePost(let id): try tx.delete(primaryKey: [.int(id)], from: "posts")
                }
                return nil
            } catch let error as StoreError {
                switch error {
                case .duplicatePrimaryKey, .uniqueViolation, .missingParent, .rowNotFound: return error
                default: throw error
                }
            }
        }
    }

    struct Rollback: Error {}

    /// Run on both checkpoint formats; the page file with a cache far smaller than the data.
    @Test(arguments: [CheckpointFormat.snapshotFile, .pages])
    func randomTransactionsMatchTheModel(format: CheckpointFormat) throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        var fastOptions = fastOptions
        fastOptions.checkpointFormat = format
        fastOptions.pageCacheNodes = 4
        var store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
        var model = Model()
        let steps = heavyTests ? 100_000 : 3000
        for step in 0..<steps {
            let context: Comment = "seed \(seed) step \(step) (replay with SCHEMAGEN_SEED=\(seed))"
            switch Int.random(in: 0..<100, using: &rng) {
            case 0:
                store.close()
                store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
            case 1:
                try store.checkpoint()
            default:
                let ops = (0..<Int.random(in: 1...5, using: &rng)).map { _ in Operation.random(&rng) }
                let commit = Int.random(in: 0..<5, using: &rng) != 0
                var next = model
                var outcomes: [StoreError?] = []
                let expected = ops.map { next.apply($0) }
                do {
                    try store.write { tx in
                        outcomes = try ops.map { try $0.perform(tx) }
                        if !commit { throw Rollback() }
                    }
                } catch is Rollback {}
                #expect(outcomes == expected, context)
                if commit { model = next }
            }
            let s = store.snapshot
            let users = try s.scan("users"), posts = try s.scan("posts")
            #expect(users == model.users.keys.sorted().map { model.users[$0]! }, context)
            #expect(posts == model.posts.keys.sorted().map { model.posts[$0]! }, context)
            let user = Int64.random(in: 0..<40, using: &rng)
            let byUser = try s.scan("posts", index: "byUser", prefix: [.int(user)], limit: 3)
            let expectedByUser = model.posts.values.filter { $0[1] == .int(user) }
                .sorted { ($0[2].intValue!, -$0[0].intValue!) > ($1[2].intValue!, -$1[0].intValue!) }.prefix(3)
            #expect(byUser == Array(expectedByUser), context)
            if step % 200 == 0 { try s.checkInvariants() }
            if users != model.users.keys.sorted().map({ model.users[$0]! }) { break }
        }
        try store.snapshot.checkInvariants()
        store.close()
        _ = try Store.verify(at: dir.store(), schema: Self.schema)
        #expect(FileManager.default.fileExists(atPath: dir.store() + "/pages.meta") == (format == .pages))
    }
}
