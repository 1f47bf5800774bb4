import Foundation
import SchemaLanguage
import Testing

/// The README's language tour must stay a valid schema: it is what newcomers copy first.
@Test func readmeTourChecksClean() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let tourStart = try #require(readme.range(of: "## A short tour of the language"))
    let afterHeading = readme[tourStart.upperBound...]
    let open = try #require(afterHeading.range(of: "```\n"))
    let close = try #require(afterHeading[open.upperBound...].range(of: "```"))
    let source = String(afterHeading[open.upperBound..<close.lowerBound])
    let result = SchemaCompiler.compile(path: "README.md", text: source)
    #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
    let schema = try #require(result.schema)
    #expect(schema.entity(named: "warnings_archive")?.copiedFrom == "warnings")
    #expect(schema.entity(named: "warnings")?.retention.count == 2)
}
