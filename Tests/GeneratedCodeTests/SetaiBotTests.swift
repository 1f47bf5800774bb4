import Foundation
import SchemaGenRuntime
import SetaiBotData
import Testing

/// Seed 002 (setai_bot): templates, command history, audit logs and the cache keys.
@Suite struct SetaiBotTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func open() throws -> SetaiBotDatabase {
        try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
    }

    func seedServer(_ db: SetaiBotDatabase) throws {
        try db.users.insert(User(userID: 1, username: "owner", discriminator: "0001", status: .active, createdAt: clock.now, updatedAt: clock.now))
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

    @Test func templatesRoundTripNestedDocuments() throws {
        let db = try open()
        try seedServer(db)
        let template = try db.templates.insert(Template(name: "Gaming", description: "A gaming server", category: .gaming, createdBy: 1,
                                                        isPublic: true, configuration: configuration, variables: [
                                                            TemplateVariable(name: "game", type: .string, description: "Game", required: true),
                                                        ], rating: Decimal(string: "4.75"), status: .active, createdAt: clock.now, updatedAt: clock.now))
        let stored = try #require(try db.templates.get(templateID: template.templateID))
        #expect(stored == template)
        #expect(stored.configuration.channels.first?.permissions.first?.deny == [.sendMessages])
        #expect(stored.rating == Decimal(string: "4.75"))
        #expect(try db.templates.byCreatedBy(createdBy: 1).count() == 1)
        // A rating with more fraction digits than decimal(3, 2) allows is rejected.
        var precise = template
        precise.rating = Decimal(string: "4.755")
        #expect(throws: ValidationError.self) { try db.templates.update(precise) }
        // A template's creator cannot be deleted while it references them (restrict).
        #expect(throws: StoreError.self) { try db.users.delete(userID: 1) }
    }

    @Test func commandHistoryAndAppendOnlyAuditLogs() throws {
        let db = try open()
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
        #expect(try db.commandHistory.byServerID(serverID: 100).first()?.results.first?.targetID == "555")
        let logs = try db.auditLogs.byExecutionID(executionID: execution.executionID).all()
        #expect(logs.count == 1 && logs[0].actionDetails.impactScope == .channel)
        // audit_logs is append only: its repository has insert and getOrCreate, no update/upsert/delete
        // (see SwiftEmitterTests); deleting the command it references is restricted.
        #expect(throws: StoreError.self) { try db.commandHistory.delete(executionID: execution.executionID) }
    }

    /// channelValidation: a channel name is 1-100 characters of [a-z0-9-_]; ChannelConfig.type's
    /// stage and forum are stored channel types; the user's preferences are stored on the row.
    @Test func channelRulesTypesAndStoredModelFields() throws {
        let db = try open()
        try seedServer(db)
        for (id, type) in [(1, ChannelsType.stage), (2, .forum)] as [(Int64, ChannelsType)] {
            try db.channels.insert(Channel(channelID: id, serverID: 100, name: "town-hall_\(id)", type: type))
        }
        #expect(try db.channels.get(channelID: 2)?.type == .forum)
        let long = String(repeating: "a", count: 101)
        for name in ["", "General", "has space", long] {
            let error = try #require(throws: ValidationError.self) { try db.channels.insert(Channel(channelID: 9, name: name)) }
            #expect(!error.failures.isEmpty, "\(name) was accepted")
        }
        try db.channels.insert(Channel(channelID: 9, name: String(repeating: "a", count: 100)))
        #expect(try db.channels.count() == 3)

        let preferences = UserPreferences(preferredLanguage: "en", timezone: "Europe/Kyiv",
                                          notifications: NotificationSettings(commandCompletion: true, errors: true, systemUpdates: false),
                                          aiSettings: AISettings(useAIInterpretation: true, aiConfidenceThreshold: 0.7))
        _ = try db.users.update(userID: 1) { $0.preferences = preferences }
        #expect(try db.users.get(userID: 1)?.preferences == preferences)
    }

    @Test func cacheKeysAndTTL() throws {
        let db = try open()
        #expect(ServerInfoCache.key(serverID: 100) == "server:100:info")
        #expect(UserServerPermissionsCache.key(userID: 1, serverID: 2) == "user:1:permissions:2")
        #expect(RatelimitGlobalCache.key() == "ratelimit:global")
        let id = UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!
        #expect(CommandExecutionCache.key(executionID: id) == "command:execution:e621e1f8-c36c-495a-93fc-0c247a3e6e5f")

        let settings = ServerSettings(responseLanguage: "en", featureFlags: FeatureFlags(naturalLanguageProcessing: true, templateManagement: true,
                                                                                         auditLogging: true, advancedPermissions: false, autoCleanup: false),
                                      rateLimits: RateLimits(commandsPerUserPerMinute: 10, aiRequestsPerHour: 100),
                                      moderation: ModerationSettings(requireAdminApproval: false, restrictedCommands: []))
        try db.caches.configServer.set(settings, serverID: 100)
        #expect(try db.caches.configServer.get(serverID: 100)?.commandPrefix == "!setai")
        try db.caches.ratelimitUser.set(["count": 3], userID: 1)
        clock.advance(days: 59.0 / 86_400)
        #expect(try db.caches.ratelimitUser.get(userID: 1)?["count"] == 3)
        clock.advance(days: 2.0 / 86_400) // ratelimit entries live 1m
        #expect(try db.caches.ratelimitUser.get(userID: 1) == nil)
        #expect(try db.caches.configServer.get(serverID: 100) != nil) // 1h

        // Cached values are validated: a confidence score outside 0...1 is named by path.
        let interpretation = AIInterpretation(originalText: "make a channel", confidenceScore: 1.5, intent: "create", entities: [],
                                              structuredCommand: StructuredCommand(action: "create", targets: [], modifiers: [], conditions: []),
                                              alternatives: [], processingTime: 12, modelUsed: "m", cached: false)
        let command = CommandExecution(executionID: id, serverID: 100, userID: 1, commandType: .channelManagement, commandText: "make a channel",
                                       parameters: [:], aiInterpretation: interpretation, results: [], status: .pending, executedAt: clock.now)
        let error = try #require(throws: ValidationError.self) { try db.caches.commandExecution.set(command, executionID: id) }
        #expect(error.paths == ["ai_interpretation.confidence_score"])
        #expect(try db.caches.commandExecution.get(executionID: id) == nil)
    }
}
