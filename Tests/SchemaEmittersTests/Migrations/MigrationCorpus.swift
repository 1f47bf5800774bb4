/// The change cases every dialect migrates up and down: each construct added, dropped, altered
/// and renamed, written as edits of one base schema.
struct MigrationCase: Sendable, CustomStringConvertible {
    let name: String
    /// (find, replace) pairs applied to ``MigrationCorpus/base``; each `find` must occur once.
    let edits: [(String, String)]
    /// Whether sample rows are inserted before migrating (off where the change cannot apply to
    /// existing rows by design: a required column without default, either way).
    var withRows = true

    init(_ name: String, _ edits: [(String, String)], withRows: Bool = true) {
        self.name = name
        self.edits = edits
        self.withRows = withRows
    }

    var description: String { name }

    /// The new schema's text.
    var newText: String {
        edits.reduce(MigrationCorpus.base) { text, edit in text.replacingOccurrences(of: edit.0, with: edit.1) }
    }
}

enum MigrationCorpus {
    static let base = """
        schema mig {
          targets sqlite, postgres, mysql
        }

        enum Level { low, mid, high }

        type Prefs {
          theme string?
          size  int32 = 1
        }

        /// Guilds.
        table guilds {
          guild_id   int64 primary
          name       string(100)
          prefix     string(5) = "!"
          mode       string(10) = "fast"
          tier       enum(free, pro) = free
          created_at timestamp = now
        }

        table users {
          user_id    int64 primary
          guild_id   int64 -> guilds.guild_id on delete cascade
          name       text
          nickname   text?
          level      Level = low
          xp         int32 = 0
          score      decimal(8, 2)?
          active     bool = true
          prefs      Prefs?
          tags       [string] = []
          seen_at    timestamp?
          index (guild_id, xp desc)
          index (name)
        }

        table notes {
          id         int64 primary auto
          user_id    int64 -> users.user_id on delete cascade
          author_id  int64?
          body       text
          created_at timestamp = now
          retain { delete after 30d by created_at }
        }

        """

    static let cases: [MigrationCase] = [
        // Entities
        MigrationCase("table added", [("table notes {", "table logs {\n  id int64 primary auto\n  user_id int64? -> users.user_id on delete set null\n  user_ref int64?\n  line text\n  index (user_id)\n}\n\ntable notes {")]),
        MigrationCase("table with enum and docs added", [("table notes {", "/// Bans.\ntable bans {\n  id int64 primary\n  kind enum(mute, ban) = mute\n  until timestamp?\n}\n\ntable notes {")]),
        MigrationCase("table dropped", [("table notes {\n  id         int64 primary auto\n  user_id    int64 -> users.user_id on delete cascade\n  author_id  int64?\n  body       text\n  created_at timestamp = now\n  retain { delete after 30d by created_at }\n}\n", "")]),
        MigrationCase("table renamed", [("table notes {", "table memos was notes {")]),
        MigrationCase("table stored under another name", [("table notes {", "table notes named \"user_notes\" {")]),
        MigrationCase("parent table renamed", [("table users {", "table members was users {"), ("-> users.user_id", "-> members.user_id")]),
        MigrationCase("table, field and index renamed together", [("table users {", "table members was users {"), ("-> users.user_id", "-> members.user_id"), ("  name       text\n", "  handle     text was name\n"), ("index (name)", "index (handle) was \"idx_users_name\"")]),
        MigrationCase("table documented", [("table notes {", "/// Notes about users.\ntable notes {")]),
        MigrationCase("table documentation changed", [("/// Guilds.", "/// Discord guilds.")]),
        // Fields
        MigrationCase("optional field added", [("  seen_at    timestamp?\n", "  seen_at    timestamp?\n  bio        text?\n")]),
        MigrationCase("field with default added", [("  seen_at    timestamp?\n", "  seen_at    timestamp?\n  coins      int64 = 100\n")]),
        MigrationCase("field defaulting to now added", [("  seen_at    timestamp?\n", "  seen_at    timestamp?\n  joined_at  timestamp = now\n")]),
        MigrationCase("enum field with default added", [("  seen_at    timestamp?\n", "  seen_at    timestamp?\n  rank       Level = mid\n")]),
        MigrationCase("required field added to an empty table", [("  seen_at    timestamp?\n", "  seen_at    timestamp?\n  email      text\n")], withRows: false),
        MigrationCase("optional field dropped", [("  nickname   text?\n", "")]),
        MigrationCase("required field dropped from an empty table", [("  body       text\n", "")], withRows: false),
        MigrationCase("indexed field dropped", [("  name       text\n", ""), ("  index (name)\n", "")], withRows: false),
        MigrationCase("field renamed", [("  nickname   text?\n", "  alias      text? was nickname\n")]),
        MigrationCase("column renamed with named", [("  nickname   text?\n", "  nickname   text? named \"nick\"\n")]),
        MigrationCase("referencing field renamed", [("  user_id    int64 -> users.user_id on delete cascade\n  author_id", "  owner_id   int64 -> users.user_id on delete cascade was user_id\n  author_id")]),
        MigrationCase("key field renamed", [("  guild_id   int64 primary\n", "  id         int64 primary was guild_id\n"), ("-> guilds.guild_id", "-> guilds.id")]),
        MigrationCase("int32 widened to int64", [("  xp         int32 = 0\n", "  xp         int64 = 0\n")]),
        MigrationCase("string widened", [("  name       string(100)\n", "  name       string(200)\n")]),
        MigrationCase("string widened to text", [("  name       string(100)\n", "  name       text\n")]),
        MigrationCase("text narrowed to string", [("  nickname   text?\n", "  nickname   string(50)?\n")]),
        MigrationCase("int32 to double", [("  xp         int32 = 0\n", "  xp         double = 0\n")]),
        MigrationCase("decimal widened", [("  score      decimal(8, 2)?\n", "  score      decimal(12, 4)?\n")]),
        MigrationCase("made optional", [("  name       text\n", "  name       text?\n")]),
        MigrationCase("made required with default", [("  nickname   text?\n", "  nickname   text = \"none\"\n")]),
        MigrationCase("made required without default", [("  seen_at    timestamp?\n", "  seen_at    timestamp\n")]),
        MigrationCase("default changed", [("  xp         int32 = 0\n", "  xp         int32 = 10\n")]),
        MigrationCase("default removed", [("  prefix     string(5) = \"!\"\n", "  prefix     string(5)\n")]),
        MigrationCase("default added", [("  nickname   text?\n", "  nickname   text? = \"anon\"\n")]),
        MigrationCase("range check added", [("  xp         int32 = 0\n", "  xp         int32 = 0 min 0 max 1000000\n")]),
        MigrationCase("length check added", [("  nickname   text?\n", "  nickname   text? length 2..40\n")]),
        MigrationCase("pattern added", [("  nickname   text?\n", "  nickname   text? pattern \"[a-z]+\"\n")]),
        MigrationCase("check changed", [("  prefix     string(5) = \"!\"\n", "  prefix     string(5) = \"!\" length 1..5\n")]),
        MigrationCase("foreign key added", [("  author_id  int64?\n", "  author_id  int64? -> users.user_id on delete set null\n")]),
        MigrationCase("foreign key dropped", [("  guild_id   int64 -> guilds.guild_id on delete cascade\n", "  guild_id   int64\n")]),
        MigrationCase("foreign key action changed", [("  user_id    int64 -> users.user_id on delete cascade\n  author_id", "  user_id    int64 -> users.user_id on delete restrict\n  author_id")]),
        MigrationCase("foreign key retargeted", [("  author_id  int64?\n", "  author_id  int64? -> guilds.guild_id on delete set null\n")]),
        MigrationCase("auto added", [("  guild_id   int64 primary\n", "  guild_id   int64 primary auto\n")]),
        MigrationCase("auto removed", [("  id         int64 primary auto\n", "  id         int64 primary\n")]),
        MigrationCase("on update now added", [("  seen_at    timestamp?\n", "  seen_at    timestamp? on update now\n")]),
        MigrationCase("array cap added", [("  tags       [string] = []\n", "  tags       [string] = [] keep newest 5\n")]),
        MigrationCase("field documented", [("  nickname   text?\n", "  /// What friends call them.\n  nickname   text?\n")]),
        MigrationCase("json field added", [("  seen_at    timestamp?\n", "  seen_at    timestamp?\n  extra      json = {}\n")]),
        MigrationCase("uuid field added", [("  seen_at    timestamp?\n", "  seen_at    timestamp?\n  token      uuid = uuid\n")]),
        // Keys and indexes
        MigrationCase("primary key changed", [("  id         int64 primary auto\n  user_id    int64 -> users.user_id on delete cascade\n", "  id         int64\n  user_id    int64 -> users.user_id on delete cascade\n  primary (user_id, id)\n")]),
        MigrationCase("index added", [("  index (name)\n", "  index (name)\n  index (seen_at)\n")]),
        MigrationCase("unique index added", [("  index (name)\n", "  index (name)\n  unique (guild_id, name)\n")]),
        MigrationCase("unique field", [("  name       string(100)\n", "  name       string(100) unique\n")]),
        MigrationCase("index dropped", [("  index (name)\n", "")]),
        MigrationCase("index renamed", [("  index (name)\n", "  index (name) named \"by_name\" was \"idx_users_name\"\n")]),
        MigrationCase("index changed", [("  index (name)\n", "  index (name, level)\n")]),
        MigrationCase("index made descending", [("  index (guild_id, xp desc)\n", "  index (guild_id, xp)\n")]),
        MigrationCase("partial index added", [("  index (name)\n", "  index (name)\n  index (xp) where active = true\n")]),
        MigrationCase("index named", [("  index (name)\n", "  index (name) named \"users_by_name\"\n")]),
        // Enums
        MigrationCase("enum case added last", [("enum Level { low, mid, high }", "enum Level { low, mid, high, top }")]),
        MigrationCase("enum case added first", [("enum Level { low, mid, high }", "enum Level { none, low, mid, high }")]),
        MigrationCase("enum case removed", [("enum Level { low, mid, high }", "enum Level { low, mid }")]),
        MigrationCase("enum value renamed", [("enum Level { low, mid, high }", "enum Level { low, medium was mid, high }")]),
        MigrationCase("enum value renamed in use", [("enum Level { low, mid, high }", "enum Level { lowest was low, mid, high }"), ("  level      Level = low\n", "  level      Level = lowest\n")]),
        MigrationCase("enum case name changed, value kept", [("enum Level { low, mid, high }", "enum Level { low, middle = \"mid\" was mid, high }")]),
        MigrationCase("enum cases reordered", [("enum Level { low, mid, high }", "enum Level { high, mid, low }")]),
        MigrationCase("inline enum field added", [("  seen_at    timestamp?\n", "  seen_at    timestamp?\n  role       enum(member, admin) = member\n")]),
        MigrationCase("enum field became text", [("  level      Level = low\n", "  level      text = \"low\"\n")]),
        MigrationCase("text field became enum", [("  mode       string(10) = \"fast\"\n", "  mode       enum(fast, slow) = fast\n")]),
        MigrationCase("inline enum follows field rename", [("  tier       enum(free, pro) = free\n", "  plan       enum(free, pro) = free was tier\n")]),
        MigrationCase("inline enum case added", [("  tier       enum(free, pro) = free\n", "  tier       enum(free, pro, max) = free\n")]),
        // Nested types
        MigrationCase("nested field added", [("  size  int32 = 1\n", "  size  int32 = 1\n  lang  string?\n")]),
        MigrationCase("nested field dropped", [("  theme string?\n", "")]),
        MigrationCase("nested field added to table", [("  seen_at    timestamp?\n", "  seen_at    timestamp?\n  defaults   Prefs?\n")]),
        // Rules
        MigrationCase("retention added", [("  created_at timestamp = now\n}\n\ntable users", "  created_at timestamp = now\n  retain { delete after 365d by created_at }\n}\n\ntable users")]),
        MigrationCase("retention removed", [("  retain { delete after 30d by created_at }\n", "")]),
        MigrationCase("retention changed", [("delete after 30d by created_at", "delete after 60d by created_at")]),
        MigrationCase("deactivate rule added", [("  seen_at    timestamp?\n  index", "  seen_at    timestamp?\n  retain { deactivate after 90d by seen_at set active = false }\n  index")]),
        MigrationCase("roll-up added to a staying delete rule", [("  retain { delete after 30d by created_at }\n}\n", "  retain { delete after 30d by created_at roll up into note_days by user_id, day = day(created_at) add notes = count }\n}\n\ntable note_days {\n  user_id int64\n  day     date\n  notes   int64 = 0\n  primary (user_id, day)\n}\n")]),
        MigrationCase("related-time rule added", [("  seen_at    timestamp?\n  index", "  seen_at    timestamp?\n  retain { delete after 3650d by guild_id -> guilds.created_at }\n  index")]),
        MigrationCase("made append-only", [("  retain { delete after 30d by created_at }\n", "  retain { append only }\n")]),
        MigrationCase("append-only table added", [("table notes {", "table audit {\n  id int64 primary auto\n  what text\n  at timestamp = now\n  retain { append only }\n}\n\ntable notes {")]),
        MigrationCase("writers added", [("  retain { delete after 30d by created_at }\n", "  retain { delete after 30d by created_at }\n  access { insert: notes; update: notes, moderation; delete: moderation }\n")]),
        MigrationCase("owner added", [("  retain { delete after 30d by created_at }\n", "  retain { delete after 30d by created_at }\n  access { owner user_id }\n")]),
        MigrationCase("archive added", [("  retain { delete after 30d by created_at }\n}\n", "  retain { archive after 30d by created_at into notes_archive }\n}\n\ntable notes_archive like notes {\n  retain { delete after 365d by created_at }\n}\n")]),
        // Schema
        MigrationCase("several changes at once", [("enum Level { low, mid, high }", "enum Level { low, mid, high, top }"), ("  nickname   text?\n", "  alias      string(60)? was nickname\n"), ("  index (name)\n", "  index (name)\n  index (seen_at desc)\n"), ("  xp         int32 = 0\n", "  xp         int64 = 0 min 0\n")]),
    ]
}
