/// A group's identity in ``GroupedQuery``: integers, timestamps, booleans and null by value
/// (no allocation per row); other values by their encoded index-key bytes, since Swift's
/// String equality would merge canonically equivalent strings ("é" and "e\u{301}") that SQL
/// and the store keep apart.
enum GroupKey: Hashable {
    case int(Int64)
    case timestamp(Int64)
    case bool(Bool)
    case null
    case encoded([UInt8])

    init(_ value: StoreValue) {
        switch value {
        case .int(let v): self = .int(v)
        case .timestamp(let v): self = .timestamp(v)
        case .bool(let v): self = .bool(v)
        case .null: self = .null
        default: self = .encoded(IndexKeyEncoder.encode([value]))
        }
    }
}
