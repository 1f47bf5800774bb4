import Testing
@testable import SchemaLanguage

/// `delete history entries after 30d by timestamp`: the old elements of an array of a declared
/// type leave the array, the row stays (seed 000's "Canvas History: 30 days retention"). Checked
/// for the array and its element's time field, kept by the formatter, a destructive SG601 change.
@Suite struct EntryRetentionTests {
    static func text(_ rule: String, history: String = "[Entry]?") -> String {
        """
        schema s {
          targets mongo
        }

        type Entry {
          content text
          at      timestamp?
          size    int32
        }

        collection files {
          id      objectid primary auto named "_id"
          name    string
          history \(history)
          retain { \(rule) }
        }

        """
    }

    static let cases: [DiagnosticCase] = [
        .init("resolveRule: not an array of a type", text("delete @name entries after 30d by at"),
              "entries expire from an array of a declared type, but 'name' is string"),
        .init("resolveRule: array of strings", text("delete @history entries after 30d by at", history: "[string]"),
              "entries expire from an array of a declared type, but 'history' is [string]"),
        .init("resolveRule: unknown element field", text("delete history entries after 30d by @when"),
              "'when' is not a field of 'Entry', the type of 'history' entries"),
        .init("resolveRule: element field not a time", text("delete history entries after 30d by @size"),
              "entries expire by 'Entry.size', which is int32, not a timestamp"),
        .init("resolveRetention: handled entries", text("@handled delete history entries after 30d by at"),
              "only whole rows can be handled"),
        .init("parseRetentionRule: entries need an age", text("delete history entries @by at"),
              "expected 'after', found 'by'"),
    ]

    @Test(arguments: cases)
    func diagnostic(_ diagnosticCase: DiagnosticCase) { diagnosticCase.verify() }

    @Test func theRuleNamesTheArrayAndTheElementsTimeField() throws {
        let schema = try #require(compile(Self.text("delete history entries after keep = 30d by at")).schema)
        let rule = try #require(schema.entity(named: "files")?.retention.first)
        #expect(rule.kind == .expireEntries(after: TimeSpan("30d")!, array: "history", field: "at"))
        #expect(rule.period == "keep" && rule.namedPeriod == RetentionPeriod(name: "keep", defaultSpan: TimeSpan("30d")!))
        #expect(rule.isJob && rule.isDatabaseJob)
    }

    @Test func theFormatterKeepsTheRule() {
        let text = Self.text("delete   history entries   after 30d  by at")
        #expect(SchemaFormatter.format(path: "t.schema", text: text).formatted == Self.text("delete history entries after 30d by at"))
    }

    /// Rows are kept forever and their old entries still go: the two rules agree.
    @Test func foreverRowsMayLoseOldEntries() {
        let diagnostics = compile(Self.text("forever; delete history entries after 30d by at")).diagnostics
        #expect(errors(diagnostics).isEmpty, "\(diagnostics)")
    }

    @Test func addingTheRuleIsADestructiveRetentionChange() throws {
        let plain = try #require(compile(Self.text("forever")).schema)
        let pruned = try #require(compile(Self.text("forever; delete history entries after 30d by at")).schema)
        let changes = try #require(SchemaDiff.compare(plain, pruned).diff).changes
        #expect(changes.map(\.code) == [.retentionAdded])
        #expect(changes.first?.classes == [.destructive])
        #expect(changes.first?.summary == "files: rule added, its job deletes array entries: delete history entries after 30d by at")
    }
}
