import Foundation
import Testing
@testable import SchemaLanguage

/// The formatter: idempotent, keeps every comment, never changes meaning.
@Suite struct FormatterTests {
    /// Formats a text, requiring no syntax errors.
    func formatted(_ text: String) -> String {
        let (formatted, diagnostics) = SchemaFormatter.format(path: "test.schema", text: text)
        #expect(formatted != nil, "\(diagnostics)")
        return formatted ?? ""
    }

    /// The three properties every input must keep.
    func expectCanonical(_ text: String, file: String, requireMeaning: Bool = true) {
        let once = formatted(text)
        let twice = formatted(once)
        #expect(once == twice, "not idempotent: \(file)")
        #expect(SchemaFormatter.commentLines(of: text) == SchemaFormatter.commentLines(of: once),
                "comments changed: \(file)")
        for line in once.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(!line.hasSuffix(" "), "trailing whitespace in \(file): \(line)")
        }
        let before = compile(text), after = compile(once)
        #expect(before.schema != nil || !requireMeaning, "\(file) should check: \(errors(before.diagnostics))")
        if let original = before.schema {
            #expect(after.schema.map(meaning) == meaning(original), "meaning changed: \(file)")
        }
        #expect(before.diagnostics.map(\.message) == after.diagnostics.map(\.message) || before.schema == nil,
                "diagnostics changed: \(file)")
    }

    @Test(arguments: SeedInventory.all.map(\.file))
    func seedSchemasFormatCanonically(_ file: String) throws {
        let text = try Seeds.text(file)
        expectCanonical(text, file: file)
        if let dump = ProcessInfo.processInfo.environment["SCHEMAGEN_FORMAT_DUMP"] {
            try formatted(text).write(toFile: dump + "/" + file, atomically: true, encoding: .utf8)
        }
    }
}

/// A file with comments in every place the language allows one, odd spacing and wrapped lists.
let tortureSchema = #"""
// banner line 1
// banner line 2

/// The torture schema.
///second doc line without a space
schema torture { // after the brace
  // before targets
  targets sqlite,postgres   // trailing targets
  database   "db"
  about { represents "a"; grows "b" }
  // closing header comment
}
// between header and enum


/// Levels.
enum Level {
  low // the lowest
  // before mid
  mid = "MID", high
  /// Documented case.
  top
  // closing enum comment
}
enum Flat { a, b = "B" }
/// A nested type.
type Entry {
  // leading field comment
  at    timestamp   // when
  note text?
}
table users {
  user_id int64 primary
  name string(50) unique
  created_at timestamp
  retain { delete after 30d by created_at; keep newest 100 per user_id by created_at } // rules
  access { insert: shop; update: shop.admin, maintenance }
}
/// Orders.
table orders named "tbl_orders" was purchases {
  // leading comment

  /// The id.
  id int64 auto primary // trailing id
  user_id int64 -> users.user_id on delete cascade
  status enum(open,
              // inline enum comment
              closed) = open
  amount decimal( 10 , 2 ) min 0 = 0
  note string length 1..100 pattern "^[^\\n]*$"   named "note_col"
  created_at timestamp = now
  updated_at timestamp on update now = now
  level Level = low
  entries [Entry] keep newest 5 = []


  index (user_id, // wrapped index comment
         created_at desc)
  index (status) where status = open and (amount > 10 or not note is null) // partial
  unique (user_id, note) named "uq_x"
  retain {
    // before rule
    archive after 90d by created_at into orders_archive // why archive
    // closing retain
  }
  access {
    delete: maintenance // only maintenance
    owner user_id
  }
  about {
    represents "Orders" // what
    touched_by "Shop"
    // closing about
  }
  // closing orders
}

table orders_archive like orders { }
collection events named "events_{day}" {
  id objectid primary auto named "_id"
  day string
  expires timestamp
  partition by day
  retain { deactivate at expires set day = "x" where day != "y" }
}
/// A cache.
cache order_cache {
  // key comment
  key "order:{order_id}" // the key
  ttl 1h
  value Entry
  order_id int64
  // closing cache
}
namespace plugin {
  collection things { id objectid primary auto; user_id int64 }
  // before owner
  owner user_id // owner trailing
}
// end of file 1

/// dangling doc at end
"""#

/// Hand-written layout expectations.
@Suite struct FormatterLayoutTests {
    func format(_ text: String) -> String? { SchemaFormatter.format(path: "t.schema", text: text).formatted }

    @Test func canonicalLayout() {
        let input = """
        schema s{targets sqlite;database "db"}
        /// Users.
        table users{id int64 auto primary
        email string unique
        created_at timestamp on update now = now // when
        status enum(a,b)
        index(email desc) where status=a
        retain{forever}
        access{insert: a.b; owner id}
        about{represents "x"}
        }
        enum E{a,b="B"}
        """
        #expect(format(input) == """
        schema s {
          targets sqlite
          database "db"
        }

        /// Users.
        table users {
          id         int64     primary auto
          email      string    unique
          created_at timestamp = now on update now // when
          status     enum(a, b)
          index (email desc) where status = a
          retain { forever }
          access { insert: a.b; owner id }
          about { represents "x" }
        }

        enum E { a, b = "B" }

        """)
    }

    @Test func multiLineBlocksStayMultiLineAndAboutAligns() {
        let input = """
        schema s { targets sqlite }
        table t {
          id int64 primary
          retain {
            forever
          }
          about {
            represents "x"
            grows "y"
          }
          access {
            insert: a
          }
        }
        """
        #expect(format(input) == """
        schema s { targets sqlite }

        table t {
          id int64 primary
          retain {
            forever
          }
          about {
            represents "x"
            grows      "y"
          }
          access {
            insert: a
          }
        }

        """.replacingOccurrences(of: "schema s { targets sqlite }", with: "schema s {\n  targets sqlite\n}"))
    }

    @Test func longOneLineBlocksBreak() {
        let modules = (1...12).map { "module_number_\($0)" }.joined(separator: ", ")
        let input = "schema s { targets sqlite }\ntable t {\n  id int64 primary\n  access { insert: \(modules) }\n}\n"
        let output = format(input) ?? ""
        #expect(output.contains("  access {\n    insert: \(modules)\n  }\n"))
    }

    @Test func blankLinesBetweenMembersCollapseToOne() {
        let input = "schema s { targets sqlite }\n\n\n\ntable t {\n\n  id int64 primary\n\n\n\n  x int64\n}\n\n\n"
        #expect(format(input) == "schema s {\n  targets sqlite\n}\n\ntable t {\n  id int64 primary\n\n  x  int64\n}\n")
    }

    @Test func commentsInsideWrappedListsMoveAboveTheStatement() {
        let input = "schema s { targets sqlite }\ntable t {\n  id int64 primary\n  a int64\n  index (id, // why\n    a)\n}\n"
        #expect(format(input)?.contains("  // why\n  index (id, a)\n") == true)
    }

    @Test func bannerBlankLineBeforeDocIsKept() {
        let input = "schema s { targets sqlite }\n// ---\n// Section\n// ---\n\n/// Doc.\ntable t { id int64 primary }\n"
        #expect(format(input)?.contains("// ---\n// Section\n// ---\n\n/// Doc.\ntable t {\n") == true)
    }

    @Test func filesWithSyntaxErrorsAreNeverRewritten() {
        let (formatted, diagnostics) = SchemaFormatter.format(path: "t.schema",
                                                              text: "schema s { targets sqlite }\ntable t {\n  id int64 primary\n  x\n}\n")
        #expect(formatted == nil)
        #expect(diagnostics.contains { $0.severity == .error && "\($0.location)" == "t.schema:4:4" })
    }

    @Test func docCommentInsideAStatementIsReportedNotMoved() {
        let (formatted, diagnostics) = SchemaFormatter.format(
            path: "t.schema", text: "schema s { targets sqlite }\ntable t {\n  id int64 primary\n  index (id, /// x\n    id)\n}\n")
        #expect(formatted == nil)
        #expect(diagnostics.map(\.description) == [
            "t.schema:4:14: error: a '///' doc comment inside a statement documents nothing\n"
                + "  hint: make it a '//' comment or move it above the statement",
        ])
    }

    @Test func checkerErrorsDoNotPreventFormatting() {
        // Only syntax errors block formatting: a file with an unknown type is still rewritten.
        #expect(format("schema s { targets sqlite }\ntable t { id integer primary }\n") != nil)
    }

    @Test func emptyFileAndCommentOnlyFile() {
        #expect(format("") == "")
        #expect(format("// only a comment   \n\n\n") == "// only a comment\n")
    }
}

extension FormatterTests {
    @Test func tortureFileIsIdempotentAndKeepsEveryComment() {
        expectCanonical(tortureSchema, file: "torture", requireMeaning: true)
        let once = formatted(tortureSchema)
        for comment in SchemaFormatter.commentLines(of: tortureSchema) where !comment.hasPrefix("///") {
            #expect(once.contains(comment), "missing \(comment)")
        }
    }

    @Test func seedsPassTheFullFormatAPI() throws {
        // The path + text API (what `fmt` calls) accepts every seed: its safeguards find nothing.
        for seed in try Seeds.all() {
            let once = SchemaFormatter.format(path: seed.file, text: seed.text)
            #expect(once.formatted != nil, "\(once.diagnostics)")
        }
    }
}
