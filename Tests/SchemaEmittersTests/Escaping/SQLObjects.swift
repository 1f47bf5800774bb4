import Foundation
import SchemaEmitters

/// What a test database holds, read from each engine's catalog: the proof that a script created
/// exactly the objects it should, and no statement smuggled in through schema text ran.
enum SQLObjects {
    /// The names of the database's own tables.
    static func tables(_ db: SQLTestDatabase) throws -> Set<String> {
        try allTables(db).subtracting([MigrationBookkeeping.tableName])
    }

    /// Every table, the migrations bookkeeping table included.
    static func allTables(_ db: SQLTestDatabase) throws -> Set<String> {
        switch db.dialect {
        case .sqlite:
            Set(try db.column("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\';"))
        case .postgres:
            Set(try db.column("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public';"))
        case .mysql:
            Set(try db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE();"))
        }
    }

    /// The column names of one table.
    static func columns(_ db: SQLTestDatabase, table: String) throws -> Set<String> {
        let name = db.dialect.string(table)
        return switch db.dialect {
        case .sqlite:
            Set(try db.column("SELECT name FROM pragma_table_info(\(name));"))
        case .postgres:
            Set(try db.column("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = \(name);"))
        case .mysql:
            Set(try db.column("SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = \(name);"))
        }
    }

    /// PostgreSQL: the superuser roles of the cluster.
    static func superusers(_ db: SQLTestDatabase) throws -> Set<String> {
        Set(try db.column("SELECT rolname FROM pg_catalog.pg_roles WHERE rolsuper;"))
    }

    /// PostgreSQL: the roles whose name starts with a prefix.
    static func roles(_ db: SQLTestDatabase, prefix: String) throws -> Set<String> {
        Set(try db.column("SELECT rolname FROM pg_catalog.pg_roles WHERE starts_with(rolname, \(db.dialect.string(prefix)));"))
    }

    /// A token unique to the database (letters, digits, `_`), for names that must not collide
    /// across tests on one server.
    static func token(_ db: SQLTestDatabase) -> String {
        String(db.name.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }.suffix(16)).lowercased()
    }
}
