import Foundation

/// Every error the store throws. Constraint violations are typed so callers can react to them;
/// storage errors name the file and, for damage, the byte offset.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The schema handed to ``Store/open(at:schema:options:)`` is not valid.
    case invalidSchema(String)
    /// No table has this name.
    case unknownTable(String)
    /// The table has no index of this name.
    case unknownIndex(table: String, index: String)
    /// The table has no column of this name.
    case unknownColumn(table: String, column: String)
    /// A row has the wrong number of values, a value of the wrong type, or a null in a non-null column.
    case invalidRow(table: String, reason: String)
    /// A row with this primary key already exists.
    case duplicatePrimaryKey(table: String, key: [StoreValue])
    /// Another row already has these values in a unique index.
    case uniqueViolation(table: String, index: String, key: [StoreValue])
    /// A foreign key names a parent row that does not exist.
    case missingParent(table: String, foreignKey: String, parentTable: String, key: [StoreValue])
    /// A row cannot be deleted (or its referenced key changed) while rows of `childTable` reference it.
    case foreignKeyRestrict(table: String, childTable: String, foreignKey: String)
    /// No row has this primary key.
    case rowNotFound(table: String, key: [StoreValue])
    /// The store on disk was created with a different schema (opened with ``Store/open(at:schema:options:)``,
    /// which never migrates; see ``Store/open(at:evolution:options:migration:transforms:progress:)``).
    case catalogMismatch(String)
    /// The store was written with a schema that none of the evolution's versions has; names what
    /// differs from the current version.
    case unknownStoreVersion(String)
    /// The store is at an older version and the policy is ``StoreMigrationPolicy/refuse``.
    case migrationRefused(storedVersion: Int, currentVersion: Int)
    /// The migration includes changes that can lose data, and the policy is ``StoreMigrationPolicy/automatic``;
    /// open with ``StoreMigrationPolicy/allowDestructive`` to run them.
    case destructiveMigration(changes: [StoreChange])
    /// A step computes columns of `table` with a transform, and none is registered for it.
    case missingTransform(version: Int, table: String)
    /// A registered transform cannot run as given: a typed one for a step other than the last,
    /// or for a table the current version does not have.
    case invalidTransform(version: Int, table: String, reason: String)
    /// The step to `version` cannot convert the store's data; nothing was changed. `failures`
    /// lists up to 20 per table; `omitted` counts the further failures of each table.
    case migrationFailed(version: Int, failures: [MigrationFailure], omitted: [String: Int])
    /// A file is damaged at `offset`; the store refuses to open rather than load part of it.
    case corrupted(file: String, offset: Int, reason: String)
    /// An index entry names a row the table does not have: the files were changed in a way
    /// their checksums could not catch. ``Store/verify(at:schema:fileSystem:)`` reports where.
    case danglingIndexEntry(table: String, index: String)
    /// Another process or another open `Store` already holds the store's lock file.
    case alreadyOpen(path: String)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// An earlier write or fsync failed, so later commits cannot be made durable; reopen the store.
    case unusable(reason: String)
    /// The store has been closed.
    case closed

    /// A sentence describing the error.
    public var description: String {
        switch self {
        case .invalidSchema(let s): return "invalid schema: \(s)"
        case .unknownTable(let t): return "unknown table '\(t)'"
        case .unknownIndex(let t, let i): return "table '\(t)' has no index '\(i)'"
        case .unknownColumn(let t, let c): return "table '\(t)' has no column '\(c)'"
        case .invalidRow(let t, let r): return "invalid row for table '\(t)': \(r)"
        case .duplicatePrimaryKey(let t, let k): return "table '\(t)' already has a row with primary key \(k)"
        case .uniqueViolation(let t, let i, let k): return "unique index '\(i)' of table '\(t)' already contains \(k)"
        case .missingParent(let t, let f, let p, let k):
            return "foreign key '\(f)' of table '\(t)' references missing row \(k) of table '\(p)'"
        case .foreignKeyRestrict(let t, let c, let f):
            return "row of table '\(t)' is still referenced by table '\(c)' through foreign key '\(f)'"
        case .rowNotFound(let t, let k): return "table '\(t)' has no row with primary key \(k)"
        case .catalogMismatch(let s): return "store schema differs from the one it was created with: \(s)"
        case .unknownStoreVersion(let s): return "the store was written with a schema version this code does not know: \(s)"
        case .migrationRefused(let from, let to):
            return "the store is at schema version \(from), the code at \(to), and migration is refused"
        case .destructiveMigration(let changes):
            return "the migration can lose data; open with migration policy .allowDestructive to run: "
                + changes.map(\.description).joined(separator: "; ")
        case .missingTransform(let v, let t):
            return "the step to version \(v) needs a transform for table '\(t)', and none is registered"
        case .invalidTransform(let v, let t, let r):
            return "the transform for table '\(t)' in the step to version \(v) cannot run: \(r)"
        case .migrationFailed(let v, let failures, let omitted):
            let more = omitted.keys.sorted().map { "\(omitted[$0]!) more in table '\($0)'" }
            return "the migration to version \(v) fails; nothing was changed: "
                + (failures.map(\.description) + more).joined(separator: "; ")
                + ". Fix these rows with the code of the stored version, or give the step a default or a transform"
        case .corrupted(let f, let o, let r): return "\(f) is damaged at byte offset \(o): \(r)"
        case .danglingIndexEntry(let t, let i): return "index '\(i)' of table '\(t)' names a row the table does not have"
        case .alreadyOpen(let p): return "store at \(p) is already open (its lock file is held)"
        case .io(let op, let p, let e): return "\(op) failed for \(p): \(String(cString: strerror(e))) (errno \(e))"
        case .unusable(let r): return "store is unusable until reopened: \(r)"
        case .closed: return "store is closed"
        }
    }
}

extension StoreError {
    /// A directory that holds no checkpoint in either format, so it is not a store (or has lost
    /// its checkpoint). Names the directory rather than one format's file.
    static func missingCheckpoint(in directory: String) -> StoreError {
        .corrupted(file: directory, offset: 0,
                   reason: "no checkpoint: neither \(FileFormat.Pages.meta) nor \(FileFormat.Directory.snapshot) exists")
    }
}
