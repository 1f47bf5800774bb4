/// Relational table or document collection.
public enum EntityKind: String, Sendable, Hashable {
    case table
    case collection
}
