import SchemaGenPostgres
import Testing

/// Each SQLSTATE class the library names comes back as its own `PostgresError.Kind`, with the
/// constraint or column the server reported.
@Suite("PostgreSQL typed errors")
struct ErrorTests {
    private func schema() async throws -> (TestDatabase, PostgresConnection) {
        let database = try TestDatabase.fresh()
        try database.run("""
            CREATE TABLE owner (id bigint PRIMARY KEY, email text NOT NULL CONSTRAINT owner_email_key UNIQUE,
                                age integer CONSTRAINT owner_age_check CHECK (age >= 0));
            CREATE TABLE pet (id bigint PRIMARY KEY, owner_id bigint NOT NULL CONSTRAINT pet_owner_fkey REFERENCES owner (id));
            INSERT INTO owner VALUES (1, 'a@example.com', 30);
            """)
        return (database, try await database.connect())
    }

    private func failure(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> PostgresError? {
        await #expect(throws: PostgresError.self, sourceLocation: sourceLocation) { try await body() }
    }

    @Test func constraintViolationsNameTheirConstraint() async throws {
        let (_, connection) = try await schema()
        let unique = await failure { try await connection.execute("INSERT INTO owner VALUES (2, $1, 1)", [.text("a@example.com")]) }
        #expect(unique?.kind == .uniqueViolation(constraint: "owner_email_key"))
        #expect(unique?.sqlstate == "23505")
        #expect(unique?.detail == "Key (email)=(a@example.com) already exists.")

        let foreignKey = await failure { try await connection.execute("INSERT INTO pet VALUES (1, $1)", [.int64(99)]) }
        #expect(foreignKey?.kind == .foreignKeyViolation(constraint: "pet_owner_fkey"))

        let check = await failure { try await connection.execute("INSERT INTO owner VALUES (3, 'b@example.com', $1)", [.int32(-1)]) }
        #expect(check?.kind == .checkViolation(constraint: "owner_age_check"))

        let notNull = await failure { try await connection.execute("INSERT INTO owner (id, email) VALUES (4, $1)", [.null]) }
        #expect(notNull?.kind == .notNullViolation(column: "email"))
        #expect(notNull?.isRetryable == false)
    }

    @Test func missingTablesPrivilegesAndOtherStates() async throws {
        let (database, connection) = try await schema()
        let undefined = await failure { try await connection.query("SELECT * FROM no_such_table") }
        #expect(undefined?.kind == .undefinedTable)

        let syntax = await failure { try await connection.query("SELEC 1") }
        #expect(syntax?.kind == .other(sqlstate: "42601"))
        #expect(syntax?.message == #"syntax error at or near "SELEC""#)

        let role = "\(database.name)_reader"
        try database.run("CREATE ROLE \(role) NOLOGIN; GRANT SELECT ON owner TO \(role);")
        try await connection.runScript("SET ROLE \(role)")
        let denied = await failure { try await connection.execute("DELETE FROM owner") }
        #expect(denied?.kind == .insufficientPrivilege)
        #expect(denied?.message == "permission denied for table owner")
    }

    @Test func serializationFailureIsRetryableAndSaysHow() async throws {
        let (database, first) = try await schema()
        let second = try await database.connect()
        let error = await failure {
            try await first.withTransaction(isolationLevel: .repeatableRead) { tx in
                try await tx.query("SELECT age FROM owner WHERE id = 1")  // takes the snapshot
                try await second.execute("UPDATE owner SET age = age + 1 WHERE id = 1")  // commits meanwhile
                try await tx.execute("UPDATE owner SET age = age + 10 WHERE id = 1")
            }
        }
        #expect(error?.kind == .serializationFailure)
        #expect(error?.isRetryable == true)
        #expect(error?.description.contains("run the whole transaction again") == true)
        // Rolled back: only the other connection's update is there.
        #expect(try database.psqlQuery("SELECT age FROM owner WHERE id = 1") == [["31"]])
    }

    @Test func deadlockIsRetryable() async throws {
        let (database, first) = try await schema()
        try database.run("INSERT INTO owner VALUES (2, 'b@example.com', 40);")
        let second = try await database.connect()
        for connection in [first, second] {
            try await connection.runScript("SET deadlock_timeout = '50ms'")
        }
        // Each locks one row, then wants the other's: one of the two is chosen as the victim.
        let outcomes = await withTaskGroup(of: PostgresError?.self) { group in
            for (connection, mine, theirs) in [(first, 1, 2), (second, 2, 1)] {
                group.addTask {
                    do {
                        try await connection.withTransaction { tx in
                            try await tx.execute("UPDATE owner SET age = age + 1 WHERE id = $1", [.int64(Int64(mine))])
                            try await Task.sleep(for: .milliseconds(200))
                            try await tx.execute("UPDATE owner SET age = age + 1 WHERE id = $1", [.int64(Int64(theirs))])
                        }
                        return nil
                    } catch let error as PostgresError {
                        return error
                    } catch {
                        Issue.record("unexpected \(error)")
                        return nil
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.compactMap { $0?.kind } == [.deadlock])
        #expect(outcomes.compactMap { $0?.isRetryable } == [true])
    }

    @Test func unreachableServerIsConnectionFailed() async throws {
        let database = try TestDatabase.fresh()
        let error = await failure {
            _ = try await PostgresConnection.connect("postgresql://postgres@127.0.0.1:\(database.server.port)/no_such_database")
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("no_such_database") == true)
    }
}
