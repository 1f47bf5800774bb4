import SchemaLanguage

/// `<Prefix>+StoreLayout.swift`: the store tables (columns with their value shapes), indexes and
/// foreign keys of the schema, from ``StoreCatalogBuilder``.
struct StoreLayoutFile {
    let names: SwiftNames

    func declarations() -> [SwiftDeclaration] {
        var sideTables: [String] = []
        for entity in names.entities {
            for index in entity.multikeyIndexes {
                sideTables.append("- `\(index.table)`: multikey index `\(index.index.name)` of `\(entity.table)` (\(index.field.physical)).")
            }
        }
        var doc = ["The store tables, indexes and foreign keys of the `\(names.schema.name)` schema."]
        if !sideTables.isEmpty {
            doc += ["", "Side tables of multikey indexes, maintained by `RecordOperations`:"] + sideTables
        }
        // The same catalog, rendered by the same function, as the newest `StoreEvolution` version;
        // one declaration per table keeps each expression small for the type checker.
        let catalog = StoreCatalogBuilder(names.schema).catalog()
        let tables = catalog.tables.indices.map { "table\($0 + 1)" }
        let schema = StoreSwiftValues.schema(tables: tables.map(SwiftExpression.code), keyValueSpaces: catalog.keyValueSpaces)
        let shapes = Self.shapes(of: catalog)
        let members: [SwiftDeclaration] = [
            .property(SwiftProperty(doc: ["The schema the store is opened with."], keyword: "public static let", name: "schema", value: schema)),
        ] + zip(tables, catalog.tables).map { name, table in
            .property(SwiftProperty(keyword: "static let", name: name, value: StoreSwiftValues.table(table, shapes: shapes)))
        } + shapes.declarations
        return [.type(SwiftTypeDeclaration(doc: doc, keyword: "public enum", name: names.types.storeLayoutType, members: members))]
    }

    /// The layout's enum and document shapes, declared once (the evolution file reuses them).
    static func shapes(of catalog: StoreCatalog) -> NamedShapes {
        var shapes = NamedShapes()
        shapes.declare(catalog.tables, prefix: "")
        return shapes
    }
}
