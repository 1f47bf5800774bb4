import Foundation
import Testing

/// The language's folders depend downwards only: Syntax and Model share `Vocabulary/` and
/// `Diagnostics/`, and neither names a type the other declares.
@Suite struct LayeringTests {
    static let sources = Seeds.root.appendingPathComponent("Sources/SchemaLanguage")

    /// The code of every Swift file in a folder, comments removed.
    static func code(in folder: String) throws -> [(file: String, code: String)] {
        let directory = sources.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }.sorted()
            .map { name in
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line)
                }
                return ("\(folder)/\(name)", lines.joined(separator: "\n"))
            }
    }

    /// The type names a folder declares.
    static func declaredTypes(in folder: String) throws -> Set<String> {
        let pattern = try NSRegularExpression(pattern: #"\b(?:struct|enum|class|protocol)\s+([A-Z][A-Za-z0-9]*)"#)
        var names: Set<String> = []
        for (_, code) in try code(in: folder) {
            let text = code as NSString
            for match in pattern.matches(in: code, range: NSRange(location: 0, length: text.length)) {
                names.insert(text.substring(with: match.range(at: 1)))
            }
        }
        return names
    }

    /// Files of `folder` that name a type declared in `other`.
    static func uses(_ folder: String, of other: String) throws -> [String] {
        let names = try declaredTypes(in: other)
        return try code(in: folder).flatMap { file, code in
            names.sorted().filter { name in
                code.range(of: #"\b"# + name + #"\b"#, options: .regularExpression) != nil
            }.map { "\(file) uses \($0)" }
        }
    }

    @Test func modelDoesNotReachIntoSyntax() throws {
        #expect(try !Self.declaredTypes(in: "Syntax").isEmpty)
        #expect(try Self.uses("Model", of: "Syntax") == [])
    }

    @Test func syntaxDoesNotReachIntoModel() throws {
        #expect(try !Self.declaredTypes(in: "Model").isEmpty)
        #expect(try Self.uses("Syntax", of: "Model") == [])
    }

    @Test func vocabularyStandsAlone() throws {
        for folder in ["Syntax", "Model", "Check", "Diff", "Format"] {
            #expect(try Self.uses("Vocabulary", of: folder) == [], "Vocabulary uses \(folder)")
        }
    }
}
