/// A sweep PostgreSQL does not run, and why; thrown before any row changes.
public struct PostgresSweepRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the sweep is refused.
    public enum Reason: Hashable, Sendable {
        /// The entity has no table in the database: it is a MongoDB collection of a schema that
        /// targets both (its rules run in MongoDB, the generated `mongo/` retention script).
        case notATable
        /// A `delete <array> entries` rule on `column`: only collections have them. `schemagen
        /// check` refuses the rule on a table of a schema with a SQL target, since the SQL
        /// jobs do not take apart an array kept as one value; the store and MongoDB run it.
        case arrayEntries(column: String)
        /// The facade holds `jobs` PostgreSQL jobs for the entity's `rules` retention rules: it was
        /// generated from another version of the schema than the repositories. Regenerate both.
        case jobsOutOfDate(rules: Int, jobs: Int)
    }

    /// The entity (its schema name) whose sweep was refused.
    public let entity: String
    /// Why.
    public let reason: Reason

    /// A refusal of `entity`'s sweep for `reason`.
    public init(entity: String, reason: Reason) {
        self.entity = entity
        self.reason = reason
    }

    /// What was refused and what to do instead.
    public var description: String {
        switch reason {
        case .notATable:
            "\(entity) has no table in PostgreSQL (a MongoDB collection): run its rules with the schema's mongo/ retention script"
        case .arrayEntries(let column):
            "\(entity): 'delete \(column) entries' rules run on the store and MongoDB only (SQL keeps the array as one value)"
        case .jobsOutOfDate(let rules, let jobs):
            "\(entity) has \(rules) retention rules but \(jobs) PostgreSQL jobs: regenerate the facade with the schema"
        }
    }
}
