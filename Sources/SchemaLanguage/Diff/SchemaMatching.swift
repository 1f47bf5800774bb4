/// Which object of the old schema became which object of the new one. Renames come only from
/// `was` hints; everything else is matched by name. The same matching, inverted, diffs the
/// other way (down migrations), so a rename is undone by the same rename backwards.
public struct SchemaMatching: Sendable, Hashable {
    /// Old entity name → new entity name, for every entity that exists in both.
    public var entities: [String: String] = [:]
    /// Per new entity name: old field name → new field name.
    public var fields: [String: [String: String]] = [:]
    /// Per new nested type name: old field name → new field name.
    public var typeFields: [String: [String: String]] = [:]
    /// Old enum name → new enum name (inline enums follow their owner's renames).
    public var enums: [String: String] = [:]
    /// Per new enum name: old case name → new case name.
    public var enumCases: [String: [String: String]] = [:]
    /// Per new entity name: old index name → new index name.
    public var indexes: [String: [String: String]] = [:]

    /// Creates an empty matching.
    public init() {}

    /// The matching seen from the other side (new → old).
    public var inverted: SchemaMatching {
        func flip(_ map: [String: String]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: map.map { ($1, $0) })
        }
        func flipNested(_ map: [String: [String: String]], containers: [String: String]) -> [String: [String: String]] {
            var result: [String: [String: String]] = [:]
            for (container, members) in map {
                let other = containers.first { $0.value == container }?.key ?? container
                result[other] = flip(members)
            }
            return result
        }
        var result = SchemaMatching()
        result.entities = flip(entities)
        result.enums = flip(enums)
        result.fields = flipNested(fields, containers: entities)
        result.indexes = flipNested(indexes, containers: entities)
        result.enumCases = flipNested(enumCases, containers: enums)
        result.typeFields = typeFields.mapValues(flip)
        return result
    }

    /// The new entity an old one became, if it survives.
    public func newEntity(for oldName: String) -> String? { entities[oldName] }
    /// The old entity a new one came from, if it existed.
    public func oldEntity(for newName: String) -> String? { entities.first { $0.value == newName }?.key }
    /// The old field (by name) a field of a new entity came from.
    public func oldField(_ newField: String, ofNewEntity entity: String) -> String? {
        fields[entity]?.first { $0.value == newField }?.key
    }
    /// The new field an old field of the (new) entity became.
    public func newField(_ oldField: String, ofNewEntity entity: String) -> String? { fields[entity]?[oldField] }
}
