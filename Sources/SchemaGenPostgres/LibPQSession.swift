import CLibPQ
import Foundation

/// One libpq connection and its per-connection caches. Not thread-safe: `PostgresConnection`
/// only touches it from its serial queue.
final class LibPQSession {
    /// How many prepared statements a connection keeps before deallocating the oldest.
    static let preparedStatementLimit = 256

    private var connection: OpaquePointer?
    private var preparedStatements: [StatementKey: String] = [:]
    private var preparationOrder: [StatementKey] = []
    private var statementCounter = 0
    /// Statements dropped from the cache while a transaction was open, deallocated on the server
    /// once the connection is next idle (a failed transaction refuses `DEALLOCATE`, and the
    /// names are never reused, so they would otherwise stay until the connection closes).
    private var pendingDeallocations: [String] = []
    private var enumTypes: [String: EnumTypeOIDs] = [:]
    private var catalogTypes: [UInt32: CatalogType] = [:]
    /// Set once a call found the connection broken; it is never used again.
    private(set) var isBroken = false
    /// Statements prepared so far (server round trips for `Parse`), for tests of the cache.
    private(set) var preparedCount = 0

    /// A prepared statement is reused for the same SQL text with the same parameter types.
    private struct StatementKey: Hashable {
        var sql: String
        var parameterTypes: [UInt32]
    }

    /// Connects (blocking). `conninfo` is a URL (`postgresql://user@host:port/db`) or `key=value` pairs.
    init(conninfo: String) throws {
        guard let connection = PQconnectdb(conninfo) else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(kind: .connectionFailed, message: message)
        }
        // Text goes both ways as UTF-8 whatever the database's or client's defaults.
        guard PQsetClientEncoding(connection, "UTF8") == 0 else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(kind: .connectionFailed, message: message)
        }
        self.connection = connection
    }

    deinit {
        close()
    }

    func close() {
        if let connection { PQfinish(connection) }
        connection = nil
        isBroken = true
    }

    /// A canceller for this connection's running statement, usable from any thread.
    func makeCanceller() -> QueryCanceller {
        QueryCanceller(handle: connection.flatMap { PQgetCancel($0) })
    }

    /// The server process serving this connection (for `pg_terminate_backend`, `pg_stat_activity`).
    var backendPID: Int32 {
        connection.map { PQbackendPID($0) } ?? 0
    }

    /// Whether the connection sits outside any transaction (and is fit to hand to another user).
    var isIdleOutsideTransaction: Bool {
        guard let connection, !isBroken, PQstatus(connection) == CONNECTION_OK else { return false }
        return PQtransactionStatus(connection) == PQTRANS_IDLE
    }

    /// Runs one statement with parameters through a cached prepared statement; results in binary.
    func execute(_ sql: String, _ parameters: [PostgresValue]) throws -> PostgresRows {
        let connection = try usableConnection()
        deallocatePending(on: connection)
        let encoded = try parameters.map { try ParameterEncoding.encode($0, resolveEnum: enumTypeOIDs) }
        let key = StatementKey(sql: sql, parameterTypes: encoded.map(\.oid))
        let name = try preparedStatement(for: key, on: connection)
        do {
            return try executePrepared(name, encoded, on: connection)
        } catch let error as PostgresError where error.sqlstate == "0A000" || error.sqlstate == "26000" {
            // 0A000: "cached plan must not change result type", after a migration changed a table
            // the statement reads; 26000: the statement is gone (DEALLOCATE ALL, DISCARD ALL).
            // Either way the cached statement is stale: forget it. Outside a transaction the
            // failed statement changed nothing, so preparing it afresh and running it once more
            // is safe; inside one, the transaction is aborted and the caller retries it.
            forget(key, on: connection)
            guard PQtransactionStatus(connection) == PQTRANS_IDLE else { throw error }
            return try executePrepared(try preparedStatement(for: key, on: connection), encoded, on: connection)
        }
    }

    private func executePrepared(_ name: String, _ encoded: [EncodedParameter], on connection: OpaquePointer) throws -> PostgresRows {
        try withParameterPointers(encoded) { values, lengths, formats in
            let result = PQexecPrepared(connection, name, Int32(encoded.count), values, lengths, formats, 1)
            return try rows(from: result, connection: connection)
        }
    }

    private func forget(_ key: StatementKey, on connection: OpaquePointer) {
        guard let name = preparedStatements.removeValue(forKey: key) else { return }
        preparationOrder.removeAll { $0 == key }
        deallocate(name, on: connection)
    }

    /// Deallocates a statement on the server now if the connection is idle, else once it is.
    private func deallocate(_ name: String, on connection: OpaquePointer) {
        pendingDeallocations.append(name)
        deallocatePending(on: connection)
    }

    private func deallocatePending(on connection: OpaquePointer) {
        guard !pendingDeallocations.isEmpty, PQtransactionStatus(connection) == PQTRANS_IDLE else { return }
        for name in pendingDeallocations {
            // Best effort: fails harmlessly (26000) when the server already dropped it.
            PQclear(PQexec(connection, "DEALLOCATE \"\(name)\""))
        }
        pendingDeallocations.removeAll()
    }

    /// Runs a script of one or more statements without parameters (simple query protocol).
    func runScript(_ sql: String) throws {
        let connection = try usableConnection()
        deallocatePending(on: connection)
        _ = try rows(from: PQexec(connection, sql), connection: connection, decodeRows: false)
    }

    private func usableConnection() throws -> OpaquePointer {
        guard let connection, !isBroken else {
            throw PostgresError(kind: .connectionLost, message: "the connection was closed or lost earlier")
        }
        return connection
    }

    private func preparedStatement(for key: StatementKey, on connection: OpaquePointer) throws -> String {
        if let name = preparedStatements[key] { return name }
        if preparationOrder.count >= Self.preparedStatementLimit {
            let oldest = preparationOrder.removeFirst()
            if let name = preparedStatements.removeValue(forKey: oldest) {
                deallocate(name, on: connection)
            }
        }
        statementCounter += 1
        let name = "schemagen_\(statementCounter)"
        let result = key.parameterTypes.withUnsafeBufferPointer { types in
            PQprepare(connection, name, key.sql, Int32(types.count), types.baseAddress)
        }
        _ = try rows(from: result, connection: connection, decodeRows: false)
        preparedCount += 1
        preparedStatements[key] = name
        preparationOrder.append(key)
        return name
    }

    /// The OIDs of an enum type visible on the search path, looked up once per connection.
    private func enumTypeOIDs(_ name: String) throws -> EnumTypeOIDs {
        if let known = enumTypes[name] { return known }
        let rows = try execute(
            "SELECT t.oid, t.typarray FROM pg_catalog.pg_type t WHERE t.typname = $1 AND t.typtype = 'e' "
                + "AND pg_catalog.pg_type_is_visible(t.oid)",
            [.text(name)])
        guard let row = rows.first, case .int64(let oid) = row[0], case .int64(let arrayOID) = row[1] else {
            throw PostgresError(kind: .invalidParameter, message: "no enum type named \(name) on the search path")
        }
        let found = EnumTypeOIDs(oid: UInt32(oid), arrayOID: UInt32(arrayOID))
        enumTypes[name] = found
        return found
    }

    /// What a non-built-in type OID is, looked up in `pg_type` once per connection.
    private func catalogType(_ oid: UInt32) throws -> CatalogType {
        if let known = catalogTypes[oid] { return known }
        let rows = try execute(
            "SELECT t.typname::text, t.typtype::text, t.typelem, t.typbasetype, t.typcategory::text "
                + "FROM pg_catalog.pg_type t WHERE t.oid = $1",
            [.int64(Int64(oid))])
        guard let row = rows.first, case .text(let name) = row[0], case .text(let kind) = row[1],
              case .int64(let element) = row[2], case .int64(let base) = row[3], case .text(let category) = row[4] else {
            throw PostgresError(kind: .decodingFailed, message: "type OID \(oid) is not in pg_type")
        }
        let type: CatalogType =
            if kind == "e" { .enumeration(name: name) }
            else if kind == "d" { .domain(base: UInt32(base)) }
            else if category == "A" && element != 0 { .array(element: UInt32(element)) }
            else { .unsupported(name: name) }
        catalogTypes[oid] = type
        return type
    }

    /// Checks a result, turning failures into `PostgresError`, and decodes its rows. Clears it.
    private func rows(from result: OpaquePointer?, connection: OpaquePointer, decodeRows: Bool = true) throws -> PostgresRows {
        defer { PQclear(result) }
        guard let result else {
            throw failure(connection: connection, result: nil)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            break
        default:
            throw failure(connection: connection, result: result)
        }
        let tag = String(cString: PQcmdStatus(result))
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        guard decodeRows else { return PostgresRows(columns: [], rows: [], commandTag: tag, affectedRowCount: affected) }

        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { column in
            PostgresColumn(name: String(cString: PQfname(result, column)), typeOID: PQftype(result, column))
        }
        var rows: [PostgresRow] = []
        let rowCount = PQntuples(result)
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [PostgresValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(.null)
                    continue
                }
                let bytes = UnsafeRawBufferPointer(
                    start: PQgetvalue(result, row, column), count: Int(PQgetlength(result, row, column)))
                values.append(try ResultDecoding.decode(oid: columns[Int(column)].typeOID, bytes: bytes, catalogType: catalogType))
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return PostgresRows(columns: columns, rows: rows, commandTag: tag, affectedRowCount: affected)
    }

    /// The error a failed call left: the server's fields when there are some; `connectionLost`
    /// whenever libpq reports the connection itself broken.
    private func failure(connection: OpaquePointer, result: OpaquePointer?) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let lost = PQstatus(connection) != CONNECTION_OK
        if lost { isBroken = true }
        let message = field("M") ?? Self.trimmed(PQerrorMessage(connection))
        guard let sqlstate = field("C") else {
            return PostgresError(kind: lost ? .connectionLost : .other(sqlstate: ""), message: message)
        }
        let kind = lost ? .connectionLost : PostgresError.kind(sqlstate: sqlstate, constraint: field("n"), column: field("c"))
        return PostgresError(kind: kind, sqlstate: sqlstate, message: message, detail: field("D"), hint: field("H"))
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown libpq error"
    }
}

/// Calls `body` with C arrays of the parameters' bytes, lengths and formats, valid during the call.
private func withParameterPointers<Result>(
    _ parameters: [EncodedParameter],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) throws -> Result
) throws -> Result {
    // One contiguous buffer for every value; NULLs get a nil pointer. The extra byte keeps the
    // buffer non-empty, so an empty value (text '') still gets a non-nil pointer.
    let storage = parameters.reduce(into: [UInt8]()) { $0 += $1.bytes ?? [] } + [0]
    let lengths = parameters.map { Int32($0.bytes?.count ?? 0) }
    let formats = parameters.map(\.format)
    return try storage.withUnsafeBufferPointer { buffer in
        var offset = 0
        var pointers: [UnsafePointer<CChar>?] = []
        let base = UnsafeRawPointer(buffer.baseAddress!)
        for parameter in parameters {
            guard let bytes = parameter.bytes else {
                pointers.append(nil)
                continue
            }
            pointers.append((base + offset).assumingMemoryBound(to: CChar.self))
            offset += bytes.count
        }
        return try pointers.withUnsafeBufferPointer { values in
            try lengths.withUnsafeBufferPointer { lengthBuffer in
                try formats.withUnsafeBufferPointer { formatBuffer in
                    try body(values.baseAddress, lengthBuffer.baseAddress, formatBuffer.baseAddress)
                }
            }
        }
    }
}
