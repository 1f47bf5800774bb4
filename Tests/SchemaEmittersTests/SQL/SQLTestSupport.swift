import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// What the SQL tests share beyond ``SeedSchemas``.
enum SQLTestSupport {
    /// The seeds with tables, each paired with every dialect (a schema's SQL must work anywhere).
    static var seedsWithTables: [String] { ["discord_bot", "gryag_bot", "setai_bot"] }

    /// The schema renamed so that cluster-wide objects (PostgreSQL roles) are private to one database.
    static func isolated(_ schema: Schema, database: String) -> Schema {
        var copy = schema
        copy.name = "\(schema.name)_\(database)"
        return copy
    }
}
