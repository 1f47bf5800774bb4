import Testing
@testable import SchemaLanguage

/// `query` lines: a documented query of an entity, checked against the entity's keys (which one
/// serves it, or a warning naming the index that would), kept in canonical form by the formatter,
/// and reported by the diff as a documentation change with no migration.
@Suite struct DocumentedQueryTests {
    static let members = """
          guild_id   int64
          user_id    int64
          xp         int32
          created_at timestamp
          index (guild_id, xp desc) named "idx_leaderboard"
          index (user_id)
        """

    static let cases: [DiagnosticCase] = [
        .init("resolveQueries: unknown field", table(members + "\n  query top where @guild_ud order by xp desc"),
              "query field 'guild_ud' is not a field of 't'"),
        .init("resolveQueries: twice", table(members + "\n  query top where guild_id\n  query @top where user_id"),
              "'t' documents query 'top' twice"),
        .init("warnIfUnserved: no index", table(members + "\n  @query by_time where created_at"),
              "query 'by_time' of 't': no index begins with (created_at), so it reads every row", .warning),
        .init("warnIfUnserved: order not served",
              table(members + "\n  @query recent \"A user's recent rows\" where user_id order by created_at desc limit 20"),
              "query 'recent' of 't': idx_t_user_id narrows its rows, but they are read and then filtered, sorted or "
                + "grouped (where user_id order by created_at desc limit 20)", .warning),
        .init("parseQuery: bad clause", table(members + "\n  query top where guild_id @sorted xp"),
              "expected 'where', 'range', 'order by', 'group by' or 'limit', found 'sorted'"),
        .init("parseQuery: limit too large", table(members + "\n  query top where guild_id limit @99999999999999999999"),
              "integer 99999999999999999999 is too large"),
    ]

    @Test(arguments: cases)
    func diagnostic(_ diagnosticCase: DiagnosticCase) { diagnosticCase.verify() }

    @Test func queriesResolveWithTheKeyThatServesThem() throws {
        let text = table(Self.members + """

              query leaderboard "Server leaderboard" where guild_id order by xp desc limit 10
              query one where id
              query mine where user_id, guild_id
            """)
        let result = compile(text)
        #expect(result.diagnostics.filter { $0.severity == .warning }.map(\.message)
                == ["query 'mine' of 't': idx_leaderboard narrows its rows, but they are read and then filtered, "
                    + "sorted or grouped (where user_id, guild_id)"])
        let entity = try #require(result.schema?.entities.first)
        let leaderboard = try #require(entity.queries.first)
        #expect(leaderboard.title == "Server leaderboard" && leaderboard.equalityFields == ["guild_id"]
                && leaderboard.order == IndexColumn(field: "xp", descending: true) && leaderboard.limit == 10)
        #expect(entity.queries.map { entity.service(for: $0) }
                == [.served(by: "idx_leaderboard"), .served(by: "primary key"), .filterOnly(by: "idx_leaderboard")])
        #expect(leaderboard.servingColumns == [IndexColumn(field: "guild_id"), IndexColumn(field: "xp", descending: true)])
    }

    @Test func rangeAndGroupPickTheIndexThatScansTheRange() throws {
        let text = table("""
              guild_id   int64
              moderator  int64
              created_at timestamp
              index (guild_id, created_at)
              query moderators where guild_id range created_at group by moderator
              query per_moderator where guild_id group by moderator
            """)
        let result = compile(text)
        let entity = try #require(result.schema?.entities.first)
        #expect(entity.service(for: entity.queries[0]) == .served(by: "idx_t_guild_id_created_at"))
        #expect(entity.service(for: entity.queries[1]) == .filterOnly(by: "idx_t_guild_id_created_at"))
    }

    @Test func aFieldNamedQueryIsStillAField() throws {
        let result = compile(table("  query string\n  query_count int32"))
        #expect(errors(result.diagnostics).isEmpty)
        let entity = try #require(result.schema?.entities.first)
        #expect(entity.fields.map(\.name) == ["id", "query", "query_count"] && entity.queries.isEmpty)
    }

    @Test func theFormatterWritesClausesInCanonicalOrder() throws {
        let text = table(Self.members + "\n  query   top  limit 10   order by xp   desc where   guild_id")
        let formatted = try #require(SchemaFormatter.format(path: "t.schema", text: text).formatted)
        #expect(formatted.contains("\n  query top where guild_id order by xp desc limit 10\n"))
        #expect(SchemaFormatter.format(path: "t.schema", text: formatted).formatted == formatted)
    }

    @Test func theDiffReportsQueriesAsDocumentationOnly() throws {
        let old = try #require(compile(table(Self.members + "\n  query gone where user_id")).schema)
        let new = try #require(compile(table(Self.members + "\n  query top where guild_id order by xp desc")).schema)
        let changes = try #require(SchemaDiff.compare(old, new).diff).changes
        #expect(changes.map(\.summary) == ["t: query 'gone' removed (documentation only)", "t: query 'top' added (documentation only)"])
        #expect(changes.allSatisfy { $0.code == .documentedQueryChanged && $0.classes.isEmpty && !$0.code.needsMigration })
        // Moving a query to another line changes nothing.
        let moved = try #require(compile(table("\n\n" + Self.members + "\n  query top where guild_id order by xp desc")).schema)
        #expect(try #require(SchemaDiff.compare(new, moved).diff).changes.isEmpty)
    }
}
