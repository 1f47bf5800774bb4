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
