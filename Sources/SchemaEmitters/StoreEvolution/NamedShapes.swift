/// The enum and nested-document shapes of a catalog, each declared once (`static let shape3 =
/// ValueShape.enumeration(…)`) and referenced by name from every column, array and document that
/// holds it, so a type used by ten columns is written out once.
///
/// Names are positional (`shape1`, `version1Shape1`): a schema's type names need not be Swift
/// identifiers, and the declaration's doc comment names the type. Static stored properties
/// initialize lazily, so declarations may refer to each other in any order.
struct NamedShapes {
    /// The expression that names each declared shape (`shape3`, `DiscordBotStoreLayout.shape3`).
    private(set) var references: [StoreShape: SwiftExpression] = [:]
    /// The declarations added by ``declare(_:prefix:)``, in first-use order.
    private(set) var declarations: [SwiftDeclaration] = []
    private var count = 0

    /// Shapes declared by another file, referenced through `owner` (the older versions of the
    /// evolution file reuse the layout's).
    init() {}

    init(inheriting other: NamedShapes, owner: String) {
        references = other.references.mapValues { reference in
            guard case .code(let name) = reference else { return reference }
            return .code("\(owner).\(name)")
        }
    }

    /// Declares every named shape the tables hold that has no declaration yet.
    mutating func declare(_ tables: [StoreCatalog.Table], prefix: String) {
        for table in tables {
            for column in table.columns { visit(column.shape, prefix: prefix) }
        }
    }

    private mutating func visit(_ shape: StoreShape, prefix: String) {
        switch shape {
        case .array(let element, _): visit(element, prefix: prefix)
        case .enumeration(let name, _), .document(let name, _):
            guard references[shape] == nil else { return }
            if case .document(_, let fields) = shape { for field in fields { visit(field.shape, prefix: prefix) } }
            count += 1
            let declared = prefix.isEmpty ? "shape\(count)" : "\(prefix)Shape\(count)"
            declarations.append(.property(SwiftProperty(
                doc: ["The stored shape of `\(name)`."], keyword: "static let", name: declared, type: "ValueShape",
                value: StoreSwiftValues.shape(shape, named: self, expandingTop: true))))
            references[shape] = .code(declared)
        default: return
        }
    }
}
