import SchemaLanguage

/// A MongoDB privilege names one collection (or all of a database), so a read-only role cannot
/// follow a partitioned collection, whose partitions are created as the application goes: `read:`
/// on a partitioned collection is refused rather than granted on some partitions only.
public struct MongoReadAccessCheck: TargetCheck {
    /// Creates the check.
    public init() {}

    /// An error for every partitioned collection of a MongoDB schema that lists read-only modules.
    public func diagnostics(for schema: Schema) -> [Diagnostic] {
        guard schema.targets.contains(.mongo) else { return [] }
        var bag = DiagnosticBag(file: schema.source)
        let readers = Set(AccessRules.readOnlyModules(of: schema.collections))
        for collection in schema.collections where !collection.partitionKeys.isEmpty {
            let listed = collection.access.read.filter(readers.contains)
            guard !listed.isEmpty else { continue }
            bag.error("read access to partitioned collection '\(collection.name)' cannot be granted by a MongoDB role, "
                      + "whose privileges name each collection: \(listed.joined(separator: ", "))",
                      hint: "drop the read: line, or give the module write access through the application", at: collection.range)
        }
        return bag.diagnostics
    }
}
