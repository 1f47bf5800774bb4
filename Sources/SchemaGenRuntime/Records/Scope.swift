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

    /// Whether `row` lies inside the scope.
    public func contains(_ row: Row) -> Bool {
        zip(positions, values).allSatisfy { row[$0.0] == $0.1 }
    }

    /// `row` with every scope column left unset (`0`, `""` or null, the defaults generated models
    /// give scope fields) set to the scope's value, so a scoped insert needs the owner once.
    ///
    /// - Throws: ``RecordError/ownerMismatch(entity:expected:got:)`` when a scope column names
    ///   another value.
    public func filling(_ row: Row, entity: String) throws -> Row {
        var row = row
        for (position, value) in zip(positions, values) where row[position] != value {
            switch row[position] {
            case .null, .int(0), .string(""): row[position] = value
            default: throw RecordError.ownerMismatch(entity: entity, expected: value, got: row[position])
            }
        }
        return row
    }
}
