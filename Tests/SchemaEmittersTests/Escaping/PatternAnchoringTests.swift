import Foundation
import SchemaGenRuntime
@testable import SchemaEmitters
import SchemaLanguage
import Testing

/// One value checked against one schema pattern, and whether the whole value matches.
struct PatternCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let value: String
    let matches: Bool

    init(_ pattern: String, _ value: String, _ matches: Bool) {
        self.pattern = pattern
        self.value = value
        self.matches = matches
    }

    var testDescription: String { "\(pattern.debugDescription) ~ \(value.debugDescription)" }
}

/// A schema `pattern` means "the whole value matches" in every target that checks patterns:
/// PostgreSQL and MariaDB `CHECK`s, the generated Swift validators and MongoDB validators (their
/// pattern read by JavaScript under node). One table of cases, including an alternation the
/// anchors must enclose and trailing newlines `$` alone would let through. SQLite checks no pattern.
@Suite("Patterns match the whole value in every target")
struct PatternAnchoringTests {
    static let cases: [PatternCase] = [
        .init("a|b", "a", true), .init("a|b", "b", true), .init("a|b", "ab", false),
        .init("a|b", "xb", false), .init("a|b", "ax", false), .init("a|b", "a\n", false),
        .init("^a|b$", "a", true), .init("^a|b$", "ax", false), .init("^a|b$", "xb", false),
        .init("[a-z]+", "abc", true), .init("[a-z]+", "abc\n", false), .init("[a-z]+", "\nabc", false),
        .init("[a-z]+", "aBc", false), .init("[a-z]+$", "abc\n", false),
        .init("(a|b)c", "bc", true), .init("(a|b)c", "c", false),
        .init("x\ny", "x\ny", true), .init("x\ny", "x\ny\n", false),
        .init("[0-9]{3}", "123", true), .init("[0-9]{3}", "1234", false),
    ]

    /// The distinct patterns, in order; table `p<i>` checks pattern `i`.
    static let patterns: [String] = cases.map(\.pattern).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }

    /// Per pattern a table `p<i>` and a collection `c<i>`, each with `v text pattern "…"`.
    static func schema() throws -> Schema {
        let entities = patterns.enumerated().map { index, pattern in
            "table p\(index) {\n  id int64 primary auto\n  v text pattern \(Lexer.quote(pattern))\n}\n"
                + "collection c\(index) {\n  id objectid primary auto named \"_id\"\n  v text pattern \(Lexer.quote(pattern))\n}\n"
        }
        return try SeedSchemas.compile("schema patterns { targets postgres, mysql, mongo }\n" + entities.joined())
    }

    @Test(arguments: [SQLDialect.postgres, .mysql])
    func serversCheckTheWholeValue(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        try db.run(SQLEmitter().ddl(try Self.schema(), for: dialect))
        for testCase in Self.cases {
            let table = db.q("p\(Self.patterns.firstIndex(of: testCase.pattern)!)")
            let insert = "INSERT INTO \(table) (\(db.q("v"))) VALUES (\(dialect.string(testCase.value)));"
            if testCase.matches {
                try db.run(insert)
            } else {
                db.expectRejected(insert, containing: "ck_p")  // the pattern's CHECK constraint
            }
        }
    }

    @Test(arguments: cases)
    func swiftValidatorChecksTheWholeValue(_ testCase: PatternCase) {
        var failures: [ValidationFailure] = []
        Check.pattern(testCase.value, testCase.pattern, at: "v", into: &failures)
        #expect(failures.isEmpty == testCase.matches, "\(failures)")
    }

    /// The validator's pattern as setup.js writes it, run by JavaScript's `RegExp` (MongoDB runs
    /// it with PCRE, which reads this form the same way).
    @Test func mongoValidatorPatternsCheckTheWholeValue() throws {
        let setup = try #require(MongoEmitter().emit(try Self.schema()).first { $0.path == "mongo/setup.js" }?.contents)
        for pattern in Self.patterns {
            let written = "pattern: " + JavaScriptSyntax.stringLiteral(WholeMatchPattern.mongo(pattern))
            #expect(setup.contains(written), "setup.js lacks \(written)")
        }
        let node = try NodeRunner()
        defer { node.cleanUp() }
        let pairs = Self.cases.map { [WholeMatchPattern.mongo($0.pattern), $0.value] }
        try node.write("cases.json", String(decoding: try JSONSerialization.data(withJSONObject: pairs), as: UTF8.self))
        try node.write("check.js", """
            const cases = require("./cases.json");
            console.log(JSON.stringify(cases.map(([pattern, value]) => new RegExp(pattern).test(value))));
            """)
        let result = try node.run(["check.js"])
        #expect(result.status == 0, "\(result.output)")
        let matches = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [Bool]
        #expect(matches == Self.cases.map(\.matches))
    }
}
