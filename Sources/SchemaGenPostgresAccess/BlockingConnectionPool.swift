import Dispatch
import Foundation
import SchemaGenPostgres

/// A bounded set of connections for synchronous callers: at most `maximumConnections` open,
/// callers beyond that block until one is returned. A connection that broke or comes back
/// inside a transaction is closed rather than reused.
final class BlockingConnectionPool: @unchecked Sendable {
    // @unchecked: `idle` and `isClosed` are only touched with `lock` held.
    let conninfo: String
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var isClosed = false

    init(conninfo: String, maximumConnections: Int) {
        precondition(maximumConnections >= 1, "a pool needs at least one connection")
        self.conninfo = conninfo
        slots = DispatchSemaphore(value: maximumConnections)
    }

    /// Runs `body` with a connection of its own, returned to the pool afterwards.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let reused: PostgresConnection? = try lock.withLock {
            guard !isClosed else { throw PostgresError(kind: .connectionLost, message: "the database was closed") }
            return idle.popLast()
        }
        let connection = try reused ?? PostgresConnection.connectBlocking(conninfo)
        defer { giveBack(connection) }
        return try body(connection)
    }

    private func giveBack(_ connection: PostgresConnection) {
        let keep = connection.isReusable && lock.withLock {
            guard !isClosed else { return false }
            idle.append(connection)
            return true
        }
        if !keep { connection.close() }
    }

    /// Whether ``close()`` was called.
    var closed: Bool { lock.withLock { isClosed } }

    /// Closes the idle connections; later calls throw `.connectionLost`.
    func close() {
        let closing = lock.withLock {
            isClosed = true
            defer { idle = [] }
            return idle
        }
        for connection in closing { connection.close() }
    }
}
