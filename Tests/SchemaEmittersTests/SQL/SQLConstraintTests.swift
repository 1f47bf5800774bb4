import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// The constraints the DDL declares hold on every server: the feature schema is applied to a fresh
/// database, then rows that break a rule are rejected and rows that keep it are stored.
@Suite("SQL constraints hold on real servers")
struct SQLConstraintTests {
    /// A database with the feature schema applied.
    static func database(_ dialect: SQLDialect) throws -> SQLTestDatabase {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SQLFeatureSchema.schema(), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        return db
    }

    /// `INSERT INTO groups (order, type, name[, level]) VALUES …` with quoted reserved words.
    static func insertGroup(_ db: SQLTestDatabase, order: Int = 1, type: String = "abc", name: String, level: String? = nil) -> String {
        let columns = [db.q("order"), db.q("type"), db.q("name")] + (level == nil ? [] : [db.q("level")])
        let values = ["\(order)", "'\(type)'", "'\(name)'"] + (level.map { ["'\($0)'"] } ?? [])
        return "INSERT INTO \(db.q("groups")) (\(columns.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")));"
    }

    @Test(arguments: SQLDialect.allCases)
    func defaultsAutoIncrementAndGeneratedUUIDs(_ dialect: SQLDialect) throws {
        let db = try Self.database(dialect)
        try db.run(Self.insertGroup(db, name: "one") + Self.insertGroup(db, name: "two"))
        let rows = try db.query("""
            SELECT \(db.q("key")), \(db.q("level")), \(db.q("note")), \(db.q("data")), \(db.q("tags")), \(db.q("token"))
            FROM \(db.q("groups")) ORDER BY \(db.q("key"));
            """)
        #expect(rows.map { $0[0] } == ["1", "2"])
        #expect(rows.allSatisfy { $0[1] == "low" && $0[2] == "it's" && $0[3] == "{}" && $0[4] == "[]" })
        // MySQL's UUID() is version 1 (time-based); SQLite and PostgreSQL generate version 4.
        let uuid = dialect == .mysql ? /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
            : /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
        for row in rows { #expect(row[5].wholeMatch(of: uuid) != nil, "UUID: \(row[5])") }
        #expect(rows[0][5] != rows[1][5])
    }

    @Test(arguments: SQLDialect.allCases)
    func uniqueEnumAndCheckViolationsAreRejected(_ dialect: SQLDialect) throws {
        let db = try Self.database(dialect)
        try db.run(Self.insertGroup(db, order: 0, name: "taken", level: "HIGH"))
        try db.run(Self.insertGroup(db, order: 100, type: "zz", name: "edge"))
        db.expectRejected(Self.insertGroup(db, name: "taken"))  // unique name
        try db.run(Self.insertGroup(db, name: "Taken"))  // compared exactly, in MySQL too
        db.expectRejected(Self.insertGroup(db, name: "bad level", level: "medium"))  // not an enum value
        db.expectRejected(Self.insertGroup(db, name: "by name", level: "high"))  // the case name is not stored
        db.expectRejected(Self.insertGroup(db, order: 101, name: "too big"))  // max 100
        db.expectRejected(Self.insertGroup(db, order: -1, name: "too small"))  // min 0
        db.expectRejected(Self.insertGroup(db, type: "a", name: "too short"))  // length 2..20
        db.expectRejected(Self.insertGroup(db, type: String(repeating: "a", count: 21), name: "too long"))
        let table = db.q("groups")
        db.expectRejected("UPDATE \(table) SET \(db.q("price")) = 0.25;")  // min 0.5
        try db.run("UPDATE \(table) SET \(db.q("price")) = 0.5;")
        db.expectRejected("UPDATE \(table) SET \(db.q("tags")) = '{\"a\": 1}';")  // an array must be an array
        db.expectRejected("UPDATE \(table) SET \(db.q("origin")) = '[1, 2]';")  // a nested type is an object
        db.expectRejected("UPDATE \(table) SET \(db.q("data")) = 'not json';")
        db.expectRejected("UPDATE \(table) SET \(db.q("name")) = NULL;")  // NOT NULL
        try db.run("UPDATE \(table) SET \(db.q("origin")) = '{\"x\": 1, \"y\": 2}';")

        // pattern "[a-z]+" must match the whole value, case-sensitively; SQLite cannot check it.
        let patternCases = [Self.insertGroup(db, type: "ABC", name: "upper"), Self.insertGroup(db, type: "ab1", name: "digit")]
        for insert in patternCases {
            if dialect == .sqlite { try db.run(insert) } else { db.expectRejected(insert) }
        }
    }

    /// The partial unique index allows duplicates outside its condition; MySQL has no partial
    /// indexes and keeps a plain (non-unique) index instead.
    @Test(arguments: SQLDialect.allCases)
    func partialUniqueIndexAppliesOnlyWhereItsConditionHolds(_ dialect: SQLDialect) throws {
        let db = try Self.database(dialect)
        try db.run(Self.insertGroup(db, type: "same", name: "a") + Self.insertGroup(db, type: "same", name: "b"))
        try db.run(Self.insertGroup(db, type: "same", name: "c", level: "HIGH"))
        let duplicate = Self.insertGroup(db, type: "same", name: "d", level: "HIGH")
        if dialect == .mysql { try db.run(duplicate) } else { db.expectRejected(duplicate) }
    }

    @Test(arguments: SQLDialect.allCases)
    func foreignKeysCascadeSetNullAndRestrict(_ dialect: SQLDialect) throws {
        let db = try Self.database(dialect)
        let members = db.q("members"), pins = db.q("pins"), groups = db.q("groups"), key = db.q("key")
        try db.run(Self.insertGroup(db, name: "g1") + Self.insertGroup(db, name: "g2") + Self.insertGroup(db, name: "g3"))
        try db.run("""
            INSERT INTO \(members) (\(db.q("group_key")), \(db.q("user_id")), \(db.q("parent_key"))) VALUES (1, 10, 2), (2, 20, 1), (2, 21, NULL);
            INSERT INTO \(pins) (\(db.q("group_key"))) VALUES (3);
            """)
        db.expectRejected("INSERT INTO \(members) (\(db.q("group_key")), \(db.q("user_id"))) VALUES (99, 1);")  // no parent
        db.expectRejected("INSERT INTO \(members) (\(db.q("group_key")), \(db.q("user_id"))) VALUES (1, 10);")  // composite key

        try db.run("DELETE FROM \(groups) WHERE \(key) = 1;")
        let left = try db.query("SELECT \(db.q("group_key")), \(db.q("user_id")), \(db.q("parent_key")) FROM \(members) ORDER BY 2;")
        #expect(left == [["2", "20", "NULL"], ["2", "21", "NULL"]])  // (1, 10) cascaded away, parent 1 set null

        db.expectRejected("DELETE FROM \(groups) WHERE \(key) = 3;")  // pinned: restrict
        #expect(try db.column("SELECT COUNT(*) FROM \(groups);") == ["2"])
    }

    /// alpha and beta reference each other; both foreign keys exist and act.
    @Test(arguments: SQLDialect.allCases)
    func referenceCycleIsComplete(_ dialect: SQLDialect) throws {
        let db = try Self.database(dialect)
        let alpha = db.q("alpha"), beta = db.q("beta"), id = db.q("id")
        try db.run("""
            INSERT INTO \(alpha) (\(id)) VALUES (1);
            INSERT INTO \(beta) (\(id), \(db.q("alpha_id"))) VALUES (1, 1);
            UPDATE \(alpha) SET \(db.q("beta_id")) = 1 WHERE \(id) = 1;
            """)
        db.expectRejected("UPDATE \(alpha) SET \(db.q("beta_id")) = 2 WHERE \(id) = 1;")
        db.expectRejected("INSERT INTO \(beta) (\(id), \(db.q("alpha_id"))) VALUES (2, 2);")
        try db.run("DELETE FROM \(beta) WHERE \(id) = 1;")
        #expect(try db.column("SELECT \(db.q("beta_id")) FROM \(alpha);") == ["NULL"])
    }

    @Test(arguments: SQLDialect.allCases)
    func autoUpdatedTimestampChangesOnUpdate(_ dialect: SQLDialect) throws {
        let db = try Self.database(dialect)
        let groups = db.q("groups"), updated = db.q("updated_at"), created = db.q("created_at")
        try db.run(Self.insertGroup(db, name: "old"))
        try db.run("UPDATE \(groups) SET \(updated) = \(db.ago(days: 10)), \(created) = \(db.ago(days: 10));")
        #expect(try db.column("SELECT COUNT(*) FROM \(groups) WHERE \(updated) < \(db.ago(days: 9));") == ["1"])
        try db.run("UPDATE \(groups) SET \(db.q("note")) = 'touched';")
        #expect(try db.column("SELECT COUNT(*) FROM \(groups) WHERE \(updated) > \(db.ago(days: 1));") == ["1"])
        #expect(try db.column("SELECT COUNT(*) FROM \(groups) WHERE \(created) < \(db.ago(days: 9));") == ["1"])
    }

    @Test(arguments: SQLDialect.allCases)
    func appendOnlyTableRefusesUpdateAndDelete(_ dialect: SQLDialect) throws {
        let db = try Self.database(dialect)
        let audit = db.q("audit")
        try db.run("INSERT INTO \(audit) (\(db.q("message"))) VALUES ('first'), ('second');")
        db.expectRejected("UPDATE \(audit) SET \(db.q("message")) = 'changed';", containing: "append-only")
        db.expectRejected("DELETE FROM \(audit) WHERE \(db.q("id")) = 1;", containing: "append-only")
        if dialect == .postgres { db.expectRejected("TRUNCATE \(audit);", containing: "append-only") }
        #expect(try db.column("SELECT \(db.q("message")) FROM \(audit) ORDER BY \(db.q("id"));") == ["first", "second"])
    }
}
