import Foundation
import SchemaLanguage

/// The hostile corpus: a schema whose names and strings hold what ends quotes, comments, dollar
/// quotes, code strings and Markdown cells in some output language — quotes, backticks, `$$`,
/// `$schemagen$`, `--`, `*/`, `"""`, `\(`, `${`, newlines where the language accepts them
/// (values, docs), raw carriage returns and line separators in docs and values, look-alike
/// Unicode and names of the maximum length. Strings carry working attack payloads: if any of
/// them escaped, the canary table would be dropped, a superuser role created, or a database
/// client's shell command (`\!` in psql and mariadb, `.shell` in sqlite3) would create
/// ``shellMarker(token:)``.
enum HostileSchema {
    /// The file the shell-command payloads would create.
    static func shellMarker(token: String) -> URL {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("schemagen-hostile-\(token)")
    }

    /// The corpus; `token` (unique to one test database) keeps the payloads' roles and files apart.
    static func text(token: String) -> String {
        let drop = "DROP TABLE canary;"
        let shell = "\\! touch \(shellMarker(token: token).path)"
        let dotShell = ".shell touch \(shellMarker(token: token).path)"
        let superuser = "CREATE ROLE pwned_\(token) SUPERUSER;"
        let longTable = String(repeating: "m", count: 63)
        let longColumn = "c" + String(repeating: "\u{00E9}", count: 31)  // 63 bytes: c + 31 × é
        return #"""
            /// Hostile corpus */ """ \( ${x} `tick` $$ $tag$ -- 'single' "double"\#r\#(drop)
            /// Second doc line\#u{2028}\#(drop) <script>alert(1)</script> | pipe |
            schema hostile {
              targets sqlite, postgres, mysql, mongo
              database "host'ile\"db`$$--*/"
            }

            /// Moods */ """ \( ${x}\#r\#(drop)
            enum Mood {
              /// The calm one */ \#u{2028}\#(drop)
              calm = "it's \"calm\" `x` $$ -- */ \"\"\" \\( ${x}"
              split = "line one\nDROP TABLE canary;\n--"
              lookalike = "ｃａｌｍ"
              raw = "\#u{2028}\#(drop)\#u{2029}"
            }

            /// The users.
            table users {
              id int64 primary auto
              name string(40)
            }

            /// Looks like users: Cyrillic е.
            table lookalike named "usеrs" {
              id int64 primary
            }

            /// Evil table */ """ \( ${x} $$ `b` 'q' "d"\#r\#(drop)
            /// Backslash quote: a\'); \#(drop) --
            /// \#(shell)
            table evil named "t'\"`$$;\#(superuser)--*/" {
              id int64 primary auto
              /// Label */ """\#r\#(drop)
              label string(60) named "c'\"`$$--*/\"\"\"\\(${" pattern "[a-z]+|it's \"q\"|x\ny$$" length 1..60
              mood Mood = calm
              note text? = "default 'q' \"d\" `b` $$ $tag$ -- */ \"\"\" \\( ${x}\n\#(drop)\n\#(dotShell)\n\#(shell)\n-- "
              stamp timestamp = now on update now named "u$$pd$schemagen$ated"
              owner_id int64? -> users.id on delete set null named "o'wner\"`$$"
              index (label) where label = "a'b\"c\n\#(drop)\n-- $$" named "ix'\"`$$--*/"
              index (owner_id, stamp desc) named "ix2$$\"\"\"\\("
              retain {
                delete after 30d by stamp where note = "r'\"`$$\n\#(drop)\n-- \#u{2028}"
                archive after 7d by stamp into evil_archive where mood = split
              }
              access { insert: writer; update: writer, cleaner; delete: cleaner }
            }

            /// Archive of evil.
            table evil_archive like evil named "a$$'\"`rch--*/" {
              retain { delete after 365d by stamp }
            }

            /// The longest names.
            table longest named "\#(longTable)" {
              id int64 primary auto
              value int32 named "\#(longColumn)" = 1
              access { insert: writer }
            }

            /// Documents */ \#u{2028}\#(drop)
            collection docs named "d'\"`$$--*/\\(${" {
              id objectid primary auto named "_id"
              /// Title */\#u{2028}alert(1)
              title string pattern "^a|b$\n" named "ti'\"`$$--*/\\(${"
              mood Mood?
              created timestamp = now
              index (title) unique where title = "x'\"\n$$ */ \#u{2028}" named "dix'\"`$$\\("
              retain { delete after 7d by created where title = "r'\"`$$\#u{2028}--" }
            }

            /// Partitioned */
            collection parts named "p/'\"$$*/_{chat}" {
              id objectid primary auto named "_id"
              chat int64
              created timestamp = now
              partition by chat
              retain { keep newest 5 by created }
            }
            """#
    }

    /// The physical names of the corpus's tables.
    static let tableNames: Set<String> = [
        "users", "usеrs", "t'\"`$$;CREATE ROLE pwned_TOKEN SUPERUSER;--*/", "a$$'\"`rch--*/", String(repeating: "m", count: 63),
    ]

    /// The physical names of the tables for one token.
    static func tableNames(token: String) -> Set<String> {
        Set(tableNames.map { $0.replacingOccurrences(of: "TOKEN", with: token) })
    }

    /// The corpus compiled.
    static func schema(token: String) throws -> Schema {
        try SeedSchemas.compile(text(token: token), path: "schema/hostile.schema")
    }
}
