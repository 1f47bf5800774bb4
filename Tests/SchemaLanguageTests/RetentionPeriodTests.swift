import Testing
@testable import SchemaLanguage

/// Named retention periods (`after warning_expiry = 90d by created_at`): parsed onto the rule with
/// their default, shared by name across entities with one default, kept by the formatter, and a
/// change of the name is one SG609 change (a new default is a rule removed and added).
@Suite struct RetentionPeriodTests {
    static func text(_ logs: String, _ errors: String = "delete after 30d by created_at") -> String {
        """
        schema s {
          targets sqlite, postgres
        }

        table logs {
          id         int64 primary auto
          created_at timestamp
          active     bool  = true
          retain {
            \(logs)
          }
        }

        table errors {
          id         int64 primary auto
          created_at timestamp
          retain {
            \(errors)
          }
        }

        """
    }

    @Test func aNamedPeriodIsTheRulesAgeWithItsDefault() throws {
        let schema = try #require(compile(Self.text("deactivate after warning_expiry = 90d by created_at set active = false")).schema)
        let rule = try #require(schema.entity(named: "logs")?.retention.first)
        #expect(rule.period == "warning_expiry")
        #expect(rule.age == TimeSpan("90d"))
        #expect(rule.source == "deactivate after warning_expiry = 90d by created_at set active = false")
        #expect(schema.retentionPeriods == [RetentionPeriod(name: "warning_expiry", defaultSpan: TimeSpan("90d")!)])
        #expect(schema.entity(named: "errors")?.retention.first?.period == nil)
    }

    @Test func rulesShareAPeriodByName() throws {
        let schema = try #require(compile(Self.text("delete after days_old = 30d by created_at",
                                                    "delete after days_old = 30d by created_at")).schema)
        #expect(schema.retentionPeriods.map(\.name) == ["days_old"])
        #expect(schema.entities.map { $0.retention.first?.period } == ["days_old", "days_old"])
    }

    @Test func aPeriodHasOneDefault() {
        let errors = compile(Self.text("delete after days_old = 30d by created_at", "delete after days_old = 60d by created_at"))
            .diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.message) == ["retention period 'days_old' defaults to 60d here but to 30d in 'logs' (line 10)"])
    }

    @Test func twoPeriodsMustNotBecomeOneSwiftProperty() {
        let errors = compile(Self.text("delete after days_old = 30d by created_at", "delete after daysOld = 60d by created_at"))
            .diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.message) == ["retention periods 'days_old' and 'daysOld' would both be Swift property 'daysOld'"])
    }

    @Test func aNamedPeriodNeedsADefault() {
        let errors = compile(Self.text("delete after days_old by created_at")).diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.message) == ["expected '=' and the period's default after 'days_old', found 'by'"])
    }

    @Test func theFormatterKeepsThePeriod() {
        let messy = Self.text("delete   after  days_old =   30d by created_at")
        let formatted = SchemaFormatter.format(path: "t.schema", text: messy).formatted
        #expect(formatted == Self.text("delete after days_old = 30d by created_at"))
    }

    @Test func namingThePeriodIsOneChange() throws {
        let fixed = try #require(compile(Self.text("delete after 30d by created_at"), path: "old.schema").schema)
        let named = try #require(compile(Self.text("delete after days_old = 30d by created_at"), path: "new.schema").schema)
        let forward = try #require(SchemaDiff.compare(fixed, named).diff)
        #expect(forward.changes.map(\.code) == [.retentionPeriodChanged])
        #expect(forward.changes.first?.classes == [.incompatible])
        #expect(try #require(SchemaDiff.compare(named, fixed).diff).changes.map(\.code) == [.retentionPeriodChanged])

        let longer = try #require(compile(Self.text("delete after days_old = 60d by created_at"), path: "newer.schema").schema)
        #expect(try #require(SchemaDiff.compare(named, longer).diff).changes.map(\.code) == [.retentionRemoved, .retentionAdded])
    }
}
