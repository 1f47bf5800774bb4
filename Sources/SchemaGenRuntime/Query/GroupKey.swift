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
    /// A key of several fields, one part each.
    indirect case composite([GroupKey])

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

/// One part of a group key: a field's value, or a timestamp field's value floored to a whole
/// number of microseconds (a UTC day or hour).
struct GroupPart: Sendable {
    /// The row position of the field.
    let position: Int
    /// The unit a timestamp is floored to, nil to group by the value itself.
    let truncation: Int64?

    @inline(__always)
    func value(_ row: Row) -> StoreValue {
        guard let unit = truncation else { return row[position] }
        guard case .timestamp(let time) = row[position] else { return .null }
        // Floor division, so times before 1970 fall in their own day too.
        let (quotient, remainder) = time.quotientAndRemainder(dividingBy: unit)
        return .timestamp((remainder < 0 ? quotient - 1 : quotient) * unit)
    }
}

extension StoreValue {
    /// Whether both are the same stored value, decided without allocating:
    /// strings by their UTF-8 bytes (Swift's `==` would take "é" and "e\u{301}" as equal, which
    /// neither the index keys nor SQL do), doubles as the index key orders them, values of
    /// different types never.
    @inline(__always)
    func isIdentical(to other: StoreValue) -> Bool {
        switch (self, other) {
        case (.int(let x), .int(let y)), (.timestamp(let x), .timestamp(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.uuid(let x), .uuid(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        // As the index key orders them: -0.0 and 0.0 are one value, and so are all NaNs.
        case (.double(let x), .double(let y)): return IndexKeyEncoder.orderedBits(x) == IndexKeyEncoder.orderedBits(y)
        default: return false
        }
    }
}
