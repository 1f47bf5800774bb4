/// One group of a grouped aggregate: its key and the aggregate's value over its rows.
public struct QueryGroup<Key, Value> {
    /// The group's key (a field's value, or the start of a day or hour).
    public let key: Key
    /// The aggregate over the group's rows.
    public let value: Value

    /// A group (results are made by ``GroupedQuery``; tests and callers compare with these).
    public init(key: Key, value: Value) {
        self.key = key
        self.value = value
    }
}

extension QueryGroup: Sendable where Key: Sendable, Value: Sendable {}
extension QueryGroup: Equatable where Key: Equatable, Value: Equatable {}
extension QueryGroup: Hashable where Key: Hashable, Value: Hashable {}

/// The order of a grouped aggregate's groups. Ties (equal values) are ordered by key
/// ascending, so a top-N result is deterministic; nulls sort first ascending, last descending.
public enum GroupOrder: Sendable, Hashable {
    /// By key, smallest first.
    case keyAscending
    /// By key, largest first.
    case keyDescending
    /// By the aggregate, smallest first (then key ascending).
    case valueAscending
    /// By the aggregate, largest first (then key ascending): `top 10 by count`.
    case valueDescending
}
