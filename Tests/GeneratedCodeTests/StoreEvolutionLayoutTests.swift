import DiscordBotData
import GryagBotData
import MozaiksCoreData
import SchemaGenRuntime
import SetaiBotData
import SyncaraBotData
import Testing

/// The newest version each seed's `StoreEvolution` declares is exactly the catalog its
/// `StoreLayout` opens the store with, shapes included, and every column has a shape.
@Suite struct StoreEvolutionLayoutTests {
    static let seeds: [(name: String, layout: StoreSchema, evolution: StoreEvolution)] = [
        ("discord_bot", DiscordBotStoreLayout.schema, DiscordBotStoreEvolution.evolution),
        ("gryag_bot", GryagBotStoreLayout.schema, GryagBotStoreEvolution.evolution),
        ("mozaiks_core", MozaiksCoreStoreLayout.schema, MozaiksCoreStoreEvolution.evolution),
        ("setai_bot", SetaiBotStoreLayout.schema, SetaiBotStoreEvolution.evolution),
        ("syncara_bot", SyncaraBotStoreLayout.schema, SyncaraBotStoreEvolution.evolution),
    ]

    @Test(arguments: 0..<5) func newestVersionIsTheStoreLayout(_ seed: Int) throws {
        let (name, layout, evolution) = Self.seeds[seed]
        let newest = try #require(evolution.versions.last, "\(name) has no version")
        #expect(newest.schema == layout, "\(name)")
        #expect(evolution.steps.count == evolution.versions.count - 1)
        #expect(evolution.versions.map(\.number) == Array(1...evolution.versions.count))
    }

    @Test(arguments: 0..<5) func everyColumnHasAShape(_ seed: Int) throws {
        let (name, _, evolution) = Self.seeds[seed]
        let newest = try #require(evolution.versions.last)
        let missing = newest.schema.tables.flatMap { table in
            table.columns.filter { $0.shape == nil }.map { "\(table.name).\($0.name)" }
        }
        #expect(missing == [], "\(name)")
    }

    @Test func shapesRecordNestedFieldsEnumCasesAndWidths() throws {
        let newest = try #require(SetaiBotStoreEvolution.evolution.versions.last)
        let users = try #require(newest.schema.tables.first { $0.name == "users" })
        #expect(users.columns.first { $0.name == "user_id" }?.shape == .integer(bits: 64))
        #expect(users.columns.first { $0.name == "status" }?.shape
                == .enumeration("UserStatus", cases: ["active", "suspended", "deleted"]))
        let mozaiks = try #require(MozaiksCoreStoreEvolution.evolution.versions.last)
        let members = try #require(mozaiks.schema.tables.first { $0.name == "users" })
        #expect(members.columns.first { $0.name == "_id" }?.shape == .objectID)
        #expect(members.columns.first { $0.name == "roles" }?.shape
                == .array(.enumeration("UserRole", cases: ["user", "admin", "superadmin"]), maxCount: nil))
        #expect(members.columns.first { $0.name == "subscription" }?.shape == .document("Subscription", fields: [
            DocumentField("tier", .string(maxLength: nil), optional: true),
            DocumentField("expires_at", .timestamp, optional: true),
        ]))
    }
}
