/// Rows another row still references through an `on delete restrict` foreign key, found through
/// the table surface, so the same check runs on the store and on another backend.
enum RestrictReferences {
    /// Whether a row of a `restrict` foreign key references `row` of `table`: deleting it would
    /// fail, so a cap leaves it (as the sweep and the SQL retention jobs do).
    static func hold(_ row: Row, of table: String, in tx: any TableReader) throws -> Bool {
        let schema = tx.tableCatalog.resolved
        let t = try schema.table(table)
        for fk in t.referencedBy where fk.onDelete == .restrict {
            let values = fk.parentColumns.map { row[$0] }
            if values.contains(where: \.isNull) { continue }
            let child = schema.tables[fk.table]
            if let index = fk.childIndex {
                if try tx.get(child.name, index: child.indexes[index].name, key: values) != nil { return true }
                continue
            }
            var found = false
            try tx.forEachRow(child.name, index: nil, prefix: [], from: nil, to: nil, direction: .forward) { candidate in
                found = fk.columns.map { candidate[$0] } == values
                return !found
            }
            if found { return true }
        }
        return false
    }
}
