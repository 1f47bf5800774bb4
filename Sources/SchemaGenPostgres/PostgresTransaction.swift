/// How strongly a transaction is isolated from concurrent ones (PostgreSQL's three levels).
public enum PostgresIsolationLevel: String, Sendable, Hashable, CaseIterable {
    /// Each statement sees what was committed before it began (PostgreSQL's default).
    case readCommitted = "READ COMMITTED"
    /// Every statement sees the snapshot taken at the transaction's first statement.
    case repeatableRead = "REPEATABLE READ"
    /// As if transactions ran one after another; conflicts fail with `.serializationFailure`
    /// (retry the whole transaction).
    case serializable = "SERIALIZABLE"
}

/// The statements of one transaction, handed to the body of `withTransaction`.
public struct PostgresTransaction: Sendable {
    /// The connection the transaction runs on.
    public let connection: PostgresConnection

    /// Runs one statement in the transaction and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> PostgresRows {
        try await connection.query(sql, parameters)
    }

    /// Runs one statement in the transaction and returns how many rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> Int {
        try await connection.execute(sql, parameters)
    }

    /// Sets a configuration parameter until the transaction ends (`SET LOCAL`), e.g. the owner
    /// row-level security policies read with `current_setting('app.owner_id')`. Runs
    /// `set_config(name, value, true)` with both as parameters, so no value needs quoting; the
    /// setting ends with the transaction, so a pooled connection never carries it to its next user.
    public func setLocal(_ name: String, _ value: String) async throws {
        try await connection.query("SELECT pg_catalog.set_config($1, $2, true)", [.text(name), .text(value)])
    }
}

extension PostgresConnection {
    /// Runs `body` in a transaction: committed if `body` returns, rolled back if it throws (the
    /// error is rethrown), so either every statement takes effect or none does.
    ///
    /// If a statement failed inside `body` and `body` caught the error, PostgreSQL has already
    /// aborted the transaction; `COMMIT` then rolls back and this throws `.transactionRolledBack`.
    /// Serialization failures and deadlocks are thrown as they are; retry the whole call.
    public func withTransaction<Result>(
        isolationLevel: PostgresIsolationLevel = .readCommitted,
        readOnly: Bool = false,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresTransaction) async throws -> Result
    ) async throws -> Result {
        try await runScript("BEGIN ISOLATION LEVEL \(isolationLevel.rawValue)" + (readOnly ? " READ ONLY" : ""))
        let result: Result
        do {
            result = try await body(PostgresTransaction(connection: self))
        } catch {
            // If the rollback fails too, the connection is lost or mid-transaction: it is then not
            // reusable and a pool discards it. The body's error is the one worth reporting.
            try? await runScriptEvenIfCancelled("ROLLBACK")
            throw error
        }
        let tag = try await queryEvenIfCancelled("COMMIT").commandTag
        guard tag == "COMMIT" else {
            throw PostgresError(
                kind: .transactionRolledBack,
                message: "COMMIT rolled back: a statement in the transaction had failed")
        }
        return result
    }
}
