import Testing
@testable import SchemaLanguage

/// What the checker infers or keeps quiet about for security: owners copied by `like`, and
/// intended cases that must not warn.
@Suite struct SecurityCheckTests {
    /// An archive declared with `like` is scoped by its source's owner, without saying so.
    @Test func likeCopiesTheOwner() throws {
        let (schema, diagnostics) = compile("""
            schema s { targets postgres }
            table notes {
              id int64 primary
              user_id int64
              at timestamp
              retain { archive after 1d by at into notes_archive }
              access { owner user_id }
            }
            table notes_archive like notes { }
            """, path: "case.schema")
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        #expect(schema?.entity(named: "notes_archive")?.access.owner == "user_id")
    }

    /// Saying a rule skips rows without a time, or that the child's writers include the parent's
    /// deleters, silences the warnings.
    @Test func intendedCasesDoNotWarn() throws {
        let (_, diagnostics) = compile("""
            schema s { targets sqlite }
            table users {
              id int64 primary
              access { delete: gdpr }
            }
            table t {
              id int64 primary
              at timestamp?
              user_id int64 -> users.id on delete cascade
              index (user_id)
              retain { delete at at where at is not null and id > 0 }
              access { delete: gdpr, cleanup }
            }
            """, path: "case.schema")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    }
}
