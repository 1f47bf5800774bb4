/// The migrations a database has applied for one schema, compared with those a build expects.
///
///     let state = try await MigrationState.read(schema: "discord_bot", expected: migrations, on: connection)
///     try state.requireCurrent()          // throws MigrationRefusal naming what to run
///
/// or, to bring the database up to date first (one process at a time, under an advisory lock):
///
///     try await MigrationState.applyPending(schema: "discord_bot", expected: migrations, on: connection)
public struct MigrationState: Sendable, Hashable {
    /// The bookkeeping table `schemagen migrate` maintains (see docs/migrations.md).
    public static let tableName = "schemagen_migrations"

    /// The schema.
    public let schema: String
    /// The migrations the build expects, by version.
    public let expected: [PostgresMigration]
    /// What the database recorded, by version; nil if it has no bookkeeping table.
    public let applied: [AppliedMigration]?

    /// Reads the bookkeeping table.
    public static func read(schema: String, expected: [PostgresMigration], on connection: PostgresConnection) async throws -> MigrationState {
        let exists = try await connection.query(existsStatement, [.text("public." + tableName)])
        guard exists.first?[0] == .bool(true) else { return try MigrationState(schema: schema, expected: expected, appliedRows: nil) }
        return try MigrationState(schema: schema, expected: expected,
                                  appliedRows: try await connection.query(appliedStatement, [.text(schema)]))
    }

    /// ``read(schema:expected:on:)`` blocking the calling thread (for synchronous callers such as
    /// the generated repositories' `connect`).
    public static func readBlocking(schema: String, expected: [PostgresMigration], on connection: PostgresConnection) throws -> MigrationState {
        let exists = try connection.queryBlocking(existsStatement, [.text("public." + tableName)])
        guard exists.first?[0] == .bool(true) else { return try MigrationState(schema: schema, expected: expected, appliedRows: nil) }
        return try MigrationState(schema: schema, expected: expected, appliedRows: try connection.queryBlocking(appliedStatement, [.text(schema)]))
    }

    private static let existsStatement = "SELECT to_regclass($1) IS NOT NULL"
    private static let appliedStatement = "SELECT version, name, checksum FROM public.\(tableName) WHERE schema_name = $1 ORDER BY version"


    /// Nil when the database has exactly the expected migrations with the same checksums;
    /// otherwise the first problem found. An edited or unknown migration outranks pending ones,
    /// since applying more on top of it would not help.
    public var refusal: MigrationRefusal? {
        guard let applied else { return MigrationRefusal(schema: schema, reason: .noBookkeeping) }
        let expectedByVersion = Dictionary(expected.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        let unknown = applied.filter { expectedByVersion[$0.version] == nil }.map(\.version)
        if !unknown.isEmpty { return MigrationRefusal(schema: schema, reason: .databaseAhead(unknown)) }
        for record in applied {
            let migration = expectedByVersion[record.version]!
            if migration.checksum != record.checksum {
                return MigrationRefusal(schema: schema, reason: .checksumMismatch(version: record.version, name: migration.name))
            }
        }
        let pending = self.pending
        return pending.isEmpty ? nil : MigrationRefusal(schema: schema, reason: .pending(pending.map(\.name)))
    }

    /// The expected migrations the database has not applied, oldest first.
    public var pending: [PostgresMigration] {
        let done = Set((applied ?? []).map(\.version))
        return expected.filter { !done.contains($0.version) }
    }

    /// Throws the refusal if the database does not match.
    public func requireCurrent() throws {
        if let refusal { throw refusal }
    }

    /// Applies the pending migrations in order, each statement of its up script on its own (as
    /// `psql -f` does; the script brings its own `BEGIN`/`COMMIT`), and returns the state after.
    /// Runs under a session advisory lock per schema, so concurrent callers apply each migration
    /// once. Refuses (without applying anything) an edited or unknown migration, and a pending
    /// one without an up script.
    @discardableResult
    public static func applyPending(schema: String, expected: [PostgresMigration], on connection: PostgresConnection) async throws -> MigrationState {
        let lockKey: [PostgresValue] = [.text("schemagen_migrations:" + schema)]
        try await connection.query("SELECT pg_advisory_lock(hashtext($1))", lockKey)
        do {
            let state = try await apply(schema: schema, expected: expected, on: connection)
            try await connection.queryEvenIfCancelled("SELECT pg_advisory_unlock(hashtext($1))", lockKey)
            return state
        } catch {
            if connection.isReusable {
                _ = try? await connection.queryEvenIfCancelled("SELECT pg_advisory_unlock(hashtext($1))", lockKey)
            }
            throw error
        }
    }

    private static func apply(schema: String, expected: [PostgresMigration], on connection: PostgresConnection) async throws -> MigrationState {
        // Read under the lock: another process may have applied some meanwhile.
        let state = try await read(schema: schema, expected: expected, on: connection)
        if let refusal = state.refusal {
            switch refusal.reason {
            case .pending, .noBookkeeping: break  // what applying fixes (every up script creates the table)
            case .checksumMismatch, .databaseAhead: throw refusal
            }
        }
        for migration in state.pending {
            guard let script = migration.upScript else {
                throw MigrationRefusal(schema: schema, reason: .pending(state.pending.map(\.name)))
            }
            for statement in SQLScriptStatements.split(script) {
                do {
                    try await connection.runScript(statement)
                } catch let error as PostgresError {
                    if connection.isReusable == false, error.kind != .connectionLost {
                        _ = try? await connection.runScript("ROLLBACK")  // the script's open transaction
                    }
                    throw PostgresError(
                        kind: error.kind, sqlstate: error.sqlstate,
                        message: "migration \(migration.name) failed: \(error.message)", detail: error.detail, hint: error.hint)
                }
            }
        }
        return try await read(schema: schema, expected: expected, on: connection)
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

extension MigrationState {
    /// The state from the bookkeeping table's rows of the schema (nil: no table).
    fileprivate init(schema: String, expected: [PostgresMigration], appliedRows rows: PostgresRows?) throws {
        let applied = try rows?.map { row -> AppliedMigration in
            guard case .int32(let version) = row[0], case .text(let name) = row[1], case .text(let checksum) = row[2] else {
                throw PostgresError(kind: .decodingFailed, message: "\(Self.tableName) has an unexpected row \(row.values)")
            }
            // CHAR(64) pads; the checksum itself is 64 hex digits.
            return AppliedMigration(version: Int(version), name: name, checksum: checksum.trimmingTrailingSpaces())
        }
        self.init(schema: schema, expected: expected.sorted { $0.version < $1.version }, applied: applied)
    }
}
