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
        let old = Dictionary(stored.tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(requested.tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var differences: [String] = []
        for name in new.keys.sorted() where old[name] == nil { differences.append("table '\(name)' is new") }
        for name in old.keys.sorted() where new[name] == nil { differences.append("table '\(name)' was removed") }
        for name in new.keys.sorted() {
            guard let a = old[name], let b = new[name], a != b else { continue }
            var parts: [String] = []
            if a.columns != b.columns { parts.append("columns") }
            if a.primaryKey != b.primaryKey || a.autoIncrement != b.autoIncrement { parts.append("primary key") }
            if a.indexes != b.indexes { parts.append("indexes") }
            if a.foreignKeys != b.foreignKeys { parts.append("foreign keys") }
            differences.append("table '\(name)' changed its \(parts.joined(separator: ", "))")
        }
        if stored.keyValueSpaces != requested.keyValueSpaces { differences.append("key-value spaces changed") }
        if differences.isEmpty { differences.append("table order changed") }
        throw StoreError.catalogMismatch(differences.joined(separator: "; "))
    }
}
