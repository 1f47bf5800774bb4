import SchemaGenPostgres
import SchemaGenRuntime

extension PostgresTableSession {
    /// Every scan's entries counted in one statement, `SELECT (count of scan 1), (count of scan 2), …`,
    /// each probe's count stopped at `limit` rows by a `LIMIT` inside it: the planner's tie-break
    /// between equally bounded indexes costs one round trip, however many candidates and probes.
    /// Nil when a scan reads a partial index (whose condition the count must check in Swift).
    func cappedCounts(_ table: String, scans: [(index: String?, prefixes: [[StoreValue]], from: ScanBound?, to: ScanBound?)],
                      limit: Int) throws -> [Int]? {
        let t = try catalog.table(table)
        var statement = PostgresScanStatement(table: t)
        var columns: [String] = []
        for scan in scans {
            let (keys, definition) = try PostgresScanStatement.keyColumns(t, index: scan.index)
            guard definition?.condition == nil else { return nil }
            let probes = try scan.prefixes.map { prefix in
                let condition = try statement.conjunction { statement in
                    try statement.prefix(keys, prefix)
                    try statement.range(keys.dropFirst(prefix.count), from: scan.from, to: scan.to)
                }
                return "(SELECT count(*) FROM (SELECT FROM \(SQLName.quoted(table)) WHERE \(condition) LIMIT \(limit)) AS probe)"
            }
            columns.append(probes.isEmpty ? "0::bigint" : "LEAST(\(probes.joined(separator: " + ")), \(limit))::bigint")
        }
        guard !columns.isEmpty else { return [] }
        let result = try connection.queryBlocking("SELECT " + columns.joined(separator: ", "), statement.parameters)
        return try result.first.map { row in
            try row.values.map { field in
                guard case .int64(let n) = field else {
                    throw StoreError.invalidRow(table: table, reason: "the planner's entry counts read \(field) from PostgreSQL")
                }
                return Int(n)
            }
        }
    }
}
