import Foundation
import SchemaGenRuntime
import SetaiBotData
import Testing

/// Seed 002's documented access paths and migration bookkeeping on the generated Swift API over the
/// store, against the rows of Tests/Fixtures/seed_queries/setai_bot.json (the same rows their SQL
/// returns on MariaDB in SeedQueryServerTests).
@Suite struct SetaiBotQueryParityTests {
    let directory = TemporaryDirectory()

    @Test func documentedQueriesReturnTheFixtureRows() throws {
        let fixture = try SeedQueryFixture.load("setai_bot")
        let clock = TestClock(fixture.now)
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try load(fixture, into: db)
        typealias C = SeedQueryCells

        try fixture.expectStoreMatches([
            "servers of a user": {
                try db.userServers.filter { $0.userID == 1 }.all().map { membership in
                    let server = try #require(try db.servers.get(serverID: membership.serverID))
                    return [server.name, C.cell(membership.role)]
                }
            },
            "members of a server": {
                try db.userServers.byServerID(serverID: 100).filter { $0.isActive == true }.all()
                    .sorted { $0.userID < $1.userID }.map { [C.cell($0.userID), C.cell($0.role)] }
            },
            "servers a user owns": {
                try db.servers.byOwnerID(ownerID: 1).all().map { [C.cell($0.serverID), $0.name, C.cell($0.status)] }
            },
            "channels of a server": {
                try db.channels.byServerID(serverID: 100).all().map { [C.cell($0.channelID), $0.name, C.cell($0.type), C.cell($0.categoryID)] }
            },
            "roles of a server": {
                try db.roles.byServerID(serverID: 100).all().sorted { ($0.position ?? .min) > ($1.position ?? .min) }
                    .map { [C.cell($0.name), C.cell($0.color), C.cell($0.position)] }
            },
            "command types of a server": {
                try db.commandHistory.filter { $0.serverID == 100 }.group { $0.commandType }.count()
                    .map { [C.cell($0.key), C.cell($0.value)] }
            },
            "failed commands of a user": {
                try db.commandHistory.byUserID(userID: 1).filter { $0.status == .failed }.all()
                    .sorted { $0.executedAt < $1.executedAt }.map { [$0.commandText, C.cell($0.errorMessage)] }
            },
            "record an applied migration": {
                _ = try db.schemaMigrations.insert(SchemaMigration(version: "2024_08_20_002_add_channels", description: "Add channels", checksum: "beef"))
                return try db.schemaMigrations.all().all()
                    .map { [$0.version, C.cell($0.description), C.cell($0.checksum), C.cell($0.appliedAt != nil)] }
            },
        ])
    }

    private func load(_ fixture: SeedQueryFixture, into db: SetaiBotDatabase) throws {
        for user in try fixture.records("users", as: User.self) { _ = try db.users.insert(user) }
        for server in try fixture.records("servers", as: Server.self) { _ = try db.servers.insert(server) }
        for membership in try fixture.records("user_servers", as: UserServer.self) { _ = try db.userServers.insert(membership) }
        for channel in try fixture.records("channels", as: Channel.self) { _ = try db.channels.insert(channel) }
        for role in try fixture.records("roles", as: Role.self) { _ = try db.roles.insert(role) }
        for command in try fixture.records("command_history", as: CommandHistory.self) { _ = try db.commandHistory.insert(command) }
        for migration in try fixture.records("schema_migrations", as: SchemaMigration.self) { _ = try db.schemaMigrations.insert(migration) }
    }
}
