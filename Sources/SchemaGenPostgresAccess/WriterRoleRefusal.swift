import SchemaGenPostgres

/// A write the server refused for lack of privilege (SQLSTATE 42501): the database was connected
/// as a writer module's generated role (`connect(url:as:)`) whose grants do not include this
/// write, or a row-level security policy refused the row. The server decides, so a module
/// cannot write what the schema's access rules do not give it, whatever the code calls.
public struct WriterRoleRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the refused statement did.
    public enum Operation: String, Sendable, Hashable {
        case insert, update, delete
    }

    /// The role the transaction ran as (`SET LOCAL ROLE`), or nil when the connection's own.
    public let role: String?
    /// The table written.
    public let table: String
    /// The write refused.
    public let operation: Operation

    /// A refusal of `operation` on `table` for `role`.
    public init(role: String?, table: String, operation: Operation) {
        self.role = role
        self.table = table
        self.operation = operation
    }

    /// A sentence naming the role, the write and the table.
    public var description: String {
        "the server refused \(role.map { "role \($0)" } ?? "the connection's role") to \(operation.rawValue) on \(table)"
            + " (no grant, or row-level security)"
    }
}
