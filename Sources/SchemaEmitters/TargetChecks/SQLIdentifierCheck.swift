import SchemaLanguage

/// SQL's limits on table, column and index names: a prefix an engine reserves for itself, the
/// length every dialect accepts, and reserved words (quoted by the emitter, but a trap for
/// hand-written queries). Names are the same in every dialect, so a schema can add a SQL target
/// later: the limits apply to every table, whichever SQL targets the schema names today.
public struct SQLIdentifierCheck: TargetCheck {
    /// Creates the check.
    public init() {}

    /// The strictest dialect's identifier limit (PostgreSQL's 63 bytes).
    static let portableLimit = SQLDialect.allCases.min { $0.maxIdentifierLength < $1.maxIdentifierLength }!

    /// Diagnostics for every table's name, its columns and its indexes.
    public func diagnostics(for schema: Schema) -> [Diagnostic] {
        var bag = DiagnosticBag(file: schema.source)
        for entity in schema.tables {
            check(entity.physicalName, of: "table", named: entity.name, at: entity.range, into: &bag)
            for field in entity.fields {
                check(field.physicalName, of: "field", named: field.name, at: field.range, into: &bag)
            }
            for index in entity.indexes where index.name.utf8.count > Self.portableLimit.maxIdentifierLength {
                bag.error("index name '\(index.name)' is longer than \(Self.portableLimit.maxIdentifierLength) bytes, "
                          + "\(Self.portableLimit.displayName)'s limit",
                          hint: "give it a shorter name with named \"...\"", at: index.range)
            }
        }
        return bag.diagnostics
    }

    /// One table or column name: reserved prefix, then length, then reserved word (one report each).
    /// `kind` and `schemaName` say what carries the SQL `name` (which differs when `named "…"` renames it).
    func check(_ name: String, of kind: String, named schemaName: String, at range: SourceRange, into bag: inout DiagnosticBag) {
        let what = name == schemaName ? "\(kind) '\(name)'" : "\(kind) '\(schemaName)' (SQL name '\(name)')"
        let lower = name.lowercased()
        let limit = Self.portableLimit
        if SQLDialect.allCases.contains(where: { $0.reservedNamePrefix.map(lower.hasPrefix) ?? false }) {
            bag.error("the \(what) starts with a prefix SQLite or PostgreSQL reserves for itself",
                      hint: "rename it", at: range)
        } else if name.utf8.count > limit.maxIdentifierLength {
            bag.error("the \(what) is longer than \(limit.maxIdentifierLength) bytes, \(limit.displayName)'s limit",
                      hint: "shorten it", at: range)
        } else if SQLReservedWords.all.contains(lower) {
            bag.warning("the \(what) is a reserved word in SQL",
                        hint: "generated SQL quotes it, but hand-written queries must too; consider another name",
                        at: range)
        }
    }
}

extension SQLDialect {
    /// The prefix the engine keeps for its own tables (`sqlite_master`, `pg_catalog`), if any.
    public var reservedNamePrefix: String? {
        switch self {
        case .sqlite: "sqlite_"
        case .postgres: "pg_"
        case .mysql: nil
        }
    }
}
