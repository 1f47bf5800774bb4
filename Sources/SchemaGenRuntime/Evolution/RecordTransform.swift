import Foundation

extension StoreTransform {
    /// A typed transform for the LAST step (to the current version), whose table layout is
    /// `R`'s: the body gets the old row (by old column name) and the record the rules built
    /// from it, and changes the record. The result is validated (`R.validate()`) and checked
    /// like any migrated row; a throw or an invalid record fails the migration naming the
    /// row's key, and nothing changes on disk.
    ///
    /// ```swift
    /// let shout = StoreTransform.record(Note.self, toVersion: 2) { old, note in
    ///     note.heading = try old.string("title").uppercased()
    /// }
    /// let db = try NotesDatabase.open(at: path, transforms: [shout])
    /// ```
    ///
    /// Earlier steps have other layouts than the generated records, so they take the untyped
    /// ``init(toVersion:table:body:)``; ``Store/open(at:evolution:options:migration:transforms:progress:)``
    /// refuses a typed transform for any version but the current one with
    /// ``StoreError/invalidTransform(version:table:reason:)``. A required column the step
    /// computes (``ColumnSource/transform``) reaches the body as a zero value of its type
    /// (`""`, `0`, `false`, 1970, an all-zero UUID, no bytes) for the body to replace; a
    /// required document or array column computed by the step needs the untyped form, since
    /// no record can be built without it.
    public static func record<R: StoredRecord>(_ type: R.Type, toVersion: Int,
                                               _ body: @escaping @Sendable (_ old: MigrationRow, _ new: inout R) throws -> Void) -> StoreTransform {
        var transform = StoreTransform(toVersion: toVersion, table: R.tableName) { _, _ in
            // Only reached if called by hand: the migration runs `record` instead.
            throw StoreError.invalidTransform(version: toVersion, table: R.tableName,
                                              reason: "a typed transform runs only inside a migration")
        }
        transform.record = RecordBody(typeName: "\(R.self)") { old, row in
            var record = try R(row: row)
            try body(old, &record)
            let failures = record.validate()
            if !failures.isEmpty { throw ValidationError(entity: R.entityName, failures: failures) }
            return record.row
        }
        return transform
    }
}

/// The body of a typed transform: the old row and the new row in column order → the new row.
struct RecordBody: Sendable {
    /// The record type, for messages.
    let typeName: String
    let run: @Sendable (_ old: MigrationRow, _ new: Row) throws -> Row
}
