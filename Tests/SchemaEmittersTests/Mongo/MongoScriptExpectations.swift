import Foundation
import SchemaLanguage

/// What running a schema's `setup.js` must do, derived from the model alone (not from the
/// emitter), as JSON for the node scenarios.
struct MongoScriptExpectations: Encodable {
    struct Collection: Encodable {
        let name: String
        let required: [String]
        let indexes: [IndexExpectation]
    }

    struct IndexExpectation: Encodable {
        let name: String
        /// `[key, 1 or -1]` pairs in index order.
        let key: [[String]]
        let unique: Bool
    }

    /// The database scripts switch to, or `test` (the stub's default) when none is named.
    let database: String
    /// Every collection that is not partitioned.
    let collections: [Collection]

    init(schema: Schema) {
        database = schema.databaseName ?? "test"
        collections = schema.collections.filter { $0.partitionKeys.isEmpty }.map { entity in
            Collection(
                name: entity.physicalName,
                required: entity.fields.filter { !$0.isOptional }.map(\.physicalName),
                indexes: entity.indexes.map { index in
                    IndexExpectation(
                        name: index.name,
                        key: index.columns.map { [entity.field(named: $0.field)?.physicalName ?? $0.field, $0.descending ? "-1" : "1"] },
                        unique: index.isUnique)
                })
        }
    }

    /// The expectations as a JavaScript module body: `const expected = {...};`.
    func javaScript() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return "const expected = " + String(decoding: try encoder.encode(self), as: UTF8.self) + ";\n"
    }
}
