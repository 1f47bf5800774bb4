import Foundation
import Testing

/// Typed filters are checked by the compiler: a misspelled field or a value of the wrong type
/// does not compile. Each snippet is type-checked by `swiftc` against `GryagBotData`.
@Suite struct TypedQueryCompileTests {
    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"))
    func wellTypedFiltersCompile() throws {
        let output = try SnippetCompiler.typecheck("""
            import GryagBotData
            import Foundation
            func allowed(_ db: GryagBotDatabase) throws {
                _ = try db.messages.filter { $0.chatID == 5 && ($0.userID.isIn([1, 2]) || $0.content.hasPrefix("hi")) }.count()
                _ = try db.messages.filter { $0.createdAt >= Date() }.group(byDayOf: { $0.createdAt }).count(order: .valueDescending, limit: 10)
            }
            """)
        #expect(output.status == 0 && !output.text.contains("error:") && !output.text.contains("warning:"), "\(output.text)")
    }

    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"),
          arguments: [
              ("_ = db.messages.filter { $0.chatId == 5 }", "has no member 'chatId'"),
              ("_ = db.messages.filter { $0.chatID == \"5\" }", "error:"),
              ("_ = db.messages.filter { $0.content.hasPrefix(5) }", "error:"),
              ("_ = db.messages.filter { $0.chatID.hasPrefix(\"5\") }", "error:"),
              ("_ = try db.messages.all().sum { $0.content }", "error:"),
          ])
    func illTypedFiltersDoNotCompile(_ statement: String, _ message: String) throws {
        let output = try SnippetCompiler.typecheck("""
            import GryagBotData
            func forbidden(_ db: GryagBotDatabase) throws {
                \(statement)
            }
            """)
        #expect(output.status != 0)
        #expect(output.text.contains("snippet.swift:3:") && output.text.contains(message), "\(output.text)")
    }
}
