import Testing
@testable import SchemaLanguage

/// Checks text that must have no errors and returns the resolved schema.
func checkClean(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Schema {
    let (schema, diagnostics) = compile(text)
    #expect(errors(diagnostics).isEmpty, "\(errors(diagnostics))", sourceLocation: sourceLocation)
    return try #require(schema, sourceLocation: sourceLocation)
}

/// The checker's resolved model.
@Suite struct CheckerTests {
    @Test func likeCopiesFieldsAndKeyButDropsAutoReferencesAndIndexes() throws {
        let schema = try checkClean(sqlHeader + """
        table users { user_id int64 primary }
        table transactions {
          id      int64 primary auto
          user_id int64 -> users.user_id on delete cascade
          code    string unique min_len_dummy_placeholder
        }
        """.replacingOccurrences(of: " min_len_dummy_placeholder", with: " length 1..8") + """

        table transactions_archive like transactions {
          archived_at timestamp? = now
        }
        """)
        let source = try #require(schema.entity(named: "transactions"))
        let archive = try #require(schema.entity(named: "transactions_archive"))
        #expect(archive.copiedFrom == "transactions")
        #expect(archive.fields.map(\.name) == ["id", "user_id", "code", "archived_at"])
        #expect(archive.primaryKey == ["id"])
        #expect(archive.field(named: "id")?.isAuto == false && source.field(named: "id")?.isAuto == true)
        #expect(archive.field(named: "user_id")?.reference == nil && source.field(named: "user_id")?.reference != nil)
        #expect(archive.field(named: "code")?.checks.minLength == 1) // checks are kept
        #expect(archive.indexes.isEmpty && !source.indexes.isEmpty)
    }

    @Test func namespaceOwnerAndPhysicalNames() throws {
        let schema = try checkClean(mongoHeader + """
        namespace task_manager {
          owner user_id
          collection tasks {
            id      objectid primary auto named "_id"
            user_id string
            index (user_id)
          }
          collection notes named "plugin_notes" {
            id      objectid primary auto named "_id"
            user_id string
            access { owner id }
          }
        }
        """)
        let tasks = try #require(schema.entity(named: "tasks"))
        #expect(tasks.physicalName == "task_manager_tasks")
        #expect(tasks.namespace == "task_manager")
        #expect(tasks.access.owner == "user_id")
        #expect(tasks.field(named: "id")?.physicalName == "_id")
        #expect(tasks.indexes.first?.name == "idx_task_manager_tasks_user_id")
        let notes = try #require(schema.entity(named: "notes"))
        #expect(notes.physicalName == "plugin_notes")
        #expect(notes.access.owner == "id") // the entity's own owner wins
    }

    @Test func inlineEnumsAreNamedAfterEntityAndField() throws {
        let schema = try checkClean(sqlHeader + """
        enum Status { active, banned = "BANNED" }
        table mod_actions {
          id     int64 primary auto
          action enum(kick, ban)
          status Status = banned
        }
        type Entry { kind enum(a, b)? }
        """)
        // Named enums first; inline ones follow in resolution order (nested types before entities).
        #expect(schema.enums.map(\.name) == ["Status", "Entry_kind", "mod_actions_action"])
        #expect(schema.enums.map(\.isInline) == [false, true, true])
        #expect(schema.enums[0].rawValues == ["active", "BANNED"])
        let field = try #require(schema.entity(named: "mod_actions")?.field(named: "action"))
        #expect(field.type.spelling == "enum(kick, ban)")
        #expect(schema.type(named: "Entry")?.fields.first?.isOptional == true)
    }

    @Test func defaultsAreResolved() throws {
        let schema = try checkClean(sqlHeader + """
        enum Level { low, high }
        table t {
          id      uuid primary = uuid
          a       int32 = -5
          b       double = 0.10
          c       decimal(10, 2) = 3
          d       string = "x\\"y"
          e       bool = false
          f       text? = null
          g       timestamp = now
          h       date = now
          i       Level = high
          j       [string] = []
          k       json = {}
          l       enum(on, off) = off
        }
        """)
        let entity = try #require(schema.entity(named: "t"))
        func value(_ name: String) -> DefaultValue? { entity.field(named: name)?.defaultValue }
        #expect(value("id") == .generatedUUID)
        #expect(value("a") == .integer(-5))
        #expect(value("b") == .number(0.1, text: "0.10"))
        #expect(value("c") == .integer(3))
        #expect(value("d") == .string("x\"y"))
        #expect(value("e") == .bool(false))
        #expect(value("f") == .null)
        #expect(value("g") == .now && value("h") == .now)
        #expect(value("i") == .enumCase(EnumCase(name: "high", rawValue: "high")))
        #expect(value("j") == .emptyArray && value("k") == .emptyObject)
        #expect(value("l") == .enumCase(EnumCase(name: "off", rawValue: "off")))
    }

    @Test func fieldChecksAndFlags() throws {
        let schema = try checkClean(sqlHeader + """
        table t {
          id   int64 primary
          name string(20) length 2..50 pattern "^[a-z]+$" was nick
          at   timestamp = now on update now
          n    int32 min 0 max 100
          tags [string] keep newest 5
        }
        """)
        let entity = try #require(schema.entity(named: "t"))
        let name = try #require(entity.field(named: "name"))
        #expect(name.checks.minLength == 2 && name.checks.maxLength == 20) // string(20) caps length 50
        #expect(name.checks.pattern == "^[a-z]+$" && name.previousNames == ["nick"])
        #expect(entity.field(named: "at")?.updatesOnWrite == true)
        #expect(entity.field(named: "n")?.checks.minimumText == "0" && entity.field(named: "n")?.checks.maximum == 100)
        #expect(entity.field(named: "tags")?.keepNewest == 5)
    }

    @Test func generatedIndexNames() throws {
        let schema = try checkClean(sqlHeader + """
        table users {
          id    int64 primary
          email string unique
          a     int64
          b     int64
          unique (a, b)
          index (b, a desc) where a > 1
          index (a) named "custom"
        }
        collection c named "c_{p}" { id objectid primary auto; p int64; partition by p; index (p) }
        """.replacingOccurrences(of: "sqlite", with: "sqlite, mongo"))
        let users = try #require(schema.entity(named: "users"))
        #expect(users.indexes.map(\.name) == ["uq_users_email", "uq_users_a_b", "idx_users_b_a", "custom"])
        #expect(users.indexes.map(\.isNamed) == [false, false, false, true])
        #expect(users.indexes[2].columns.map(\.descending) == [false, true])
        #expect(users.indexes[2].condition == .comparison(field: "a", .greater, .integer(1)))
        #expect(schema.entity(named: "c")?.indexes.first?.name == "idx_c_p_p")
        #expect(schema.entity(named: "c")?.partitionKeys == ["p"])
    }

    @Test func accessSemantics() throws {
        let schema = try checkClean(sqlHeader + """
        table open { id int64 primary }
        table audit {
          id int64 primary
          access { insert: moderation, moderation.pardon }
        }
        table shared {
          id int64 primary
          access {
            update: admin
            write: maintenance
          }
        }
        """)
        let open = try #require(schema.entity(named: "open"))
        #expect(!open.access.restrictsWriters)
        #expect(open.access.modules(allowedTo: .delete) == nil) // anyone
        let audit = try #require(schema.entity(named: "audit"))
        #expect(audit.access.modules(allowedTo: .insert) == ["moderation", "moderation.pardon"])
        #expect(audit.access.modules(allowedTo: .update) == []) // nobody: not listed
        let shared = try #require(schema.entity(named: "shared"))
        #expect(shared.access.insert == ["maintenance"])
        #expect(shared.access.update == ["admin", "maintenance"])
        #expect(shared.access.modules == ["admin", "maintenance"])
    }

    @Test func retentionRulesResolve() throws {
        let schema = try checkClean(sqlHeader + """
        table t {
          id         int64 primary
          at         timestamp
          expires_at timestamp?
          active     bool = true
          status     enum(open, done)
          user_id    int64
          retain {
            delete after 30d by at where status in (done)
            delete at expires_at
            deactivate after 90d by at set active = false
            deactivate at expires_at set active = false
            keep newest 50 per user_id by at
          }
        }
        """)
        let rules = try #require(schema.entity(named: "t")?.retention)
        #expect(rules.map(\.kind) == [
            .expire(after: TimeSpan("30d")!, field: "at",
                    condition: .isIn(field: "status", [.enumCase(name: "done", rawValue: "done")])),
            .expireAt(field: "expires_at", condition: nil),
            .deactivate(after: TimeSpan("90d")!, field: "at", target: "active", value: .bool(false), condition: nil),
            .deactivateAt(field: "expires_at", target: "active", value: .bool(false), condition: nil),
            .cap(count: 50, per: ["user_id"], field: "at"),
        ])
        #expect(rules.map(\.source)[0] == "delete after 30d by at where status in (done)")
    }

    @Test func cachesResolve() throws {
        let schema = try checkClean(sqlHeader + """
        table t { id int64 primary }
        cache user_server {
          key   "user:{user_id}:server:{server_id}"
          ttl   15m
          value [string]
          user_id   int64
          server_id int64
        }
        """)
        let cache = try #require(schema.caches.first)
        #expect(cache.keyTemplate == "user:{user_id}:server:{server_id}")
        #expect(cache.ttl.seconds == 900)
        #expect(cache.valueType == .array(.string(maxLength: nil)))
        #expect(cache.parameters.map(\.name) == ["user_id", "server_id"])
    }

    @Test func nestedTypesMayRecurseThroughArraysAndOptionals() throws {
        let schema = try checkClean(mongoHeader + """
        type Node { children [Node]; parent Node? }
        collection c { id objectid primary auto; root Node }
        """)
        #expect(schema.types.map(\.name) == ["Node"])
        #expect(schema.entity(named: "c")?.field(named: "root")?.type == .nested("Node"))
    }

    @Test func fileWithManyIndependentErrorsReportsAllOfThem() {
        let text = """
        schema s { targets sqlite, oracle }
        table a {
          id int64 primary
          x  integer
          y  string = 5
          index (missing)
        }
        table b {
          id int64 primary
          r  int64 -> nowhere.id
          at int64
          retain { delete after 30d by at }
        }
        collection c { id objectid primary auto; t int64; index (t) ttl 1d }
        enum E { a, a }
        type T { self T }
        cache k { key "k:{p}"; ttl 1h; value json }
        table a { id int64 primary }
        """
        let (schema, diagnostics) = compile(text)
        #expect(schema == nil)
        let expected = [
            "unknown target 'oracle'", "unknown type 'integer'", "default 5 does not match string field 'y'",
            "indexed field 'missing' is not a field of 'a'", "foreign key to unknown entity 'nowhere'",
            "retention by 'at', which is int64, not a timestamp", "TTL index field 't' is int64, not timestamp",
            "enum 'E' lists case 'a' twice", "type 'T' contains itself: T -> T",
            "the key uses '{p}', which is not a declared parameter", "table 'a' is already declared as a table on line 2",
        ]
        let messages = Set(errors(diagnostics).map(\.message))
        for message in expected { #expect(messages.contains(message), "missing: \(message)") }
        // Sorted by position, one run.
        let positions = diagnostics.map { [$0.location.line, $0.location.column] }
        #expect(positions == positions.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func syntaxAndCheckErrorsAreReportedTogether() {
        let (_, diagnostics) = compile(sqlHeader + "table a {\n  id int64 primary\n  x int64 @\n  y integer\n}\n")
        #expect(errors(diagnostics).map(\.message).contains("expected a field attribute, found '@'"))
        #expect(errors(diagnostics).map(\.message).contains("unknown type 'integer'"))
    }

    @Test func renderedDiagnostic() {
        // Byte 11 is line 3, column 7: the é before it is two bytes but one column.
        let file = SourceFile(path: "schema/a.schema", text: "a\nb\né 345 integer\n")
        let diagnostic = Diagnostic(.error, "unknown type 'integer'", hint: "did you mean 'int64'?",
                                    in: file, at: SourceRange(start: 11, end: 18))
        #expect(diagnostic.description == "schema/a.schema:3:7: error: unknown type 'integer'\n  hint: did you mean 'int64'?")
        let warning = Diagnostic(.warning, "w", in: SourceFile(path: "p", text: "xy"), at: SourceRange(start: 1, end: 1))
        #expect(warning.description == "p:1:2: warning: w")
        let (_, diagnostics) = compile(sqlHeader + "table t {\n  id int64 primary\n  x integer\n}\n", path: "bot.schema")
        #expect(diagnostics.map(\.description) == ["bot.schema:4:5: error: unknown type 'integer'\n  hint: did you mean 'int64'?"])
        #expect(diagnostics[0].rendered(colored: true).contains("\u{1B}[1;31merror:"))
    }

    @Test func columnsCountCharactersNotBytes() {
        let (_, diagnostics) = compile(sqlHeader + "table t {\n  id int64 primary\n  about { represents \"é\" }; x integer\n}\n")
        #expect(diagnostics.first { $0.message == "unknown type 'integer'" }?.location.column == 31)
    }
}

/// Writer lists of different verbs merge, whatever their order.
@Test func accessListsOfDifferentVerbsMergeInEitherOrder() throws {
    for block in ["write: a\n    update: b", "update: b\n    write: a"] {
        let schema = try checkClean(sqlHeader + "table t {\n  id int64 primary\n  access {\n    \(block)\n  }\n}\n")
        let access = try #require(schema.entity(named: "t")?.access)
        #expect(access.insert == ["a"] && access.delete == ["a"])
        #expect(Set(access.update) == ["a", "b"])
    }
}

