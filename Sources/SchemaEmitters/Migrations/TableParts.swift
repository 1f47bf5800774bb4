import Foundation
import SchemaLanguage

/// One table of one dialect taken apart into the objects a migration adds, drops or keeps one by
/// one: column definitions, checks, foreign keys, indexes, and the statements around the table
/// (triggers, trigger functions, row-level security). Every piece is rendered by the same code as
/// the DDL file, so a migrated database and a fresh one are built from the same text.
struct TableParts {
    let entity: Entity
    let schema: Schema
    let dialect: SQLDialect
    /// Which foreign keys wait until every new table exists (none unless tables are created together).
    let order: ForeignKeyOrder
    /// The column checks, by constraint name.
    let checks: [CheckConstraint]
    /// The foreign keys: constraint name and the clause `ALTER TABLE … ADD` takes.
    let foreignKeys: [(name: String, clause: String)]
    /// Triggers, trigger functions and row-level security, as the DDL file writes them.
    let surroundings: [String]

    /// Takes a table apart; each piece is rendered once.
    init(entity: Entity, schema: Schema, dialect: SQLDialect, order: ForeignKeyOrder = ForeignKeyOrder([])) {
        self.entity = entity
        self.schema = schema
        self.dialect = dialect
        self.order = order
        checks = entity.fields.compactMap { CheckConstraint.forColumn($0, of: entity, in: dialect).check }
        let statement = TableStatement(entity: entity, schema: schema, dialect: dialect, order: order)
        foreignKeys = entity.foreignKeys.map { field, reference in
            (SQLName.make("fk", entity.physicalName, field.physicalName), statement.foreignKey(field, reference))
        }
        var surroundings = TimestampTrigger.statements(for: entity, in: dialect)
        surroundings += AppendOnlyGuard.statements(for: entity, in: dialect)
        if dialect == .postgres { surroundings += RowLevelSecurity.postgres(entity) }
        self.surroundings = surroundings
    }

    /// The `CREATE TABLE` statement (under another name for a SQLite rebuild).
    func createTable(named name: String? = nil) -> String {
        var statement = TableStatement(entity: entity, schema: schema, dialect: dialect, order: order)
        statement.createdName = name
        return statement.render()
    }

    /// Foreign keys closing cycles, created after every table exists (PostgreSQL, MySQL).
    func deferredForeignKeys() -> [String] { statement.foreignKeyAlterations() }

    /// A column's definition (`"name" TYPE NOT NULL DEFAULT …`).
    func column(_ field: Field) -> String {
        ColumnDefinition.render(field, inlinePrimaryKey: false, in: dialect)
    }

    /// The column's definition without its name, to compare two versions of a column.
    func columnShape(_ field: Field) -> String {
        var unnamed = field
        unnamed.physicalName = "c"
        return ColumnDefinition.render(unnamed, inlinePrimaryKey: false, in: dialect)
    }

    /// Declared indexes by name, with their statements.
    var indexes: [(index: Index, statement: String)] {
        entity.indexes.map { ($0, IndexStatement(index: $0, entity: entity, dialect: dialect).render()) }
    }

    /// Indexes the retention jobs need, by name, with their statements and their identity: the
    /// statement without the comment quoting the rules, so a rule's wording (e.g. a named period)
    /// does not rebuild the index.
    var retentionIndexes: [(name: String, statement: String, identity: String)] {
        RetentionIndexes.missing(for: entity).map { index, rules in
            let reason = "For the retention job: " + rules.joined(separator: "; ")
            return (index.name, IndexStatement(index: index, entity: entity, dialect: dialect, reason: reason).render(),
                    index.name + "\n" + IndexStatement(index: index, entity: entity, dialect: dialect).render())
        }
    }

    /// Statements removing what ``surroundings`` created, in an order that works (triggers
    /// before the functions they call).
    func dropSurroundings() -> [String] {
        let table = dialect.quote(entity.physicalName)
        var triggers: [String] = []
        var functions: [String] = []
        var other: [String] = []
        for statement in surroundings {
            for (kind, name) in Self.createdObjects(in: statement) {
                switch (kind, dialect) {
                case ("TRIGGER", .postgres): triggers.append("DROP TRIGGER IF EXISTS \(name) ON \(table);")
                case ("TRIGGER", _): triggers.append("DROP TRIGGER IF EXISTS \(name);")
                case ("FUNCTION", _): functions.append("DROP FUNCTION IF EXISTS \(name)();")
                case ("POLICY", _): other.append("DROP POLICY IF EXISTS \(name) ON \(table);")
                default: break
                }
            }
            if statement.contains("ENABLE ROW LEVEL SECURITY") {
                other.append("ALTER TABLE \(table) NO FORCE ROW LEVEL SECURITY;")
                other.append("ALTER TABLE \(table) DISABLE ROW LEVEL SECURITY;")
            }
        }
        return triggers + other + functions
    }

    private static let identifier = #"(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|[A-Za-z_][A-Za-z0-9_$]*)"#

    /// The (quoted name, quoted table) of every policy a script creates.
    static func createdPolicies(in script: String) -> [(name: String, table: String)] {
        let pattern = "CREATE POLICY (" + identifier + ") ON (" + identifier + #"(?:\."# + identifier + ")?)"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let text = script as NSString
        return regex.matches(in: script, range: NSRange(location: 0, length: text.length)).map {
            (text.substring(with: $0.range(at: 1)), text.substring(with: $0.range(at: 2)))
        }
    }

    /// The (kind, quoted name) of every trigger, function and policy a statement creates.
    static func createdObjects(in statement: String) -> [(String, String)] {
        let pattern = #"CREATE (?:OR REPLACE )?(TRIGGER|FUNCTION|POLICY) ("# + identifier + #"(?:\."# + identifier + #")?)"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let text = statement as NSString
        return regex.matches(in: statement, range: NSRange(location: 0, length: text.length)).map {
            (text.substring(with: $0.range(at: 1)), text.substring(with: $0.range(at: 2)))
        }
    }

    private var statement: TableStatement { TableStatement(entity: entity, schema: schema, dialect: dialect, order: order) }
}
