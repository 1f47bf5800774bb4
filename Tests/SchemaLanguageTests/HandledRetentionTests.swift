import Testing
@testable import SchemaLanguage

/// `handled delete …`: parsed and checked onto the rule, kept by the formatter, refused on rules
/// other than deletes, and a change of the mark is one SG608 change in the diff.
@Suite struct HandledRetentionTests {
    static func text(_ rule: String) -> String {
        """
        schema s {
          targets sqlite, postgres
        }

        table bans {
          id         int64 primary auto
          expires_at timestamp
          created_at timestamp
          retain {
            \(rule)
          }
        }

        """
    }

    @Test func handledDeletesAreMarkedOnTheRule() throws {
        let at = try #require(compile(Self.text("handled delete at expires_at")).schema)
        let rule = try #require(at.entity(named: "bans")?.retention.first)
        #expect(rule.isHandled)
        #expect(!rule.isDatabaseJob && rule.isJob)
        #expect(rule.kind == .expireAt(field: "expires_at", condition: nil))
        #expect(rule.source == "handled delete at expires_at")

        let after = try #require(compile(Self.text("handled delete after 90d by created_at")).schema)
        #expect(after.entity(named: "bans")?.retention.first?.isHandled == true)
        let plain = try #require(compile(Self.text("delete at expires_at")).schema)
        #expect(plain.entity(named: "bans")?.retention.first?.isHandled == false)
    }

    @Test func onlyDeletesCanBeHandled() {
        let errors = compile(Self.text("handled archive after 90d by created_at into bans")).diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.message) == ["expected 'delete' after 'handled', found 'archive'"])
    }

    @Test func theFormatterKeepsTheMark() {
        let messy = Self.text("handled   delete at  expires_at").replacingOccurrences(of: "    handled", with: "handled")
        let formatted = SchemaFormatter.format(path: "t.schema", text: messy).formatted
        #expect(formatted == Self.text("handled delete at expires_at"))
    }

    @Test func changingTheMarkIsOneChange() throws {
        let plain = try #require(compile(Self.text("delete at expires_at"), path: "old.schema").schema)
        let handled = try #require(compile(Self.text("handled delete at expires_at"), path: "new.schema").schema)
        let forward = try #require(SchemaDiff.compare(plain, handled).diff)
        #expect(forward.changes.map(\.code) == [.retentionHandledChanged])
        #expect(forward.changes.first?.classes == [])
        let backward = try #require(SchemaDiff.compare(handled, plain).diff)
        #expect(backward.changes.map(\.code) == [.retentionHandledChanged])
        #expect(backward.changes.first?.classes == [.destructive])
    }
}
