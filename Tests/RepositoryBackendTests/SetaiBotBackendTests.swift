import Foundation
import ServerHarness
import SetaiBotData
import SetaiBotPostgres
import Testing

/// What the setai tests need of a database, whichever the backend.
protocol SetaiBotBackendDatabase: SetaiBotTables where Access: RootAccess {
    associatedtype WriteView: SetaiBotTables where WriteView.Access: RootAccess
    @discardableResult
    func write<T>(_ body: (WriteView) throws -> T) throws -> T
}

extension SetaiBotDatabase: SetaiBotBackendDatabase {}
extension SetaiBotPostgresDatabase: SetaiBotBackendDatabase {}

/// Seed 002 (setai_bot, a MySQL seed): the tables' documented use, one body on the embedded store
/// and on PostgreSQL. The PostgreSQL side is the fixture `Tests/Fixtures/setai_postgres`, built from
/// `schema/setai_bot.schema` itself with `schemagen build --also-target postgres`. The seed's Redis
/// keys are `cache` spaces, store-only (SetaiBotTests.cacheKeysAndTTL; docs/postgres.md, "Caches").
@Suite struct SetaiBotBackendTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// The fixture's DDL, relative to the package root.
    static let ddlFile = "Tests/Fixtures/setai_postgres/setai_bot/sql/postgres.sql"

    /// Runs `body` on a fresh database on `backend`.
    func withDatabase(_ backend: Backend, _ body: (any SetaiBotBackendDatabase) throws -> Void) throws {
        switch backend {
        case .store:
            let db = try SetaiBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function),
                                               clock: clock.function)
            defer { db.close() }
            try body(db)
        case .postgres:
            let database = try PostgresDatabase(ddlFile: Self.ddlFile)
            let db = try SetaiBotPostgresDatabase.connect(url: database.url, clock: clock.function)
            defer { db.close() }
            try body(db)
        }
    }

    /// A server owner (user 1), a template author who owns nothing (user 2) and server 100.
    func seedServer(_ db: some SetaiBotBackendDatabase) throws {
        try db.users.insert(User(userID: 1, username: "owner", discriminator: "0001", status: .active, createdAt: clock.now, updatedAt: clock.now))
        try db.users.insert(User(userID: 2, username: "author", discriminator: "0002", status: .active, createdAt: clock.now, updatedAt: clock.now))
        try db.servers.insert(Server(serverID: 100, name: "Guild", ownerID: 1, botPermissions: [.manageChannels, .manageRoles],
                                     status: .active, joinedAt: clock.now, updatedAt: clock.now))
    }

    var configuration: TemplateConfiguration {
        TemplateConfiguration(categories: [["name": "General"]],
                              channels: [ChannelConfig(name: "welcome", type: .text, permissions: [
                                  PermissionOverride(targetType: .role, targetID: 5, allow: [.viewChannel], deny: [.sendMessages]),
                              ], settings: ChannelSettings(nsfw: false, rateLimitPerUser: 5))],
                              roles: [RoleConfig(name: "Member", color: "#00ff00", permissions: [.sendMessages])],
                              permissions: [], settings: [])
    }

    @Test(arguments: Backend.allCases) func templatesRoundTripNestedDocuments(_ backend: Backend) throws {
        try withDatabase(backend) { db in try templatesRoundTripNestedDocuments(db) }
    }

    func templatesRoundTripNestedDocuments(_ db: some SetaiBotBackendDatabase) throws {
        try seedServer(db)
        let template = try db.templates.insert(Template(name: "Gaming", description: "A gaming server", category: .gaming, createdBy: 2,
                                                        isPublic: true, configuration: configuration, variables: [
                                                            TemplateVariable(name: "game", type: .string, description: "Game", required: true),
                                                        ], rating: Decimal(string: "4.75"), status: .active, createdAt: clock.now, updatedAt: clock.now))
        let stored = try #require(try db.templates.get(templateID: template.templateID))
        #expect(stored == template)
        #expect(stored.configuration.channels.first?.permissions.first?.deny == [.sendMessages])
        #expect(stored.rating == Decimal(string: "4.75"))
        #expect(try db.templates.byCreatedBy(createdBy: 2).count() == 1)
        // A rating with more fraction digits than decimal(3, 2) allows is rejected, and nothing changes.
        var precise = template
        precise.rating = Decimal(string: "4.755")
        #expect(throws: ValidationError.self) { try db.templates.update(precise) }
        #expect(try db.templates.get(templateID: template.templateID)?.rating == Decimal(string: "4.75"))
        // A template's creator cannot be deleted while it references them (restrict).
        #expect(throws: StoreError.foreignKeyRestrict(table: "users", childTable: "templates", foreignKey: "fk_templates_created_by")) {
            try db.users.delete(userID: 2)
        }
        #expect(try db.users.count() == 2)
    }

    @Test(arguments: Backend.allCases) func commandHistoryAndAppendOnlyAuditLogs(_ backend: Backend) throws {
        try withDatabase(backend) { db in try commandHistoryAndAppendOnlyAuditLogs(db) }
    }

    func commandHistoryAndAppendOnlyAuditLogs(_ db: some SetaiBotBackendDatabase) throws {
        try seedServer(db)
        let execution = try db.write { tx in
            let execution = try tx.commandHistory.insert(CommandHistory(serverID: 100, userID: 1, commandType: .channelManagement,
                                                                        commandText: "create a welcome channel", parameters: ["name": "welcome"],
                                                                        results: [ExecutionResult(action: "create", targetType: .channel, targetID: "555",
                                                                                                  success: true, details: [:], executionTime: 0.2)],
                                                                        status: .completed, executionTime: Decimal(string: "0.250"),
                                                                        executedAt: clock.now))
            try tx.auditLogs.insert(AuditLog(executionID: execution.executionID, serverID: 100, userID: 1, actionType: .channelCreated,
                                             actionDetails: ActionDetails(targetType: "channel", targetID: "555", actionParameters: ["name": "welcome"],
                                                                          impactScope: .channel, affectedEntities: ["555"]),
                                             afterState: ["name": "welcome"], loggedAt: clock.now))
            return execution
        }
        let history = try #require(try db.commandHistory.byServerID(serverID: 100).first())
        #expect(history == execution && history.results.first?.targetID == "555" && history.executionTime == Decimal(string: "0.25"))
        let logs = try db.auditLogs.byExecutionID(executionID: execution.executionID).all()
        #expect(logs.count == 1 && logs[0].actionDetails.impactScope == .channel && logs[0].afterState == ["name": "welcome"])
        // audit_logs is append only (its repository has no update or delete); deleting the command
        // it references is restricted.
        #expect(throws: StoreError.foreignKeyRestrict(table: "command_history", childTable: "audit_logs",
                                                      foreignKey: "fk_audit_logs_execution_id")) {
            try db.commandHistory.delete(executionID: execution.executionID)
        }
        // A write block is all or nothing: an audit entry for a server that does not exist takes the
        // command recorded before it along.
        #expect(throws: StoreError.missingParent(table: "audit_logs", foreignKey: "fk_audit_logs_server_id", parentTable: "servers",
                                                 key: [.int(999)])) {
            try db.write { tx in
                let command = try tx.commandHistory.insert(CommandHistory(serverID: 100, userID: 1, commandType: .bulkOperations,
                                                                          commandText: "undo", parameters: [:], results: [], status: .failed,
                                                                          executedAt: clock.now))
                try tx.auditLogs.insert(AuditLog(executionID: command.executionID, serverID: 999, userID: 1, actionType: .errorOccurred,
                                                 actionDetails: ActionDetails(targetType: "server", actionParameters: [:], impactScope: .server,
                                                                              affectedEntities: []), loggedAt: clock.now))
            }
        }
        #expect(try db.commandHistory.count() == 1 && db.auditLogs.count() == 1)
    }

    /// channelValidation: a channel name is 1-100 characters of [a-z0-9-_]; ChannelConfig.type's
    /// stage and forum are stored channel types; the user's preferences are stored on the row.
    @Test(arguments: Backend.allCases) func channelRulesTypesAndStoredModelFields(_ backend: Backend) throws {
        try withDatabase(backend) { db in try channelRulesTypesAndStoredModelFields(db) }
    }

    func channelRulesTypesAndStoredModelFields(_ db: some SetaiBotBackendDatabase) throws {
        try seedServer(db)
        for (id, type) in [(1, ChannelsType.stage), (2, .forum)] as [(Int64, ChannelsType)] {
            try db.channels.insert(Channel(channelID: id, serverID: 100, name: "town-hall_\(id)", type: type))
        }
        #expect(try db.channels.get(channelID: 2)?.type == .forum)
        let long = String(repeating: "a", count: 101)
        let pattern = "must match the pattern [a-z0-9_-]+"
        for (name, messages) in [("", ["must be at least 1 characters long, is 0", pattern]), ("General", [pattern]), ("has space", [pattern]),
                                 (long, ["must be at most 100 characters long, is 101"])] {
            let error = try #require(throws: ValidationError.self) { try db.channels.insert(Channel(channelID: 9, name: name)) }
            #expect(error.paths.allSatisfy { $0 == "name" } && error.failures.map(\.message) == messages, "\(name): \(error.failures)")
        }
        #expect(try db.channels.count() == 2)
        try db.channels.insert(Channel(channelID: 9, name: String(repeating: "a", count: 100)))
        #expect(try db.channels.count() == 3)

        let preferences = UserPreferences(preferredLanguage: "en", timezone: "Europe/Kyiv",
                                          notifications: NotificationSettings(commandCompletion: true, errors: true, systemUpdates: false),
                                          aiSettings: AISettings(useAIInterpretation: true, aiConfidenceThreshold: 0.7))
        _ = try db.users.update(userID: 1) { $0.preferences = preferences }
        #expect(try db.users.get(userID: 1)?.preferences == preferences)
        // Deleting a server cascades to its channels (on delete cascade); the unattached channel stays.
        try db.servers.delete(serverID: 100)
        #expect(try db.channels.all().all().map(\.channelID) == [9])
    }

    /// The seed's documented access paths (the ER diagram's relationships, as in
    /// Tests/Fixtures/seed_queries/setai_bot.json) and its migration bookkeeping.
    @Test(arguments: Backend.allCases) func documentedAccessPaths(_ backend: Backend) throws {
        try withDatabase(backend) { db in try documentedAccessPaths(db) }
    }

    func documentedAccessPaths(_ db: some SetaiBotBackendDatabase) throws {
        try seedServer(db)
        try db.servers.insert(Server(serverID: 200, name: "Second", ownerID: 1, botPermissions: [.administrator], status: .active,
                                     joinedAt: clock.now, updatedAt: clock.now))
        try db.servers.insert(Server(serverID: 300, name: "Third", ownerID: 2, botPermissions: [], status: .removed,
                                     joinedAt: clock.now, updatedAt: clock.now))
        for (user, server, role, active) in [(1, 100, ServerRole.owner, true), (2, 100, .admin, true), (2, 200, .member, false),
                                             (1, 200, .owner, true), (2, 300, .owner, true)] as [(Int64, Int64, ServerRole, Bool)] {
            try db.userServers.insert(UserServer(userID: user, serverID: server, userPermissions: [], role: role, isActive: active,
                                                 joinedAt: clock.now, updatedAt: clock.now))
        }
        for (id, server, name, type) in [(10, 100, "general", ChannelsType.text), (11, 100, "voice-1", .voice), (12, 200, "rules", .text)]
            as [(Int64, Int64, String, ChannelsType)] {
            try db.channels.insert(Channel(channelID: id, serverID: server, name: name, type: type))
        }
        for (id, server, name, position) in [(20, 100, "Admin", 2), (21, 100, "Member", 1), (22, 200, "Bot", 3)] as [(Int64, Int64, String, Int32)] {
            try db.roles.insert(Role(roleID: id, serverID: server, name: name, permissions: [.administrator], position: position))
        }
        for (server, user, type, status, text) in [(100, 1, CommandType.roleManagement, CommandStatus.completed, "make a mod role"),
                                                   (100, 1, .channelManagement, .failed, "add a voice channel"),
                                                   (100, 2, .roleManagement, .completed, "colour the mod role"),
                                                   (200, 1, .serverConfiguration, .failed, "set the prefix")]
            as [(Int64, Int64, CommandType, CommandStatus, String)] {
            clock.advance(days: 1)
            try db.commandHistory.insert(CommandHistory(serverID: server, userID: user, commandType: type, commandText: text, parameters: [:],
                                                        results: [], status: status, executedAt: clock.now))
        }

        // A user's servers (Users belongs to Servers), a server's active members (Servers contains Users).
        #expect(try db.userServers.filter { $0.userID == 1 }.all().map(\.serverID).sorted() == [100, 200])
        #expect(try db.userServers.byServerID(serverID: 100).filter { $0.isActive == true }.all().map(\.userID).sorted() == [1, 2])
        // Servers a user owns; a server's channels and roles.
        #expect(try db.servers.byOwnerID(ownerID: 1).all().map(\.name) == ["Guild", "Second"])
        #expect(try db.channels.byServerID(serverID: 100).all().map(\.name) == ["general", "voice-1"])
        #expect(try db.roles.byServerID(serverID: 100).all().compactMap(\.position).sorted(by: >) == [2, 1])
        // A server's command types, counted; a user's failed commands, oldest first.
        let types = try db.commandHistory.filter { $0.serverID == 100 }.group { $0.commandType }.count()
        #expect(Dictionary(uniqueKeysWithValues: types.map { ($0.key, $0.value) }) == [.roleManagement: 2, .channelManagement: 1])
        #expect(try db.commandHistory.byUserID(userID: 1).filter { $0.status == .failed }.all()
            .sorted { $0.executedAt < $1.executedAt }.map(\.commandText) == ["add a voice channel", "set the prefix"])
        // Recording an applied migration stamps applied_at (DEFAULT CURRENT_TIMESTAMP) with the clock.
        let migration = try db.schemaMigrations.insert(SchemaMigration(version: "2024_08_15_001_create_base_tables",
                                                                       description: "Create initial database schema", checksum: "c0ffee"))
        #expect(migration.appliedAt == clock.now)
        #expect(try db.schemaMigrations.all().all().map(\.version) == ["2024_08_15_001_create_base_tables"])
    }

    /// On PostgreSQL the server itself keeps audit_logs append only (the generated trigger), for SQL
    /// that does not go through the repositories.
    @Test func theServerRefusesChangingAnAuditLog() throws {
        let database = try PostgresDatabase(ddlFile: Self.ddlFile)
        let db = try SetaiBotPostgresDatabase.connect(url: database.url, clock: clock.function)
        defer { db.close() }
        try seedServer(db)
        let log = try db.auditLogs.insert(AuditLog(serverID: 100, userID: 1, actionType: .configurationChanged,
                                                   actionDetails: ActionDetails(targetType: "setting", actionParameters: ["prefix": "?"],
                                                                                impactScope: .server, affectedEntities: []),
                                                   loggedAt: clock.now))
        for (sql, operation) in [("UPDATE audit_logs SET ip_address = '10.0.0.1'", "UPDATE"), ("DELETE FROM audit_logs", "DELETE"),
                                 ("TRUNCATE audit_logs", "TRUNCATE")] {
            let error = #expect(throws: SQLExecutionError.self) { try database.server.run(sql, database: database.name) }
            #expect(error?.message.split(separator: "\n").first.map(String.init)
                    == "psql:<stdin>:1: ERROR:  audit_logs is append-only: \(operation) is not allowed")
        }
        #expect(try db.auditLogs.all().all() == [log])
    }
}
