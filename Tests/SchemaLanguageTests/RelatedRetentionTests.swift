import Testing
@testable import SchemaLanguage

/// `delete after … by <fk> -> <entity>.<time>` and `archive after … by <fk> -> <entity>.<time> into
/// …`: parsed and resolved through the foreign key, kept by the formatter, each mistake one exact
/// error, the optional related time warned about, and adding or changing such a rule one diff change.
@Suite struct RelatedRetentionTests {
    static func text(_ rule: String, lastSeen: String = "timestamp?", userID: String = "int64 -> users.user_id") -> String {
        """
        schema s {
          targets sqlite, postgres
        }

        table users {
          user_id   int64 primary
          name      text
          last_seen \(lastSeen)
        }

        table members {
          id      int64 primary auto
          user_id \(userID)
          retain {
            \(rule)
          }
        }

        table members_archive like members { }

        """
    }

    static func errors(_ rule: String, lastSeen: String = "timestamp?", userID: String = "int64 -> users.user_id") -> [String] {
        compile(text(rule, lastSeen: lastSeen, userID: userID)).diagnostics.filter { $0.severity == .error }.map(\.message)
    }

    @Test func rulesResolveThroughTheForeignKey() throws {
        let time = RelatedTime(via: "user_id", entity: "users", key: "user_id", field: "last_seen")
        let delete = try #require(compile(Self.text("delete after 180d by user_id -> users.last_seen where id > 0")).schema)
        let rule = try #require(delete.entity(named: "members")?.retention.first)
        #expect(rule.kind == .expireByRelated(after: TimeSpan("180d")!, time: time, condition: .comparison(field: "id", .greater, .integer(0))))
        #expect(rule.source == "delete after 180d by user_id -> users.last_seen where id > 0")
        #expect(rule.relatedTime == time && rule.timeField == nil && rule.isDatabaseJob)

        let archive = try #require(compile(Self.text("archive after keep_for = 26w by user_id -> users.last_seen into members_archive")).schema)
        let archived = try #require(archive.entity(named: "members")?.retention.first)
        #expect(archived.kind == .archiveByRelated(after: TimeSpan("26w")!, time: time, into: "members_archive", condition: nil))
        #expect(archived.period == "keep_for" && archive.retentionPeriods.map(\.name) == ["keep_for"])
    }

    @Test func eachMistakeIsOneError() {
        #expect(Self.errors("delete after 30d by id -> users.last_seen")
                == ["'id' is not a foreign key, so '-> users.last_seen' names no row"])
        #expect(Self.errors("delete after 30d by user_id -> members.last_seen")
                == ["'user_id' references 'users', not 'members'"])
        #expect(Self.errors("delete after 30d by user_id -> users.seen") == ["'users' has no field 'seen'"])
        #expect(Self.errors("delete after 30d by user_id -> users.name")
                == ["retention by 'users.name', which is text, not a timestamp"])
        #expect(Self.errors("handled delete after 30d by user_id -> users.last_seen") == ["a handled rule reads its own entity's time"])
        #expect(Self.errors("delete after 30d by user_id -> users") == ["expected '.' between the referenced entity and its time field, found end of line"])
        #expect(Self.errors("archive after 30d by user_id -> users.last_seen into members") == ["'members' cannot archive into itself"])
        let selfReference = Self.text("delete after 30d by parent_id -> members.joined_at")
            .replacingOccurrences(of: "  user_id int64 -> users.user_id\n",
                                  with: "  user_id int64 -> users.user_id\n  parent_id int64? -> members.id\n  joined_at timestamp\n")
        #expect(compile(selfReference).diagnostics.filter { $0.severity == .error }.map(\.message)
                == ["'members' cannot read its own rows' times through a foreign key"])
    }

    @Test func anOptionalRelatedTimeIsWarnedAbout() {
        let rule = "delete after 30d by user_id -> users.last_seen"
        let warnings = compile(Self.text(rule)).diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.contains("'\(rule)' never reaches rows of 'members' whose 'users.last_seen' is null"))
        let required = compile(Self.text(rule, lastSeen: "timestamp")).diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(!required.contains { $0.contains("never reaches") })
    }

    /// `where <fk> -> <entity>.<time> is not null` says leaving rows without a related time is
    /// intended: no warning, the same kind and condition (the term filters nothing), marked on the rule.
    @Test func sayingTheRelatedTimeIsSetSilencesTheWarning() throws {
        let plain = "delete after 30d by user_id -> users.last_seen where id > 0"
        let said = plain + " and user_id -> users.last_seen is not null"
        let result = compile(Self.text(said))
        #expect(!result.diagnostics.contains { $0.message.contains("never reaches") || $0.severity == .error }, "\(result.diagnostics)")
        let rule = try #require(result.schema?.entity(named: "members")?.retention.first)
        let time = RelatedTime(via: "user_id", entity: "users", key: "user_id", field: "last_seen")
        #expect(rule.kind == .expireByRelated(after: TimeSpan("30d")!, time: time, condition: .comparison(field: "id", .greater, .integer(0))))
        #expect(rule.requiresRelatedTime)
        #expect(rule.source == said)
        let alone = try #require(compile(Self.text("delete after 30d by user_id -> users.last_seen where user_id -> users.last_seen is not null")).schema)
        let aloneRule = try #require(alone.entity(named: "members")?.retention.first)
        #expect(aloneRule.condition == nil && aloneRule.requiresRelatedTime)
        let unsaid = try #require(compile(Self.text(plain)).schema?.entity(named: "members")?.retention.first)
        #expect(!unsaid.requiresRelatedTime)
        // The formatter keeps it as written.
        #expect(SchemaFormatter.format(path: "t.schema", text: Self.text(said.replacingOccurrences(of: " -> ", with: "->"))).formatted
                == Self.text(said))
    }

    @Test func theRelatedTermOutsideItsRuleIsAnError() {
        #expect(Self.errors("delete after 30d by user_id -> users.last_seen where user_id -> users.name is not null")
                == ["the rule reads user_id -> users.last_seen, not user_id -> users.name"])
        #expect(Self.errors("delete after 30d by user_id -> users.last_seen where id > 0 or user_id -> users.last_seen is not null")
                == ["'user_id -> users.last_seen is not null' only says something in a rule by that related time"])
        let ownTime = Self.text("delete after 30d by joined_at where user_id -> users.last_seen is not null")
            .replacingOccurrences(of: "  user_id int64 -> users.user_id\n", with: "  user_id int64 -> users.user_id\n  joined_at timestamp\n")
        #expect(compile(ownTime).diagnostics.filter { $0.severity == .error }.map(\.message)
                == ["'user_id -> users.last_seen is not null' only says something in a rule by that related time"])
        #expect(Self.errors("delete after 30d by user_id -> users.last_seen where user_id -> users.last_seen is null")
                == ["expected 'not', found 'null'", "unexpected 'null' at the end of the statement"])
    }

    @Test func theFormatterKeepsTheRelatedTime() {
        let rule = "archive after 180d by user_id -> users.last_seen into members_archive"
        let messy = Self.text("archive after 180d by user_id->users . last_seen into members_archive")
        #expect(SchemaFormatter.format(path: "t.schema", text: messy).formatted == Self.text(rule))
    }

    @Test func addingAndChangingTheRuleAreDiffChanges() throws {
        let before = try #require(compile(Self.text("forever"), path: "old.schema").schema)
        let after = try #require(compile(Self.text("delete after 180d by user_id -> users.last_seen"), path: "new.schema").schema)
        let added = try #require(SchemaDiff.compare(before, after).diff)
        #expect(added.changes.map(\.code) == [.retentionRemoved, .retentionAdded])
        #expect(added.changes.last?.summary
                == "members: rule added, its job deletes rows by users.last_seen: delete after 180d by user_id -> users.last_seen")
        // The same age read from the row's own field instead is another rule.
        let own = try #require(compile(Self.text("delete after 180d by user_id -> users.last_seen", lastSeen: "timestamp"), path: "own.schema").schema)
        let sameRule = try #require(SchemaDiff.compare(after, own).diff)
        #expect(!sameRule.changes.contains { $0.code == .retentionAdded || $0.code == .retentionRemoved })
        let longer = try #require(compile(Self.text("delete after 365d by user_id -> users.last_seen"), path: "longer.schema").schema)
        #expect(try #require(SchemaDiff.compare(after, longer).diff).changes.map(\.code) == [.retentionRemoved, .retentionAdded])
    }
}
