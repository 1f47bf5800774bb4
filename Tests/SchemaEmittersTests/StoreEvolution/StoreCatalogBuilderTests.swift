import Foundation
@testable import SchemaEmitters
import SchemaLanguage
import Testing

/// The catalog builder describes tables, partial indexes, multikey side tables and hostile names,
/// and the Swift emitter's `StoreLayout` declares exactly its catalog (GeneratedCodeTests compares
/// the seeds' compiled values with the newest `StoreEvolution` version too).
@Suite struct StoreCatalogBuilderTests {
    static let partialAndMultikey = """
        schema layout_bot {
          targets sqlite, mongo
        }

        enum Kind { a, b }

        table items {
          id     int64 primary auto
          kind   Kind
          score  double
          price  decimal(8, 2)?
          active bool = true
          owner  int64? -> items.id on delete set null
          index (kind, score desc) where active = true and score > 2
          unique (owner) where price >= 3 or kind in (a, b)
        }

        collection posts {
          id     objectid primary auto named "_id"
          tags   [string]?
          scores [int32]
          index (tags)
          unique (scores)
        }

        """

    static func schemas() throws -> [Schema] {
        try SeedSchemas.names.map(SeedSchemas.load)
            + [try SeedSchemas.compile(partialAndMultikey), try HostileSchema.schema(token: "layout"), try HostileNamesSchema.schema()]
    }

    /// `StoreLayout` declares the catalog, table by table in catalog order, each printed from
    /// ``StoreSwiftValues/table(_:shapes:)``, enum and document shapes declared once.
    @Test func layoutDeclaresTheCatalogTableByTable() throws {
        for schema in try Self.schemas() {
            let layout = try #require(SwiftEmitter().emit(schema).first { $0.path.hasSuffix("+StoreLayout.swift") }?.contents)
            let catalog = StoreCatalogBuilder(schema).catalog()
            #expect(layout.components(separatedBy: "    static let table").count - 1 == catalog.tables.count, "\(schema.name)")
            let shapes = StoreLayoutFile.shapes(of: catalog)
            for declaration in shapes.declarations {
                let text = SwiftPrinter().lines(declaration, indent: 4).joined(separator: "\n") + "\n"
                #expect(layout.contains(text), "\(schema.name): a shape")
            }
            for (position, table) in catalog.tables.enumerated() {
                let declaration = SwiftDeclaration.property(SwiftProperty(keyword: "static let", name: "table\(position + 1)",
                                                                          value: StoreSwiftValues.table(table, shapes: shapes)))
                let text = SwiftPrinter().lines(declaration, indent: 4).joined(separator: "\n") + "\n"
                #expect(layout.contains(text), "\(schema.name): \(table.name)")
            }
            let tables = catalog.tables.indices.map { "table\($0 + 1)" }.joined(separator: ", ")
            #expect(layout.contains("tables: [\(tables)]") || layout.contains("tables: [\n"), "\(schema.name)")
        }
    }

    @Test func partialIndexesAndSideTablesAreDescribed() throws {
        let catalog = StoreCatalogBuilder(try SeedSchemas.compile(Self.partialAndMultikey)).catalog()
        #expect(catalog.tables.map(\.name) == ["items", "posts", "posts__idx_posts_tags"])
        let items = try #require(catalog.table(named: "items"))
        #expect(items.autoIncrement)
        #expect(items.indexes.first?.condition == .and([.compare("active", "equal", .bool(true)),
                                                        .compare("score", "greater", .double("2"))]))
        #expect(items.indexes.last?.condition == .or([.compare("price", "greaterOrEqual", .int(300)),
                                                      .or([.compare("kind", "equal", .string("a")),
                                                           .compare("kind", "equal", .string("b"))])]))
        #expect(items.column(named: "price")?.shape == .decimal(precision: 8, scale: 2))
        let side = try #require(catalog.table(named: "posts__idx_posts_tags"))
        #expect(side.columns.map(\.name) == ["element", "_id"])
        #expect(side.columns.map(\.shape) == [.string(maxLength: nil), .objectID])
        #expect(side.foreignKeys.first?.onDelete == "cascade")
    }
}
