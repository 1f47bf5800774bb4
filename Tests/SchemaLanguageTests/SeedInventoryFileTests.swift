import Foundation
import Testing
@testable import SchemaLanguage

/// The line-by-line seed inventories (Tests/Fixtures/seed_inventory/<schema>.txt): every item a
/// seed documents (entity, field, index, rule, query) next to the schema construct that expresses
/// it, checked against the checked model of schema/<schema>.schema in both directions:
/// - every cited construct exists (a removed or changed field, index or rule fails), and
/// - every construct of the schema is cited by some seed item (nothing undocumented slips in).
///
/// Line format: `<seed item> => <construct>`; `#` starts a comment line. A construct is one line
/// of `SeedConstructs` (e.g. `index warnings (guild_id, active, user_id) named "…"`), an `about`
/// line of the schema (for what the seed leaves as prose), or `pending <feature>: <why>` for an
/// item whose construct the language does not have yet.
@Suite struct SeedInventoryFileTests {
    static let folder = Seeds.root.appendingPathComponent("Tests/Fixtures/seed_inventory")

    /// The language features an inventory may name as `pending` (issue 14 item 1).
    static let pendingFeatures: Set<String> = [
        "handled-retention", "read-access", "json-any", "physical-sql-type",
        "related-retention", "array-element-age", "roll-up",
    ]

    static var inventories: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test func everySeedHasAnInventory() {
        #expect(Self.inventories == ["discord_bot", "gryag_bot", "mozaiks_core", "setai_bot", "syncara_bot"])
    }

    @Test(arguments: inventories)
    func inventoryMatchesTheCheckedSchema(_ name: String) throws {
        let inventory = try SeedInventoryFile.read(Self.folder.appendingPathComponent("\(name).txt"))
        let schema = try #require(compile(try Seeds.text("\(name).schema"), path: "schema/\(name).schema").schema)
        let problems = SeedInventoryFile.problems(inventory, schema: schema, pendingFeatures: Self.pendingFeatures)
        #expect(problems.isEmpty, "\(name): \(problems.count) problems\n\(problems.joined(separator: "\n"))")
    }

    @Test func aRemovedIndexAndAChangedFieldFailTheInventory() throws {
        let inventory = try SeedInventoryFile.read(Self.folder.appendingPathComponent("discord_bot.txt"))
        var text = try Seeds.text("discord_bot.schema")
        text = text.replacingOccurrences(of: "  index (guild_id, active, user_id) named \"idx_warnings_guild_active\"\n", with: "")
        text = text.replacingOccurrences(of: "  amount           int32\n", with: "  amount           int64\n")
        let schema = try #require(compile(text).schema)
        let problems = SeedInventoryFile.problems(inventory, schema: schema, pendingFeatures: Self.pendingFeatures)
        #expect(problems.contains { $0.contains("index warnings (guild_id, active, user_id) named \"idx_warnings_guild_active\"") && $0.hasPrefix("missing") })
        #expect(problems.contains { $0 == "missing: field transactions.amount int32 (cited by: L141 transactions.amount INTEGER NOT NULL)" })
        #expect(problems.contains { $0 == "uncited: field transactions.amount int64" })
    }

    @Test func anUndocumentedFieldFailsTheInventory() throws {
        let inventory = try SeedInventoryFile.read(Self.folder.appendingPathComponent("mozaiks_core.txt"))
        let text = try Seeds.text("mozaiks_core.schema")
            .replacingOccurrences(of: "  last_login    timestamp?\n", with: "  last_login    timestamp?\n  nickname string?\n")
        let schema = try #require(compile(text).schema)
        #expect(SeedInventoryFile.problems(inventory, schema: schema, pendingFeatures: Self.pendingFeatures)
                == ["uncited: field users.nickname string?"])
    }

    @Test func aMalformedLineAndAnUnknownPendingFeatureAreProblems() throws {
        let parsed = SeedInventoryFile.parse("# c\nno arrow here\nL1 x => pending teleport: no such feature\n")
        #expect(parsed.malformed == [2])
        let schema = try #require(compile(mongoHeader).schema)
        #expect(SeedInventoryFile.problems(parsed, schema: schema, pendingFeatures: Self.pendingFeatures)
                == ["line 2: expected `<seed item> => <construct>`", "unknown pending feature: teleport (L1 x)",
                    "uncited: schema t targets mongo"])
    }
}

/// A parsed seed inventory file.
struct SeedInventoryFile {
    /// (seed item, construct) in file order.
    var entries: [(item: String, construct: String)] = []
    /// Line numbers of lines that are neither comments, blank, nor `item => construct`.
    var malformed: [Int] = []

    static func read(_ url: URL) throws -> SeedInventoryFile {
        parse(try String(contentsOf: url, encoding: .utf8))
    }

    static func parse(_ text: String) -> SeedInventoryFile {
        var file = SeedInventoryFile()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let arrow = trimmed.range(of: " => ") else {
                file.malformed.append(number + 1)
                continue
            }
            let item = trimmed[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
            let construct = trimmed[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
            if item.isEmpty || construct.isEmpty {
                file.malformed.append(number + 1)
            } else {
                file.entries.append((item, construct))
            }
        }
        return file
    }

    /// What is wrong, one line each: `missing: <construct> (cited by: <item>)` for a cited
    /// construct the schema does not have, `uncited: <construct>` for a construct no item cites.
    static func problems(_ file: SeedInventoryFile, schema: Schema, pendingFeatures: Set<String>) -> [String] {
        var problems = file.malformed.map { "line \($0): expected `<seed item> => <construct>`" }
        let constructs = SeedConstructs.all(in: schema)
        let existing = Set(constructs).union(SeedConstructs.abouts(in: schema))
        var cited = Set<String>()
        var reported = Set<String>()
        for (item, construct) in file.entries {
            if construct.hasPrefix("pending ") {
                let feature = String(construct.dropFirst("pending ".count).prefix { $0 != ":" })
                if !pendingFeatures.contains(feature) { problems.append("unknown pending feature: \(feature) (\(item))") }
                continue
            }
            cited.insert(construct)
            if !existing.contains(construct) && reported.insert(construct).inserted {
                let items = file.entries.filter { $0.construct == construct }.map(\.item)
                problems.append("missing: \(construct) (cited by: \(items.joined(separator: "; ")))")
            }
        }
        problems += constructs.filter { !cited.contains($0) }.map { "uncited: \($0)" }
        return problems
    }
}
