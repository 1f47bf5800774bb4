import Foundation

/// An access that runs retention sweeps itself instead of through the store's ``Retention``
/// routines: the PostgreSQL backend, which runs the generated retention SQL. Generated
/// repositories' `sweep` calls reach it through ``Retention/sweep(entity:table:primaryKey:rules:through:now:)``.
public protocol RetentionSweeping {
    /// Applies `rules` (an entity's, in schema order) to `table` and reports what changed, as
    /// ``Retention/sweep(entity:table:primaryKey:rules:in:now:handle:)`` does on the store: each due
    /// row of a `handled` rule goes to `handle` first and is deleted only when it returns; with
    /// no `handle`, handled rules are left alone.
    func sweep(entity: String, table: String, primaryKey: [Int], rules: [RetentionAction], now: Date,
               handle: ((Row) throws -> Void)?) throws -> SweepReport
}

extension Retention {
    /// Applies an entity's retention rules through `access`: a backend that sweeps itself
    /// (``RetentionSweeping``) does; otherwise the rules run in one write transaction of `access`.
    /// `handled` rules are left alone.
    public static func sweep<Access: WriteAccess>(entity: String, table: String, primaryKey: [Int], rules: [RetentionAction],
                                                  through access: Access, now: Date) throws -> SweepReport {
        if let sweeping = access as? any RetentionSweeping {
            return try sweeping.sweep(entity: entity, table: table, primaryKey: primaryKey, rules: rules, now: now, handle: nil)
        }
        return try access.withTransaction { tx in
            try sweep(entity: entity, table: table, primaryKey: primaryKey, rules: rules, in: tx, now: now)
        }
    }

    /// Applies an entity's retention rules through `access`, passing each due row of a `handled`
    /// rule to `handle` first (see ``sweep(entity:table:primaryKey:rules:in:now:handle:)``).
    public static func sweep<Access: WriteAccess>(entity: String, table: String, primaryKey: [Int], rules: [RetentionAction],
                                                  through access: Access, now: Date, handle: (Row) throws -> Void) throws -> SweepReport {
        if let sweeping = access as? any RetentionSweeping {
            return try withoutActuallyEscaping(handle) { handle in
                try sweeping.sweep(entity: entity, table: table, primaryKey: primaryKey, rules: rules, now: now, handle: handle)
            }
        }
        return try access.withTransaction { tx in
            try sweep(entity: entity, table: table, primaryKey: primaryKey, rules: rules, in: tx, now: now, handle: handle)
        }
    }
}
