import Foundation
@testable import SchemaEmitters
import SchemaLanguage
import Testing

/// The catalog builder declares what the Swift emitter's `StoreLayout` declares, table by table,
/// for the seeds and for schemas with partial indexes, multikey side tables and hostile names
/// (GeneratedCodeTests compares the seeds' compiled values too).
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

    /// A column as `StoreLayout` writes it (no shape).
    static func layoutColumn(_ column: StoreCatalog.Column) -> String {
        "ColumnDefinition(\(SwiftCode.literal(column.name)), .\(column.storage)\(column.isNullable ? ", nullable: true" : ""))"
    }

    @Test func everyTableColumnIndexAndForeignKeyIsTheLayouts() throws {
        for schema in try Self.schemas() {
            let layout = try #require(SwiftEmitter().emit(schema).first { $0.path.hasSuffix("+StoreLayout.swift") }?.contents)
            let lines = layout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let catalog = StoreCatalogBuilder(schema).catalog()
            let tableNames = zip(lines, lines.dropFirst()).filter { $0.0 == "TableDefinition(" }.map { String($0.1.dropLast()) }
            #expect(tableNames == catalog.tables.map { SwiftCode.literal($0.name) }, "\(schema.name)")
            var expected: [String] = []
            for table in catalog.tables {
                expected += table.columns.map { Self.layoutColumn($0) + "," }
                // A side table's owner index is written `on: ["_id"]` there (the same columns).
                let isSide = table.name.contains("__")
                expected += table.indexes.map { index in
                    isSide ? "indexes: [IndexDefinition(\(SwiftCode.literal(index.name)), on: [\(index.columns.map { SwiftCode.literal($0.name) }.joined(separator: ", "))])],"
                        : StoreSwiftValues.index(index).inline + ","
                }
                expected += table.foreignKeys.map { StoreSwiftValues.foreignKey($0).inline + "," }
                expected.append("primaryKey: [\(table.primaryKey.map(SwiftCode.literal).joined(separator: ", "))],")
            }
            expected.append("keyValueSpaces: [\(catalog.keyValueSpaces.map(SwiftCode.literal).joined(separator: ", "))]")
            let present = Set(lines)
            #expect(expected.filter { !present.contains($0) } == [], "\(schema.name)")
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
