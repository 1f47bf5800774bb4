/// A covering index's row layout as a plain value: for each column of an index entry (the index
/// columns, then the primary-key columns) the row column it fills and whether it is stored
/// descending, packed into integers.
///
/// A scan hands each entry to a closure; capturing the layout's two arrays there retained and
/// released both (with the other captures) on every entry, a fifth of a top-10 leaderboard's
/// time (`docs/storage.md`, "Leaderboard: profile and change"). Capturing this retains nothing.
/// It holds up to 8 entry columns of rows of up to 255 columns; a larger layout keeps the arrays
/// (``init(_:_:columnCount:)`` is nil).
struct CoveredLayout: Sendable, Equatable {
    /// Byte `i`: the row column entry column `i` fills.
    private let columns: UInt64
    /// Bit `i`: entry column `i` is stored descending.
    private let descending: UInt8
    private let count: Int
    private let columnCount: Int

    /// The most entry columns a layout holds.
    static let maxColumns = 8

    init?(_ layout: [Int], _ orders: [ColumnOrder], columnCount: Int) {
        guard layout.count <= Self.maxColumns, layout.count == orders.count, columnCount <= 255,
              layout.allSatisfy({ $0 >= 0 && $0 < columnCount }) else { return nil }
        var columns: UInt64 = 0, descending: UInt8 = 0
        for (i, column) in layout.enumerated() {
            columns |= UInt64(column) << (8 * UInt64(i))
            if orders[i] == .descending { descending |= 1 << UInt8(i) }
        }
        self.columns = columns
        self.descending = descending
        count = layout.count
        self.columnCount = columnCount
    }

    /// The row an entry's key holds (its columns decoded into their places, NULL elsewhere), or
    /// nil when the key does not decode: what ``RowCursor/coveredRow(_:_:_:_:)`` returns for the
    /// same layout as arrays.
    @inline(__always)
    func row(from key: UnsafeBufferPointer<UInt8>) -> Row? {
        var row: Row = []
        row.reserveCapacity(columnCount)
        for _ in 0..<columnCount { row.append(.null) }
        return decode(key, into: &row) ? row : nil
    }

    /// Decodes an entry's key columns into their places in `row` (one of ``columnCount`` values,
    /// reused from entry to entry: a covering index's every column is in the key, so each entry
    /// sets them all); false when the key does not decode.
    @inline(__always)
    func decode(_ key: UnsafeBufferPointer<UInt8>, into row: inout Row) -> Bool {
        var position = 0
        for i in 0..<count {
            let order: ColumnOrder = descending & (1 << UInt8(i)) != 0 ? .descending : .ascending
            guard let value = try? IndexKeyDecoder.value(key, at: &position, order: order) else { return false }
            row[Int(truncatingIfNeeded: (columns >> (8 * UInt64(i))) & 0xFF)] = value
        }
        return true
    }
}
