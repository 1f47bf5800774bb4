/// A secondary index with its columns resolved to row positions.
struct ResolvedIndex: Sendable {
    let name: String
    let columns: [Int]
    let orders: [ColumnOrder]
    let isUnique: Bool
    let condition: ResolvedCondition?
    /// When the index columns and the primary key together hold every column, the row's
    /// column in each position of the entry key (index columns, then primary-key columns);
    /// scans then build rows from the entry alone.
    var coveringLayout: [Int]?
    /// The order of each column of `coveringLayout` (primary-key columns are ascending).
    var coveringOrders: [ColumnOrder] = []
}

/// A foreign key with tables, columns and the lookup paths resolved.
struct ResolvedForeignKey: Sendable {
    let name: String
    let table: Int
    let columns: [Int]
    let parentTable: Int
    let parentColumns: [Int]
    /// The parent's unique index that `parentColumns` name, or nil for its primary key.
    let parentIndex: Int?
    /// An index of the child table starting with `columns`, used to find children on delete.
    let childIndex: Int?
    let onDelete: ReferentialAction
}

/// A table definition validated and resolved for fast row handling.
///
/// A class so that looking a table up costs one retain, not a copy of every field; its
/// foreign-key lists are filled in while the schema is resolved and never change afterwards.
final class ResolvedTable: @unchecked Sendable {
    let id: Int
    let definition: TableDefinition
    var name: String { definition.name }
    let columnIndex: [String: Int]
    let primaryKey: [Int]
    let autoIncrement: Bool
    let indexes: [ResolvedIndex]
    /// The value kinds each column's rows may hold, for the row check (``RowCodec/isWellFormed(_:kinds:)-(UnsafeBufferPointer<UInt8>,_)``).
    let rowKinds: RowKinds
    var foreignKeys: [ResolvedForeignKey] = []
    /// Foreign keys of other tables (or this one) that reference this table.
    var referencedBy: [ResolvedForeignKey] = []

    init(id: Int, definition: TableDefinition, columnIndex: [String: Int], primaryKey: [Int], autoIncrement: Bool,
         indexes: [ResolvedIndex]) {
        self.id = id
        self.definition = definition
        self.columnIndex = columnIndex
        self.primaryKey = primaryKey
        self.autoIncrement = autoIncrement
        self.indexes = indexes
        rowKinds = RowKinds(definition.columns)
    }

    func index(named name: String) throws -> Int {
        guard let i = indexes.firstIndex(where: { $0.name == name }) else {
            throw StoreError.unknownIndex(table: self.name, index: name)
        }
        return i
    }

    func column(named name: String) throws -> Int {
        guard let i = columnIndex[name] else { throw StoreError.unknownColumn(table: self.name, column: name) }
        return i
    }
}

/// The validated schema of an open store; TTL spaces appear as internal tables named `$kv.<name>`.
// A class so that every snapshot shares one instance instead of copying (and retaining) its fields.
final class ResolvedSchema: Sendable {
    let schema: StoreSchema
    let tables: [ResolvedTable]
    let tableIDs: [String: Int]

    static func keyValueTableName(_ space: String) -> String { "$kv.\(space)" }

    /// The internal table holding a TTL space: key, value, expiry (null for never), indexed by expiry.
    static func keyValueTable(_ space: String) -> TableDefinition {
        TableDefinition(keyValueTableName(space),
                        columns: [.init("key", .bytes), .init("value", .bytes), .init("expiresAt", .timestamp, nullable: true)],
                        primaryKey: ["key"],
                        indexes: [IndexDefinition("expiresAt", on: ["expiresAt"], where: .isNotNull("expiresAt"))])
    }

    init(_ schema: StoreSchema) throws {
        self.schema = schema
        let definitions = schema.tables + schema.keyValueSpaces.map(Self.keyValueTable)
        var ids: [String: Int] = [:]
        for (i, t) in definitions.enumerated() {
            guard !t.name.isEmpty, ids.updateValue(i, forKey: t.name) == nil else {
                throw StoreError.invalidSchema("duplicate or empty table name '\(t.name)'")
            }
        }
        let tables = try definitions.enumerated().map { try Self.resolveTable($1, id: $0) }
        for t in definitions.indices {
            for fk in definitions[t].foreignKeys {
                let resolved = try Self.resolveForeignKey(fk, in: tables[t], tables: tables, ids: ids)
                tables[t].foreignKeys.append(resolved)
                tables[resolved.parentTable].referencedBy.append(resolved)
            }
        }
        self.tables = tables
        self.tableIDs = ids
    }

    func table(_ name: String) throws -> ResolvedTable {
        guard let id = tableIDs[name] else { throw StoreError.unknownTable(name) }
        return tables[id]
    }

    private static func resolveTable(_ t: TableDefinition, id: Int) throws -> ResolvedTable {
        var columns: [String: Int] = [:]
        for (i, c) in t.columns.enumerated() where columns.updateValue(i, forKey: c.name) != nil || c.name.isEmpty {
            throw StoreError.invalidSchema("table '\(t.name)': duplicate or empty column name '\(c.name)'")
        }
        func col(_ name: String) throws -> Int {
            guard let i = columns[name] else { throw StoreError.invalidSchema("table '\(t.name)' has no column '\(name)'") }
            return i
        }
        guard !t.primaryKey.isEmpty else { throw StoreError.invalidSchema("table '\(t.name)' has no primary key") }
        let pk = try t.primaryKey.map(col)
        guard Set(pk).count == pk.count else { throw StoreError.invalidSchema("table '\(t.name)': repeated primary-key column") }
        for i in pk where t.columns[i].isNullable {
            throw StoreError.invalidSchema("table '\(t.name)': primary-key column '\(t.columns[i].name)' is nullable")
        }
        if t.autoIncrement, pk.count != 1 || t.columns[pk[0]].type != .int {
            throw StoreError.invalidSchema("table '\(t.name)': auto-increment needs a single int primary-key column")
        }
        var names = Set<String>()
        let indexes = try t.indexes.map { ix -> ResolvedIndex in
            guard !ix.columns.isEmpty, names.insert(ix.name).inserted else {
                throw StoreError.invalidSchema("table '\(t.name)': index '\(ix.name)' is empty or declared twice")
            }
            return ResolvedIndex(name: ix.name, columns: try ix.columns.map { try col($0.name) }, orders: ix.columns.map(\.order),
                                 isUnique: ix.isUnique, condition: try ix.condition.map { try ResolvedCondition($0, columns: columns) },
                                 coveringLayout: nil)
        }
        let covered = indexes.map { ix -> ResolvedIndex in
            var ix = ix
            let layout = ix.columns + pk
            if Set(layout) == Set(t.columns.indices) {
                ix.coveringLayout = layout
                ix.coveringOrders = ix.orders + pk.map { _ in .ascending }
            }
            return ix
        }
        return ResolvedTable(id: id, definition: t, columnIndex: columns, primaryKey: pk, autoIncrement: t.autoIncrement, indexes: covered)
    }

    private static func resolveForeignKey(_ fk: ForeignKeyDefinition, in child: ResolvedTable, tables: [ResolvedTable],
                                          ids: [String: Int]) throws -> ResolvedForeignKey {
        let context = "table '\(child.name)' foreign key '\(fk.name)'"
        guard let parentID = ids[fk.parentTable] else { throw StoreError.invalidSchema("\(context): unknown table '\(fk.parentTable)'") }
        let parent = tables[parentID]
        let columns = try fk.columns.map { name -> Int in
            guard let i = child.columnIndex[name] else { throw StoreError.invalidSchema("\(context): unknown column '\(name)'") }
            return i
        }
        let parentColumns = try fk.parentColumns.map { name -> Int in
            guard let i = parent.columnIndex[name] else { throw StoreError.invalidSchema("\(context): unknown parent column '\(name)'") }
            return i
        }
        guard !columns.isEmpty, columns.count == parentColumns.count else {
            throw StoreError.invalidSchema("\(context): column counts differ")
        }
        for (c, p) in zip(columns, parentColumns) where child.definition.columns[c].type != parent.definition.columns[p].type {
            throw StoreError.invalidSchema("\(context): column types differ")
        }
        var parentIndex: Int?
        if parentColumns != parent.primaryKey {
            guard let i = parent.indexes.firstIndex(where: {
                $0.isUnique && $0.condition == nil && $0.columns == parentColumns
            }) else {
                throw StoreError.invalidSchema("\(context): parent columns are neither the primary key nor a unique index")
            }
            parentIndex = i
        }
        if fk.onDelete == .setNull, let c = columns.first(where: { !child.definition.columns[$0].isNullable }) {
            throw StoreError.invalidSchema("\(context): set null on non-nullable column '\(child.definition.columns[c].name)'")
        }
        let childIndex = child.indexes.firstIndex {
            $0.condition == nil && $0.columns.count >= columns.count && Array($0.columns.prefix(columns.count)) == columns
        }
        return ResolvedForeignKey(name: fk.name, table: child.id, columns: columns, parentTable: parentID,
                                  parentColumns: parentColumns, parentIndex: parentIndex, childIndex: childIndex, onDelete: fk.onDelete)
    }
}
