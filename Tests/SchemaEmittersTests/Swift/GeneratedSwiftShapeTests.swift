import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// The shape of generated Swift: line width, named constants, nothing emitted empty (issue 10).
@Suite struct GeneratedSwiftShapeTests {
    /// Every generated Swift text: the checked-in seed libraries, the hostile-names corpus and the
    /// feature schema of the golden tests, as (name, contents).
    static func generatedSwift() throws -> [(String, String)] {
        let root = SeedSchemas.packageRoot.appendingPathComponent("generated")
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        var files: [(String, String)] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            files.append((url.path, try String(contentsOf: url, encoding: .utf8)))
        }
        #expect(files.count > 50, "read \(files.count) generated files")
        for (name, schema) in [("hostile", try HostileNamesSchema.schema()), ("features", try SQLFeatureSchema.schema())] {
            files += SwiftEmitter().emit(schema).map { ("\(name)/\($0.path)", $0.contents) }
        }
        return files
    }

    /// The line without the contents of its string literals (`"…"` becomes `""`).
    static func withoutStringLiterals(_ line: String) -> String {
        var out = ""
        var inString = false
        var escaped = false
        for character in line {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" {
                    inString = false
                    out.append(character)
                }
            } else {
                if character == "\"" { inString = true }
                out.append(character)
            }
        }
        return out
    }

    @Test func literalsDoNotCountTowardsTheWidth() {
        #expect(Self.withoutStringLiterals(#"let a = "x\"y" + "z""#) == #"let a = "" + """#)
    }

    @Test func noLineIsLongerThan120CharactersApartFromStringLiterals() throws {
        var long: [String] = []
        for (name, contents) in try Self.generatedSwift() {
            for (number, line) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.count > 120 && Self.withoutStringLiterals(String(line)).count > 120 {
                long.append("\(name):\(number + 1): \(line.count) characters")
            }
        }
        #expect(long.isEmpty, "\(long.prefix(20).joined(separator: "\n"))")
    }

    /// Positions are named by column (`Warning.Columns.guildID`) and multikey indexes by field
    /// (`Post.tagsMultikeyIndex`), never written as bare numbers.
    @Test func columnPositionsAreNamed() throws {
        let bare = /(Positions?|[cC]olumn|[pP]osition|keyPositions): \[?[0-9]|multikeyIndexes\[[0-9]/
        for (name, contents) in try Self.generatedSwift() {
            let matches = contents.matches(of: bare).map { String(contents[$0.range]) }
            #expect(matches.isEmpty, "\(name): \(matches.prefix(3))")
        }
    }

    /// Hooks and validators that would do nothing are left to the runtime's defaults.
    @Test func nothingIsEmittedEmpty() throws {
        let emptyFunction = /func [^\n]*\{\s*\}/
        for (name, contents) in try Self.generatedSwift() {
            #expect(!contents.contains("No checks"), "\(name)")
            let matches = contents.matches(of: emptyFunction).map { String(contents[$0.range]) }
            #expect(matches.isEmpty, "\(name): \(matches.prefix(3))")
        }
        let plain = SwiftEmitter().emit(try SeedSchemas.compile("""
            schema plain {
              targets sqlite
            }
            table notes {
              id   int64 primary auto
              body text
            }
            """))
        let coding = try #require(plain.first { $0.path == "Swift/Plain+RecordCoding.swift" }?.contents)
        #expect(coding.contains("public init(row: Row) throws"))
        // Reads read the stored bytes field by field, in column order.
        #expect(coding.contains("""
                public init(reading reader: inout RowReader) throws {
                    try reader.expectColumns(2)
                    self.id = try Int64(reading: &reader)
                    self.body = try String(reading: &reader)
                }
            """))
        for hook in ["applyInsertDefaults", "applyWriteTimestamps", "keepInsertDefaults", "collectFailures"] {
            #expect(!plain.contains { $0.contents.contains(hook) }, "\(hook)")
        }
        #expect(!plain.contains { $0.path.hasSuffix("+Validation.swift") || $0.path.hasSuffix("+Writers.swift") })
    }
}
