/// A failure talking to PostgreSQL: what went wrong as a `Kind` to match on, with the server's
/// own words (`message`, `detail`, `hint`) for people.
///
/// Server errors are classified by SQLSTATE, never by message text (which is translated):
///
///     do {
///         try await connection.execute("INSERT INTO account (email) VALUES ($1)", [.text(email)])
///     } catch let error as PostgresError where error.kind == .uniqueViolation(constraint: "account_email_key") {
///         // taken
///     }
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// 23505: a row with the same key exists.
        case uniqueViolation(constraint: String)
        /// 23503: a referenced row is missing, or a referencing row still exists.
        case foreignKeyViolation(constraint: String)
        /// 23514: a CHECK constraint refused the row.
        case checkViolation(constraint: String)
        /// 23502: NULL written to a NOT NULL column.
        case notNullViolation(column: String)
        /// 40001: a concurrent transaction made this one's result impossible to serialize.
        /// Retryable: run the whole transaction again.
        case serializationFailure
        /// 40P01: this transaction was chosen as a deadlock victim. Retryable: run it again.
        case deadlock
        /// The connection broke (server gone, backend terminated, network). The connection is
        /// unusable; a pool replaces it. Whether the last statement took effect is unknown.
        case connectionLost
        /// A new connection could not be made (bad address, refused, authentication failed).
        case connectionFailed
        /// 57014: the statement was cancelled: its task was cancelled, or `statement_timeout` passed.
        case queryCanceled
        /// 42501: the role lacks a privilege, or row-level security refused the row.
        case insufficientPrivilege
        /// 42P01: the table or view does not exist.
        case undefinedTable
        /// `COMMIT` rolled back instead: a statement in the transaction had failed (and its error
        /// was caught), so PostgreSQL had aborted the transaction. Nothing was stored.
        case transactionRolledBack
        /// A parameter cannot be sent (e.g. text containing NUL, an unknown enum type).
        case invalidParameter
        /// A result field could not be decoded (an unsupported type, or malformed bytes).
        case decodingFailed
        /// Any other server error, by SQLSTATE.
        case other(sqlstate: String)
    }

    /// What went wrong, to match on.
    public var kind: Kind
    /// The five-character SQLSTATE for server errors, nil for errors raised by this library.
    public var sqlstate: String?
    /// The primary message (the server's, or this library's).
    public var message: String
    /// The server's DETAIL, e.g. `Key (email)=(a@example.com) already exists.`
    public var detail: String?
    /// The server's HINT.
    public var hint: String?

    /// Creates an error.
    public init(kind: Kind, sqlstate: String? = nil, message: String, detail: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.sqlstate = sqlstate
        self.message = message
        self.detail = detail
        self.hint = hint
    }

    /// Whether running the same transaction again may succeed: serialization failures and deadlocks.
    /// (A lost connection is not: the last statement may have committed.)
    public var isRetryable: Bool {
        kind == .serializationFailure || kind == .deadlock
    }

    /// The server's message, detail and hint, with guidance for retryable and connection errors.
    public var description: String {
        var lines = ["PostgreSQL error" + (sqlstate.map { " \($0)" } ?? "") + ": " + message]
        if let detail { lines.append("DETAIL: " + detail) }
        if let hint { lines.append("HINT: " + hint) }
        switch kind {
        case .serializationFailure, .deadlock:
            lines.append("Retryable: roll back and run the whole transaction again (from its first read), "
                         + "a few times with a short random back-off; do not retry single statements.")
        case .connectionLost:
            lines.append("The connection is unusable. Whether the last statement committed is unknown: "
                         + "check before repeating a write that is not idempotent.")
        case .transactionRolledBack:
            lines.append("A statement failed inside the transaction and its error was caught; nothing was stored.")
        default:
            break
        }
        return lines.joined(separator: "\n")
    }

    /// The kind for a server error's SQLSTATE and fields.
    static func kind(sqlstate: String, constraint: String?, column: String?) -> Kind {
        switch sqlstate {
        case "23505": .uniqueViolation(constraint: constraint ?? "")
        case "23503": .foreignKeyViolation(constraint: constraint ?? "")
        case "23514": .checkViolation(constraint: constraint ?? "")
        case "23502": .notNullViolation(column: column ?? "")
        case "40001": .serializationFailure
        case "40P01": .deadlock
        case "57014": .queryCanceled
        case "42501": .insufficientPrivilege
        case "42P01": .undefinedTable
        // 57P01-57P03: the server is shutting down or terminated this backend (pg_terminate_backend).
        case "57P01", "57P02", "57P03": .connectionLost
        // Class 08: connection exceptions.
        default: sqlstate.hasPrefix("08") ? .connectionLost : .other(sqlstate: sqlstate)
        }
    }
}
