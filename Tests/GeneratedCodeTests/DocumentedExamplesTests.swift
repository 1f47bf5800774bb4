import Foundation
import Testing

/// The Swift examples of README.md and docs/swift-api.md type-check against the generated seed
/// libraries, so the documented API is the generated one.
///
/// An example uses discord_bot's library unless its first line is a comment naming another seed
/// (`// gryag_bot`); a single line ending in such a comment uses that seed's. The names an
/// example uses without declaring them are the parameters in `seeds`.
@Suite struct DocumentedExamplesTests {
    /// Per seed: its module and the free names its examples use.
    static let seeds: [String: (module: String, parameters: String)] = [
        "discord_bot": ("DiscordBotData", "db: DiscordBotDatabase, monthAgo: Date, warning: Warning"),
        "gryag_bot": ("GryagBotData", "db: GryagBotDatabase, longName: String, tooLong: String"),
        "mozaiks_core": ("MozaiksCoreData", "db: MozaiksCoreDatabase, userID: String"),
        "syncara_bot": ("SyncaraBotData", "db: SyncaraBotDatabase, chatID: Int64"),
        "setai_bot": ("SetaiBotData", "db: SetaiBotDatabase, configuration: CachedServerConfiguration"),
    ]

    /// The ```swift blocks of a document, package manifest lines and the plugin example's files
    /// (`import BotData`, built as a package by the CLI tests) excepted.
    static func swiftBlocks(_ text: String) -> [[String]] {
        var blocks: [[String]] = [], current: [String]?
        for line in text.components(separatedBy: "\n") {
            if current == nil, line == "```swift" { current = [] } else if current != nil, line == "```" {
                let isPackageFile = current!.contains { $0.hasPrefix(".target(") || $0.contains(".target(name:") || $0 == "import BotData" }
                if !isPackageFile { blocks.append(current!) }
                current = nil
            } else if current != nil { current!.append(line) }
        }
        return blocks
    }

    /// The seed a comment names (`// gryag_bot`), if any.
    static func seed(namedIn line: Substring) -> String? {
        guard let range = line.range(of: "//", options: .backwards) else { return nil }
        let name = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return seeds[name] == nil ? nil : name
    }

    /// Each example's lines grouped by the seed they use.
    static func examples() throws -> [String: [[String]]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var result: [String: [[String]]] = [:]
        for document in ["README.md", "docs/swift-api.md"] {
            for block in swiftBlocks(try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)) {
                let first = block.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                let blockSeed = first.hasPrefix("//") ? seed(namedIn: Substring(first)) ?? "discord_bot" : "discord_bot"
                var bySeed: [String: [String]] = [:]
                for line in block where !line.hasPrefix("import ") {
                    let lineSeed = line.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? nil : seed(namedIn: Substring(line))
                    bySeed[lineSeed ?? blockSeed, default: []].append(line)
                }
                for (seed, lines) in bySeed { result[seed, default: []].append(lines) }
            }
        }
        return result
    }

    @Test func everySeedWithExamplesIsKnown() throws {
        let examples = try Self.examples()
        #expect(Set(examples.keys) == Set(Self.seeds.keys))
        #expect(examples.values.map(\.count).reduce(0, +) >= 12)
    }

    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: documented examples not type-checked"),
          arguments: seeds.keys.sorted())
    func documentedExamplesTypeCheck(_ seed: String) throws {
        let (module, parameters) = try #require(Self.seeds[seed])
        let examples = try Self.examples()[seed] ?? []
        var source = "import Foundation\nimport SchemaGenRuntime\nimport \(module)\n"
        for (number, lines) in examples.enumerated() {
            // An example of the async API runs in an async function, as it would in a bot's handler.
            let effects = lines.contains { $0.contains("await ") } ? "async throws" : "throws"
            source += "\nfunc example\(number)(\(parameters)) \(effects) {\n" + lines.joined(separator: "\n") + "\n}\n"
        }
        let output = try SnippetCompiler.typecheck(source)
        #expect(output.status == 0 && !output.text.contains(": error:"), "\(source)\n\(output.text)")
    }
}
