import Testing
@testable import SchemaLanguage

/// `pages at most N`: the entity's largest page, checked for range and repetition, kept by the
/// formatter, and a change is one SG610 change (incompatible only when the limit shrinks).
@Suite struct PageLimitTests {
    static func text(_ line: String) -> String {
        """
        schema s {
          targets mongo
        }

        collection tasks {
          id    objectid primary auto named "_id"
          pages string
          \(line)
        }

        """
    }

    @Test func theLimitIsOnTheEntity() throws {
        let schema = try #require(compile(Self.text("pages at most 100")).schema)
        #expect(schema.entity(named: "tasks")?.pageLimit == 100)
        #expect(schema.entity(named: "tasks")?.fields.map(\.name) == ["id", "pages"])  // a field may still be called pages
        let plain = try #require(compile(Self.text("")).schema)
        #expect(plain.entity(named: "tasks")?.pageLimit == nil)
    }

    /// A second line is reported even when the first one was out of range (and so resolved to nothing).
    @Test func aSecondLineAfterAnInvalidOneIsReported() {
        let errors = compile(Self.text("pages at most 0\n  pages at most 20")).diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.message) == ["a page size limit must be between 1 and 10000", "a second 'pages at most' line"])
    }

    @Test func theLimitIsBetweenOneAndTenThousand() {
        for line in ["pages at most 0", "pages at most 10001"] {
            let errors = compile(Self.text(line)).diagnostics.filter { $0.severity == .error }
            #expect(errors.map(\.message) == ["a page size limit must be between 1 and 10000"])
        }
        let twice = compile(Self.text("pages at most 10\n  pages at most 20")).diagnostics.filter { $0.severity == .error }
        #expect(twice.map(\.message) == ["a second 'pages at most' line"])
        let noNumber = compile(Self.text("pages at most many")).diagnostics.filter { $0.severity == .error }
        #expect(noNumber.map(\.message) == ["expected the largest page size, found 'many'"])
    }

    @Test func theFormatterKeepsTheLimit() {
        let formatted = SchemaFormatter.format(path: "t.schema", text: Self.text("pages   at  most 100")).formatted
        #expect(formatted == Self.text("pages at most 100"))
    }

    @Test func changingTheLimitIsOneChange() throws {
        let hundred = try #require(compile(Self.text("pages at most 100"), path: "a.schema").schema)
        let fifty = try #require(compile(Self.text("pages at most 50"), path: "b.schema").schema)
        let smaller = try #require(SchemaDiff.compare(hundred, fifty).diff).changes
        #expect(smaller.map(\.code) == [.pageLimitChanged] && smaller.first?.classes == [.incompatible])
        let larger = try #require(SchemaDiff.compare(fifty, hundred).diff).changes
        #expect(larger.map(\.code) == [.pageLimitChanged] && larger.first?.classes == [])
    }

    /// No `pages at most` line means the runtime's 100, not "unlimited": adding a limit below it
    /// shrinks pages, and removing a limit above it shrinks them too.
    @Test func noLimitIsTheDefaultOfOneHundred() throws {
        let plain = try #require(compile(Self.text(""), path: "a.schema").schema)
        for (line, incompatible) in [("pages at most 50", true), ("pages at most 200", false)] {
            let limited = try #require(compile(Self.text(line), path: "b.schema").schema)
            let added = try #require(SchemaDiff.compare(plain, limited).diff).changes
            #expect(added.map(\.code) == [.pageLimitChanged])
            #expect(added.first?.classes == (incompatible ? [.incompatible] : []), "adding \(line)")
            #expect(added.first?.summary == "tasks: pages at most \(line.split(separator: " ").last!) instead of the default (100)")
            let removed = try #require(SchemaDiff.compare(limited, plain).diff).changes
            #expect(removed.map(\.code) == [.pageLimitChanged])
            #expect(removed.first?.classes == (incompatible ? [] : [.incompatible]), "removing \(line)")
        }
    }
}
