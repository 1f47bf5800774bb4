/// The owner or partition a scoped repository is confined to: column positions and values.
public struct Scope: Sendable, Hashable {
    /// Row positions of the scope columns.
    public let positions: [Int]
    /// Their values.
    public let values: [StoreValue]

    /// A scope.
    public init(positions: [Int], values: [StoreValue]) {
        self.positions = positions
        self.values = values
    }

    /// Whether `row` lies inside the scope: each scope column holds exactly the scope's value
    /// (strings by their UTF-8 bytes, as index keys hold them: "é" and "e\u{301}" are two owners).
    public func contains(_ row: Row) -> Bool {
        for i in positions.indices where !row[positions[i]].isIdentical(to: values[i]) { return false }
        return true
    }

    /// Whether the stored row `bytes` lies inside the scope, read from the bytes in the scope
    /// columns alone (the others are skipped, not built).
    ///
    /// - Throws: ``RecordError/undecodable(entity:reason:)`` when the bytes do not hold those columns.
    func contains(stored bytes: UnsafeBufferPointer<UInt8>, entity: String) throws -> Bool {
        for i in positions.indices {
            guard let value = RowReader.value(at: positions[i], of: bytes) else {
                throw RecordError.undecodable(entity: entity, reason: "scope column \(positions[i]) does not decode")
            }
            if !value.isIdentical(to: values[i]) { return false }
        }
        return true
    }

    /// `row` with every scope column left unset (`0`, `""` or null, the defaults generated models
    /// give scope fields) set to the scope's value, so a scoped insert needs the owner once.
    ///
    /// - Throws: ``RecordError/ownerMismatch(entity:expected:got:)`` when a scope column names
    ///   another value.
    public func filling(_ row: Row, entity: String) throws -> Row {
        var row = row
        for (position, value) in zip(positions, values) where !row[position].isIdentical(to: value) {
            switch row[position] {
            case .null, .int(0), .string(""): row[position] = value
            default: throw RecordError.ownerMismatch(entity: entity, expected: value, got: row[position])
            }
        }
        return row
    }
}
