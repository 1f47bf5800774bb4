import Testing
@testable import SchemaLanguage

/// `delete after … roll up into <summary> by … add …`: parsed on the rule's next line, resolved
/// against both entities, each mistake one exact error at its place, kept by the formatter, part
/// of the rule for `schemagen diff`.
@Suite struct RollUpTests {
    static let rule = "delete after 365d by created_at where created_at is not null"
    static let rollUp = "roll up into daily_stats by guild_id, kind, day = day(created_at) add rows = count, coins = sum(amount)"

    static func text(rule: String = rule, rollUp: String = rollUp, summary: String = """
          guild_id int64
          kind     enum(daily, work)
          day      date
          rows     int64 = 0
          coins    int64 = 0
          primary (guild_id, kind, day)
        """) -> String {
        """
        schema s {
          targets sqlite, postgres
        }

        table transactions {
          id         int64 primary auto
          guild_id   int64
          kind       enum(daily, work)
          amount     int32
          note       text?
          created_at timestamp?
          retain {
            \(rule)
              \(rollUp)
          }
        }

        table daily_stats {
        \(summary)
        }

        """
    }

    static func errors(rule: String = rule, rollUp: String = rollUp, summary: String? = nil) -> [String] {
        let text = summary.map { Self.text(rule: rule, rollUp: rollUp, summary: $0) } ?? Self.text(rule: rule, rollUp: rollUp)
        return compile(text, path: "bot.schema").diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    @Test func theRollUpResolvesIntoTheRule() throws {
        let schema = try #require(compile(Self.text()).schema)
        let rule = try #require(schema.entity(named: "transactions")?.retention.first)
        #expect(rule.kind == .expire(after: TimeSpan("365d")!, field: "created_at", condition: .isNotNull(field: "created_at")))
        #expect(rule.rollUp == RollUp(into: "daily_stats", groups: [
            RollUp.Group(field: "guild_id", source: "guild_id", byDay: false),
            RollUp.Group(field: "kind", source: "kind", byDay: false),
            RollUp.Group(field: "day", source: "created_at", byDay: true),
        ], aggregates: [
            RollUp.Aggregate(field: "rows", function: .count),
            RollUp.Aggregate(field: "coins", function: .sum("amount")),
        ]))
        // Quoted on one line wherever the rule is quoted (job comments, docs, diff).
        #expect(rule.source == Self.rule + " " + Self.rollUp)
    }

    @Test func eachMistakeIsOneErrorAtItsPlace() {
        #expect(Self.errors(rollUp: "roll up into stats by guild_id add rows = count")
                == ["bot.schema:14:20: error: summary entity 'stats' is not declared\n  hint: add 'table stats { … primary (guild_id) }'"])
        #expect(Self.errors(rollUp: "roll up into daily_stats by guild_id, kind, day = day(note) add rows = count, coins = sum(amount)")
                == ["bot.schema:14:61: error: day(note) needs a timestamp or date, but 'note' is text\n  hint: take the day of a time field"])
        #expect(Self.errors(rule: "delete after 365d by created_at")
                == ["bot.schema:14:61: error: roll-up key 'created_at' may be null, and a null key cannot find its summary row again\n"
                    + "  hint: make 'created_at' required, or end the rule with 'where created_at is not null'"])
        #expect(Self.errors(rollUp: "roll up into daily_stats by guild_id, kind, day = day(created_at) add rows = count, coins = sum(note)")
                == ["bot.schema:14:103: error: sum(note) adds numbers, but 'note' is text\n  hint: sum an int32, int64 or double field"])
        #expect(Self.errors(rollUp: "roll up into daily_stats by guild_id, kind, day = day(created_at) add rows = max(amount), coins = sum(amount)")
                == ["bot.schema:14:84: error: 'max(amount)' is not an aggregate\n  hint: write rows = count or rows = sum(<number field>)"])
        #expect(Self.errors(rule: "delete at created_at where created_at is not null")
                == ["bot.schema:14:7: error: only a 'delete after … by <time field>' rule rolls up its rows\n"
                    + "  hint: write delete after 365d by created_at, then roll up into … on the next line"])
        #expect(Self.errors(rollUp: "roll up into daily_stats by guild_id, kind, day = day(created_at) add rows = count, coins = sum(amount)",
                            summary: "  guild_id int64\n  kind enum(daily, work)\n  day date\n  rows int64 = 0\n  coins int64 = 0\n  primary (guild_id, day)")
                == ["bot.schema:14:20: error: summary 'daily_stats' is keyed by (guild_id, day), not by the roll-up's (guild_id, kind, day)\n"
                    + "  hint: declare primary (guild_id, kind, day) in 'daily_stats': each group adds into the row with its key"])
        #expect(Self.errors(summary: "  guild_id int64\n  kind enum(daily, work)\n  day timestamp\n  rows int64 = 0\n  coins int32 = 0\n  primary (guild_id, kind, day)")
                == ["bot.schema:14:51: error: summary key 'daily_stats.day' is timestamp but its value is date\n  hint: declare day date",
                    "bot.schema:14:91: error: summary field 'daily_stats.coins' is int32 but accumulates int64\n"
                    + "  hint: declare coins int64 = 0 (required: a null would swallow what is added)"])
        #expect(Self.errors(summary: "  guild_id int64\n  kind enum(daily, work, gamble)\n  day date\n  rows int64 = 0\n  coins int64 = 0\n"
                            + "  label text\n  primary (guild_id, kind, day)")
                == ["bot.schema:14:20: error: summary 'daily_stats' requires field 'label', which the roll-up does not write\n"
                    + "  hint: make it optional: the roll-up writes only the key and the totals",
                    "bot.schema:14:45: error: summary key 'daily_stats.kind' is enum(daily, work, gamble) but its value is enum(daily, work)\n"
                    + "  hint: declare kind enum(daily, work)"])
    }

    @Test func theFormatterKeepsTheRollUpOnTheRulesNextLine() {
        let messy = Self.text(rollUp: "roll  up into daily_stats by guild_id,kind, day=day( created_at ) add rows=count, coins = sum(amount)")
        #expect(SchemaFormatter.format(path: "t.schema", text: messy).formatted == Self.text())
    }

    /// Adding a roll-up to a rule that stays deletes nothing more: one safe change of the rule
    /// (so `migrate new` needs no `--allow-destructive`); dropping it is destructive (rows go
    /// uncounted from then on); changing its totals is incompatible, its summary destructive too.
    @Test func addingARollUpToAStayingRuleIsOneSafeChange() throws {
        let plain = Self.text().replacingOccurrences(of: "\n      " + Self.rollUp, with: "")
        let before = try #require(compile(plain, path: "old.schema").schema)
        let after = try #require(compile(Self.text(), path: "new.schema").schema)
        let diff = try #require(SchemaDiff.compare(before, after).diff)
        #expect(diff.changes.map(\.code) == [.retentionRollUpChanged])
        #expect(diff.changes.first?.classes == [])
        #expect(diff.changes.first?.summary
                == "transactions: rule now adds its rows into daily_stats before deleting them: \(Self.rule) \(Self.rollUp)")
        let same = try #require(compile(Self.text(), path: "again.schema").schema)
        #expect(try #require(SchemaDiff.compare(after, same).diff).changes.isEmpty)

        let dropped = try #require(SchemaDiff.compare(after, before).diff)
        #expect(dropped.changes.map(\.code) == [.retentionRollUpChanged])
        #expect(dropped.changes.first?.classes == [.destructive])
        #expect(dropped.changes.first?.summary == "transactions: rule no longer adds its rows into daily_stats, it deletes them uncounted: \(Self.rule)")

        let fewerTotals = try #require(compile(Self.text(rollUp: "roll up into daily_stats by guild_id, kind, day = day(created_at) add rows = count",
                                                        summary: Self.summaryWithOptionalCoins), path: "fewer.schema").schema)
        let changed = try #require(SchemaDiff.compare(after, fewerTotals).diff)
        #expect(changed.changes.filter { $0.code == .retentionRollUpChanged }.map(\.classes) == [[.incompatible]])

        // A rule whose age changes is still the rule removed and added, roll-up or not.
        let older = try #require(compile(Self.text(rule: "delete after 400d by created_at where created_at is not null"), path: "older.schema").schema)
        #expect(try #require(SchemaDiff.compare(after, older).diff).changes.map(\.code) == [.retentionRemoved, .retentionAdded])
    }

    static let summaryWithOptionalCoins = """
          guild_id int64
          kind     enum(daily, work)
          day      date
          rows     int64 = 0
          coins    int64?
          primary (guild_id, kind, day)
        """

    @Test func changingTheSummaryIsDestructive() throws {
        let after = try #require(compile(Self.text(), path: "new.schema").schema)
        let other = Self.text(rollUp: Self.rollUp.replacingOccurrences(of: "daily_stats", with: "stats"))
            .replacingOccurrences(of: "table daily_stats {", with: "table stats {\n  label text?")
        let moved = try #require(compile(other, path: "moved.schema").schema)
        let diff = try #require(SchemaDiff.compare(after, moved).diff)
        let change = try #require(diff.changes.first { $0.code == .retentionRollUpChanged })
        #expect(change.classes == [.destructive, .incompatible])
        #expect(change.summary.hasPrefix("transactions: rule adds its rows into stats instead of daily_stats: "))
    }
}
