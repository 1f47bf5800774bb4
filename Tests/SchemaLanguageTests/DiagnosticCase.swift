import Testing
@testable import SchemaLanguage

/// One expected diagnostic: the source with `@` where it must point, its exact message, its
/// severity. The `site` names the reporting call site (file and what it checks).
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
    let site: String
    let source: String
    let message: String
    let severity: Severity

    init(_ site: String, _ source: String, _ message: String, _ severity: Severity = .error) {
        self.site = site
        self.source = source
        self.message = message
        self.severity = severity
    }

    var testDescription: String { site }

    /// Checks the source reports exactly this diagnostic at the marked position, with a hint.
    func verify() {
        let marker = source.firstIndex(of: "@")
        #expect(marker != nil, "case has no @ marker")
        guard let marker else { return }
        let before = source[..<marker]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
        var text = source
        text.remove(at: marker)
        let (_, diagnostics) = compile(text, path: "case.schema")
        let match = diagnostics.first { $0.message == message && $0.severity == severity }
        #expect(match != nil, "no \(severity) '\(message)'; got:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        guard let match else { return }
        #expect("\(match.location)" == "case.schema:\(line):\(column)", "at the wrong place: \(match)")
        #expect(!(match.hint ?? "").isEmpty, "no hint: \(match)")
    }
}

/// `schema s { targets sqlite }` then `table t { id int64 primary … }`.
func table(_ body: String, after: String = "") -> String {
    "schema s { targets sqlite }\n\(after)table t {\n  id int64 primary\n\(body)\n}\n"
}

/// `schema s { targets mongo }` then `collection t { id objectid primary auto named "_id" … }`.
func collection(_ body: String, named: String = "") -> String {
    "schema s { targets mongo }\ncollection t\(named) {\n  id objectid primary auto named \"_id\"\n\(body)\n}\n"
}
