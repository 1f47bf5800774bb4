import SchemaLanguage

/// Which of an entity's indexes the embedded store keeps: those over scalar columns only (not
/// documents, arrays or decimals). The one place the Swift emitter decides it, so that it can
/// follow the target checks' decision (`TargetChecks`) with a single change.
enum StoreServedIndexes {
    /// The indexes the store keeps, in schema order.
    static func indexes(of entity: Entity) -> [Index] {
        entity.indexes.filter { index in
            index.fieldNames.allSatisfy { name in
                guard let field = entity.fields.first(where: { $0.name == name }) else { return false }
                switch field.type {
                case .json, .nested, .array, .decimal: return false
                default: return true
                }
            }
        }
    }
}
