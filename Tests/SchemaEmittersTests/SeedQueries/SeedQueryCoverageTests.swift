import Foundation
import Testing

/// Every `query:` and `operation:` item of every seed inventory (Tests/Fixtures/seed_inventory)
/// is a step of that seed's query fixture (Tests/Fixtures/seed_queries), and every step names
/// inventory items that exist: a documented query cannot be left out of the store/server checks.
@Suite struct SeedQueryCoverageTests {
    static let inventoryFolder = SeedSchemas.packageRoot.appendingPathComponent("Tests/Fixtures/seed_inventory")

    /// The seed-line reference (`L269`, `L455-L457`) of each `query:`/`operation:` item.
    static func documentedSteps(_ schema: String) throws -> Set<String> {
        let text = try String(contentsOf: inventoryFolder.appendingPathComponent("\(schema).txt"), encoding: .utf8)
        return Set(text.split(separator: "\n").compactMap { line -> String? in
            guard !line.hasPrefix("#"), let arrow = line.range(of: " => ") else { return nil }
            let item = line[..<arrow.lowerBound]
            for marker in [" query: ", " operation: "] {
                if let range = item.range(of: marker) { return String(item[..<range.lowerBound]) }
            }
            return nil
        })
    }

    @Test func everySeedHasAQueryFixture() {
        #expect(SeedQueryFile.names == SeedSchemas.names)
    }

    @Test(arguments: SeedSchemas.names)
    func fixtureCoversEveryDocumentedQuery(_ schema: String) throws {
        let documented = try Self.documentedSteps(schema)
        let fixture = try SeedQueryFile.load(schema)
        let covered = Set(fixture.steps.flatMap(\.inventory))
        #expect(!documented.isEmpty, "\(schema): the inventory marks no query")
        #expect(documented.subtracting(covered).sorted() == [], "\(schema): documented but not in the fixture")
        #expect(covered.subtracting(documented).sorted() == [], "\(schema): fixture names no such inventory item")
        // A MongoDB seed has no server here; it must say why instead of pretending (its calls run
        // against the node harness, MongoSeedQueryHarnessTests).
        let isRelational = !(fixture.dialects ?? []).isEmpty
        #expect(isRelational == (fixture.engineNotRun == nil), "\(schema): engine_not_run must be stated exactly when no dialect runs")
        if isRelational {
            #expect(fixture.steps.allSatisfy { $0.sql != nil }, "\(schema): a step has no SQL")
        } else {
            #expect(fixture.steps.allSatisfy { $0.mongo != nil && $0.mongoRows != nil && $0.sql == nil },
                    "\(schema): a step has no mongo call or no mongo_rows")
        }
    }

    @Test func aStepMissingFromTheFixtureIsReported() throws {
        let documented = try Self.documentedSteps("discord_bot")
        #expect(documented.contains("L269") && documented.contains("L455-L457"))
        let fixture = try SeedQueryFile.load("discord_bot")
        let withoutLeaderboard = Set(fixture.steps.filter { $0.name != "server leaderboard" }.flatMap(\.inventory))
        #expect(documented.subtracting(withoutLeaderboard) == ["L269"])
    }
}
