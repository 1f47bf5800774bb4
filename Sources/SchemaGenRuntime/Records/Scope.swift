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
}
