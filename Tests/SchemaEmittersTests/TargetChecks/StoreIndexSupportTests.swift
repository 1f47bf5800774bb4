import SchemaEmitters
import SchemaLanguage
import Testing

/// Which indexes the embedded store serves, decided once (``StoreIndexSupport``) for the Swift
/// emitter and the store's target check.
@Suite struct StoreIndexSupportTests {
    static let collection = "schema s { targets mongo }\ncollection c {\n  id objectid primary auto named \"_id\"\n"
        + "  tags [string]\n  n int64\n  d decimal(5, 2)\n  doc json\n"

    func support(_ index: String) throws -> StoreIndexSupport {
        let schema = try SeedSchemas.compile(Self.collection + "  \(index)\n}\n")
        let entity = try #require(schema.entity(named: "c"))
        return StoreIndexSupport(try #require(entity.indexes.first), of: entity)
    }

    @Test func scalarIndexesAreOrdered() throws {
        #expect(try support("index (n)") == .ordered)
        #expect(try support("unique (n, id)") == .ordered)
    }

    @Test func aLonePlainArrayIndexIsMultikey() throws {
        #expect(try support("index (tags)") == .multikey(element: .string(maxLength: nil)))
    }

    @Test func otherIndexesAreKeptByTheServersOnly() throws {
        for (index, field) in [("index (tags, n)", "tags"), ("unique (tags)", "tags"), ("index (tags) where n > 1", "tags"),
                               ("index (n, d)", "d"), ("index (doc)", "doc")] {
            guard case .serversOnly(let reason) = try support(index) else {
                Issue.record("\(index) should be kept by the servers only")
                continue
            }
            #expect(reason.name == field, "\(index)")
        }
    }

    /// A lone plain index over an array of scalars is multikey and served by generated Swift;
    /// arrays inside compound indexes are server-only and warned about.
    @Test func arrayIndexesWarnOnlyWhenSwiftCannotServeThem() throws {
        let base = "schema s { targets mongo }\ncollection c {\n  id objectid primary auto named \"_id\"\n  tags [string]\n  n int64\n"
        let lone = TargetChecks.compile(path: "c.schema", text: base + "  index (tags)\n}\n")
        #expect(lone.schema != nil && lone.diagnostics.isEmpty, "\(lone.diagnostics)")
        let compound = TargetChecks.compile(path: "c.schema", text: base + "  index (tags, n)\n}\n")
        #expect(compound.schema != nil)
        #expect(compound.diagnostics.map(\.message) == [
            "index 'idx_c_tags_n' over [string] field 'tags' is kept by the database servers only; generated Swift repositories get no query method for it",
        ])
    }
}
