import Foundation

/// The schema a store was created with, stored in every snapshot file so that opening the store
/// with a different schema is caught instead of misreading rows.
enum Catalog {
    static func encode(_ schema: StoreSchema) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain Codable structs and enums cannot fail.
        return Array((try? encoder.encode(schema)) ?? Data())
    }

    static func decode(_ bytes: [UInt8], file: String, offset: Int) throws -> StoreSchema {
        do { return try JSONDecoder().decode(StoreSchema.self, from: Data(bytes)) } catch {
            throw StoreError.corrupted(file: file, offset: offset, reason: "catalog does not decode")
        }
    }

    /// Throws ``StoreError/catalogMismatch(_:)`` describing the first difference.
    static func check(stored: StoreSchema, requested: StoreSchema) throws {
        guard stored != requested else { return }
        throw StoreError.catalogMismatch(differences(stored: stored, requested: requested).joined(separator: "; "))
    }

    /// What differs, one sentence per table; with `columns`, a changed table also names its
    /// columns that are new, removed or changed.
    static func differences(stored: StoreSchema, requested: StoreSchema, columns: Bool = false) -> [String] {
        let old = Dictionary(stored.tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(requested.tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var differences: [String] = []
        for name in new.keys.sorted() where old[name] == nil { differences.append("table '\(name)' is new") }
        for name in old.keys.sorted() where new[name] == nil { differences.append("table '\(name)' was removed") }
        for name in new.keys.sorted() {
            guard let a = old[name], let b = new[name], a != b else { continue }
            var parts: [String] = []
            if a.columns != b.columns { parts.append("columns" + (columns ? " (\(columnDifferences(a, b)))" : "")) }
            if a.primaryKey != b.primaryKey || a.autoIncrement != b.autoIncrement { parts.append("primary key") }
            if a.indexes != b.indexes { parts.append("indexes") }
            if a.foreignKeys != b.foreignKeys { parts.append("foreign keys") }
            differences.append("table '\(name)' changed its \(parts.joined(separator: ", "))")
        }
        if stored.keyValueSpaces != requested.keyValueSpaces { differences.append("key-value spaces changed") }
        if differences.isEmpty { differences.append("table order changed") }
        return differences
    }

    private static func columnDifferences(_ a: TableDefinition, _ b: TableDefinition) -> String {
        let old = Dictionary(a.columns.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        let new = Dictionary(b.columns.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        var parts: [String] = []
        for c in b.columns where old[c.name] == nil { parts.append("column '\(c.name)' is new") }
        for c in a.columns where new[c.name] == nil { parts.append("column '\(c.name)' was removed") }
        for c in b.columns {
            guard let x = old[c.name], x != c else { continue }
            var what: [String] = []
            if x.type != c.type { what.append("type") }
            if x.isNullable != c.isNullable { what.append("nullability") }
            if x.shape != c.shape { what.append("shape") }
            parts.append("column '\(c.name)' changed its \(what.joined(separator: ", "))")
        }
        if parts.isEmpty { parts.append("column order changed") }
        return parts.joined(separator: ", ")
    }
}
