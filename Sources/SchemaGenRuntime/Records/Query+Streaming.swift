/// Streaming a query's records to a closure: each record decoded only when it is handed over,
/// no array built, and the scan stops as soon as the closure says so.
extension Query {
    /// What a ``forEach(_:)`` body tells the scan after each record.
    public enum ScanStep: Sendable, Hashable {
        /// Hand over the next matching record, if any.
        case next
        /// Stop: no further row is read or decoded.
        case stop
    }

    /// Calls `body` with every matching record in query order (no page cap) until it returns
    /// ``ScanStep/stop``; the same records, in the same order, as ``all()``.
    ///
    /// ```swift
    /// try db.messages.byChatID(chatID: 7).forEach { message in
    ///     guard message.content != "stop" else { return .stop }
    ///     send(message)
    ///     return .next
    /// }
    /// ```
    ///
    /// On the store each record is decoded from its stored bytes only when it is handed over, and
    /// `body` runs inside the query's snapshot: records written meanwhile are not seen, and inside
    /// a write transaction `body` may write through it. On PostgreSQL the query is one statement
    /// whose whole result arrives at once (libpq reads it in full); its rows are turned into
    /// records one by one as they are handed over, and `body` runs inside the read-only
    /// transaction, holding its pooled connection.
    ///
    /// - Throws: what `body` throws (the scan stops there), or the errors of ``all()``:
    ///   `StoreError.corrupted` for a damaged page met on the way, after the records before it
    ///   were handed over.
    public func forEach(_ body: (Record) throws -> ScanStep) throws {
        try access.withSnapshot { try forEach(in: $0, statistics: nil, body) }
    }

    func forEach(in snapshot: any TableReader, statistics: ScanStatistics?, _ body: (Record) throws -> ScanStep) throws {
        let columns = try allColumns(snapshot)
        try resolved(in: snapshot).forEachMatch(reading: columns, in: snapshot, after: nil, statistics: statistics, storedRows: true) { row, stored in
            try body(try record(row, stored: stored, statistics: statistics)) == .next
        }
    }
}
