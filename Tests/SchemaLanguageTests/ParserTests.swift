import Testing
@testable import SchemaLanguage

/// Parses text that must have no syntax errors.
func parseClean(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SchemaFileSyntax {
    let (tree, diagnostics) = parse(text)
    #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
    return tree
}

extension SchemaFileSyntax {
    var entities: [EntitySyntax] {
        declarations.flatMap { declaration -> [EntitySyntax] in
            switch declaration {
            case .entity(let entity): [entity]
            case .namespace(let namespace): namespace.entities
            default: []
            }
        }
    }
}

extension EntitySyntax {
    var fields: [FieldSyntax] { members.compactMap { if case .field(let field) = $0.kind { field } else { nil } } }
    func field(_ name: String) -> FieldSyntax? { fields.first { $0.name.text == name } }
    var indexes: [IndexSyntax] { members.compactMap { if case .index(let index) = $0.kind { index } else { nil } } }
    var retain: RetainSyntax? { members.lazy.compactMap { if case .retain(let retain) = $0.kind { retain } else { nil } }.first }
    var access: AccessSyntax? { members.lazy.compactMap { if case .access(let access) = $0.kind { access } else { nil } }.first }
}

/// The parser: every construct of docs/language.md becomes the expected tree.
@Suite struct ParserTests {
    @Test func header() {
        let tree = parseClean("""
        /// The bot.
        schema discord_bot {
          targets sqlite, postgres
          database "botdb" // physical name
          about { represents "x" }
        }
        """)
        let header = try! #require(tree.header)
        #expect(header.name.text == "discord_bot")
        #expect(header.targets.map(\.text) == ["sqlite", "postgres"])
        #expect(header.database?.value == "botdb")
        #expect(header.about?.entries.map(\.section) == [.represents])
        #expect(header.trivia.doc == ["The bot."])
        #expect(header.items.count == 3)
        #expect(header.items[1].trivia.trailingComment == "// physical name")
    }

    @Test func entityClauses() {
        let tree = parseClean(sqlHeader + """
        table users named "tbl_users" was members { id int64 primary }
        table archive like users { }
        collection docs { id objectid primary auto }
        """)
        let users = tree.entities[0], archive = tree.entities[1], docs = tree.entities[2]
        #expect(users.kind == .table && users.name.text == "users")
        #expect(users.physicalName?.value == "tbl_users")
        #expect(users.previousName?.text == "members")
        #expect(archive.like?.text == "users" && archive.members.isEmpty)
        #expect(docs.kind == .collection)
    }

    @Test func everyFieldAttribute() {
        let tree = parseClean(sqlHeader + """
        table t {
          id int64 primary auto
          a string unique = "x" named "col_a" was old_a
          b timestamp = now on update now
          c int64 -> users.user_id on delete cascade
          d int64? -> users.user_id on delete set null
          e int64 -> users.user_id on delete restrict
          f int32 min 0 max 100
          g string length 1..100 pattern "^[a-z]+$"
          h string length 3..
          i string length ..9
          j [string] keep newest 50
          k double min -1.5 max 0.5
        }
        """)
        let entity = tree.entities[0]
        func attributes(_ name: String) -> [FieldAttributeKind] { entity.field(name)?.attributes.map(\.kind) ?? [] }
        #expect(attributes("id").count == 2)
        guard case .primary = attributes("id")[0], case .auto = attributes("id")[1] else { Issue.record("id"); return }
        guard case .unique = attributes("a")[0], case .defaultValue(let value) = attributes("a")[1],
              case .string(let string) = value.kind, string.value == "x",
              case .named(let named) = attributes("a")[2], named.value == "col_a",
              case .was(let was) = attributes("a")[3], was.text == "old_a" else { Issue.record("a"); return }
        guard case .defaultValue(let now) = attributes("b")[0], now.kind == .identifier("now"),
              case .onUpdateNow = attributes("b")[1] else { Issue.record("b"); return }
        guard case .reference(let entityName, let field, .cascade) = attributes("c")[0],
              entityName.text == "users", field.text == "user_id" else { Issue.record("c"); return }
        guard case .reference(_, _, .setNull) = attributes("d")[0] else { Issue.record("d"); return }
        guard case .reference(_, _, .restrict) = attributes("e")[0] else { Issue.record("e"); return }
        guard case .min(let min) = attributes("f")[0], min.kind == .integer(0),
              case .max(let max) = attributes("f")[1], max.kind == .integer(100) else { Issue.record("f"); return }
        guard case .length(let low, let high) = attributes("g")[0], low?.value == 1, high?.value == 100,
              case .pattern(let pattern) = attributes("g")[1], pattern.value == "^[a-z]+$" else { Issue.record("g"); return }
        guard case .length(let low3, nil) = attributes("h")[0], low3?.value == 3 else { Issue.record("h"); return }
        guard case .length(nil, let high9) = attributes("i")[0], high9?.value == 9 else { Issue.record("i"); return }
        guard case .keepNewest(let count) = attributes("j")[0], count.value == 50 else { Issue.record("j"); return }
        guard case .min(let kmin) = attributes("k")[0], kmin.kind == .number(-1.5, text: "-1.5") else { Issue.record("k"); return }
    }

    @Test func everyTypeForm() {
        let tree = parseClean(sqlHeader + """
        table t {
          a int32
          b decimal(3, 2)?
          c string(255)?
          d [string]
          e [HistoryEntry]?
          f enum(pending, completed)
          g enum(seven_day = "7day", x)
        }
        """)
        let entity = tree.entities[0]
        #expect(entity.fields.map { SyntaxText.type($0.type) } == [
            "int32", "decimal(3, 2)?", "string(255)?", "[string]", "[HistoryEntry]?", "enum(pending, completed)",
            "enum(seven_day = \"7day\", x)",
        ])
        guard case .optional(.named(let decimal, let arguments), _) = entity.fields[1].type else { Issue.record("b"); return }
        #expect(decimal.text == "decimal" && arguments.map(\.value) == [3, 2])
        guard case .optional(.array(.named(let element, _), _), _) = entity.fields[4].type else { Issue.record("e"); return }
        #expect(element.text == "HistoryEntry")
        guard case .inlineEnum(let cases, _) = entity.fields[6].type else { Issue.record("g"); return }
        #expect(cases.map(\.name.text) == ["seven_day", "x"] && cases[0].rawValue?.value == "7day")
    }

    @Test func keysAndIndexes() {
        let tree = parseClean(sqlHeader + """
        table t {
          primary (user_id, server_id)
          unique (user_id, guild_id)
          unique (a, b, c) named "uq_access_entry"
          index (guild_id, xp desc, at asc)
          index (user_id) where active = true
          index (created_at) ttl 30d
          index (user_id, status) unique
          index (
            remind_at,
            completed
          ) named "idx_reminders_time"
        }
        """)
        let entity = tree.entities[0]
        guard case .primaryKey(let key) = entity.members[0].kind else { Issue.record("primary"); return }
        #expect(key.map(\.text) == ["user_id", "server_id"])
        let indexes = entity.indexes
        #expect(indexes.map(\.isUnique) == [true, true, false, false, false, true, false])
        #expect(indexes.map(\.writtenAsUnique) == [true, true, false, false, false, false, false])
        #expect(indexes[1].name?.value == "uq_access_entry")
        #expect(indexes[2].columns.map(\.descending) == [false, true, false])
        #expect(indexes[2].columns[2].explicitAscending)
        #expect(indexes[3].condition.map(SyntaxText.condition) == "active = true")
        #expect(indexes[4].ttl?.span?.seconds == Int64(30 * 86_400))
        #expect(indexes[6].columns.map(\.name.text) == ["remind_at", "completed"])
        #expect(indexes[6].name?.value == "idx_reminders_time")
    }

    @Test func contextualKeywordsAreFieldNames() {
        let tree = parseClean(sqlHeader + "table t {\n  type int32\n  index int32\n  key string\n  level int32\n  order int32\n  index (type)\n}\n")
        #expect(tree.entities[0].fields.map(\.name.text) == ["type", "index", "key", "level", "order"])
        #expect(tree.entities[0].indexes.count == 1)
    }

    @Test func everyRetentionRule() {
        let tree = parseClean(sqlHeader + """
        table t {
          retain {
            delete after 30d by created_at
            delete after 30d by completed_at where status in (completed, failed)
            delete at expires_at
            deactivate after 90d by created_at set active = false
            deactivate at expires_at set is_active = false where kind = ban
            archive after 90d by created_at into transactions_archive
            keep newest 50 per user_id, guild_id by created_at
            append only; forever
          }
        }
        """)
        let rules = tree.entities[0].retain?.rules ?? []
        #expect(rules.map { SyntaxText.rule($0.kind) } == [
            "delete after 30d by created_at",
            "delete after 30d by completed_at where status in (completed, failed)",
            "delete at expires_at",
            "deactivate after 90d by created_at set active = false",
            "deactivate at expires_at set is_active = false where kind = ban",
            "archive after 90d by created_at into transactions_archive",
            "keep newest 50 per user_id, guild_id by created_at",
            "append only", "forever",
        ])
        guard case .deactivateAt(let at, let set, let value, let condition) = rules[4].kind else { Issue.record(); return }
        #expect(at.text == "expires_at" && set.text == "is_active" && value.kind == .bool(false) && condition != nil)
        #expect(tree.entities[0].retain?.isSingleLine == false)
    }

    @Test func accessWithDottedModulesAndOwner() {
        let tree = parseClean(sqlHeader + """
        table t {
          access {
            insert: moderation
            update: maintenance, moderation.pardon.v2
            delete: maintenance
            write: admin
            owner user_id
          }
          access { insert: a; owner b }
        }
        """)
        let items = tree.entities[0].access?.items ?? []
        guard case .writers(.update, let modules) = items[1].kind else { Issue.record(); return }
        #expect(modules.map(\.text) == ["maintenance", "moderation.pardon.v2"])
        #expect(modules[1].parts.count == 3)
        guard case .writers(.write, _) = items[3].kind, case .owner(let owner) = items[4].kind else { Issue.record(); return }
        #expect(owner.text == "user_id")
        guard case .access(let second) = tree.entities[0].members[1].kind else { Issue.record(); return }
        #expect(second.isSingleLine && second.items.count == 2)
    }

    @Test func aboutSections() {
        let tree = parseClean(sqlHeader + """
        table t {
          about {
            represents "Permanent audit trail"
            grows      "Every action"
            cleaned    "Never"
            touched_by "Moderation"
            touched_by "Analytics"
          }
        }
        """)
        guard case .about(let about) = tree.entities[0].members[0].kind else { Issue.record(); return }
        #expect(about.entries.map(\.section) == [.represents, .grows, .cleaned, .touchedBy, .touchedBy])
        #expect(about.entries[4].text.value == "Analytics")
    }

    @Test func enumsWithRawValues() {
        let tree = parseClean(sqlHeader + """
        /// Account state.
        enum UserStatus {
          active
          /// Suspended by a moderator.
          suspended
          deleted
        }
        enum SummaryType { seven_day = "7day", thirty_day = "30day" }
        """)
        guard case .enumeration(let status) = tree.declarations[0], case .enumeration(let summary) = tree.declarations[1] else {
            Issue.record(); return
        }
        #expect(status.cases.map(\.name.text) == ["active", "suspended", "deleted"])
        #expect(status.trivia.doc == ["Account state."])
        #expect(status.cases[1].trivia.doc == ["Suspended by a moderator."])
        #expect(!status.isSingleLine && summary.isSingleLine)
        #expect(summary.cases.map { $0.rawValue?.value } == ["7day", "30day"])
    }

    @Test func nestedTypeCacheNamespaceAndPartition() {
        let tree = parseClean(mongoHeader + """
        type Preferences {
          style enum(default, formal) = default
          topics [string] = []
        }
        /// Cached server info.
        cache server_info {
          key   "server:{server_id}:info"
          ttl   1h
          value json
          server_id int64
        }
        namespace task_manager {
          owner user_id
          collection tasks { id objectid primary auto }
        }
        collection todos named "todos_{chat_id}" {
          partition by chat_id
        }
        """)
        guard case .type(let type) = tree.declarations[0], case .cache(let cache) = tree.declarations[1],
              case .namespace(let namespace) = tree.declarations[2], case .entity(let todos) = tree.declarations[3] else {
            Issue.record(); return
        }
        #expect(type.fields.count == 2)
        #expect(cache.trivia.doc == ["Cached server info."])
        guard case .key(let key) = cache.items[0].kind, case .ttl(let ttl) = cache.items[1].kind,
              case .value(let value) = cache.items[2].kind, case .parameter(let parameter) = cache.items[3].kind else {
            Issue.record(); return
        }
        #expect(key.value == "server:{server_id}:info" && ttl.text == "1h" && SyntaxText.type(value) == "json")
        #expect(parameter.name.text == "server_id")
        #expect(namespace.owner?.text == "user_id" && namespace.entities.map(\.name.text) == ["tasks"])
        guard case .partition(let fields) = todos.members[0].kind else { Issue.record(); return }
        #expect(fields.map(\.text) == ["chat_id"])
    }

    @Test(arguments: [
        ("status = completed", "status = completed"),
        ("status in (completed, failed)", "status in (completed, failed)"),
        ("active = true and expires_at is not null", "active = true and expires_at is not null"),
        ("not (level = \"debug\") or module = \"core\"", "not (level = \"debug\") or module = \"core\""),
        ("a is null or b != 1 and c >= 2", "a is null or b != 1 and c >= 2"),
        ("x < 1 and y <= 2 and z > 3", "x < 1 and y <= 2 and z > 3"),
    ])
    func conditions(_ written: String, _ printed: String) {
        let tree = parseClean(sqlHeader + "table t { index (a) where \(written) }\n")
        #expect(tree.entities[0].indexes.first?.condition.map(SyntaxText.condition) == printed)
    }

    @Test func conditionPrecedence() {
        let tree = parseClean(sqlHeader + "table t { index (a) where not a = 1 or b = 2 and c = 3 }\n")
        // or binds loosest, and tighter, not tightest.
        guard case .or(.not(.comparison(let a, _, _), _), .and(.comparison(let b, _, _), .comparison(let c, _, _)))?
                = tree.entities[0].indexes.first?.condition else { Issue.record(); return }
        #expect([a.text, b.text, c.text] == ["a", "b", "c"])
    }

    @Test func commentsAndDocsAreAttached() {
        let tree = parseClean("""
        // file banner
        /// The schema.
        schema s {
          targets sqlite // why sqlite
          // about the database
          database "db"
        }

        /// Users.
        table users {
          // leading
          /// The id.
          id int64 primary // trailing

          name text
          // closing
        }
        // end of file
        """)
        #expect(tree.header?.trivia.leadingComments == ["// file banner"])
        #expect(tree.header?.trivia.doc == ["The schema."])
        #expect(tree.header?.items[0].trivia.trailingComment == "// why sqlite")
        #expect(tree.header?.items[1].trivia.leadingComments == ["// about the database"])
        let users = tree.entities[0]
        #expect(users.trivia.doc == ["Users."])
        #expect(users.members[0].trivia.leadingComments == ["// leading"])
        #expect(users.members[0].trivia.doc == ["The id."])
        #expect(users.members[0].trivia.trailingComment == "// trailing")
        #expect(users.members[1].trivia.blankLineBefore)
        #expect(users.closingComments == ["// closing"])
        #expect(tree.trailingComments == ["// end of file"])
    }

    @Test func docSeparatedByBlankLineIsNotDoc() {
        let tree = parseClean(sqlHeader + "/// stray\n\n/// real\ntable t { }\n")
        #expect(tree.entities[0].trivia.doc == ["real"])
        #expect(tree.entities[0].trivia.leadingComments == ["/// stray"])
    }

    @Test func statementRangesExcludeTrailingComments() {
        let text = sqlHeader + "table t {\n  retain { forever }\n  retain {\n    forever // because\n  }\n}\n"
        let tree = parseClean(text)
        guard case .retain(let retain) = tree.entities[0].members[1].kind else { Issue.record(); return }
        #expect(tree.file.text(of: retain.rules[0].range) == "forever")
    }
}
