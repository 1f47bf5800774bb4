import DiscordBotData
import Foundation
import GryagBotData
import MozaiksCoreData
import SchemaGenRuntime
import SetaiBotData
import SyncaraBotData
import Testing

/// The seeds' documented queries written with typed filters and aggregates (issue 15).
@Suite struct SeedQueriesTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// Seed 001: leaderboards, richest users, warnings per user, moderation history and stats,
    /// daily coin generation and gambling losses.
    @Test func discordBotQueries() throws {
        let db = try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.write { tx in
            for guild in [1, 2] as [Int64] { try tx.setup.guildConfig.insert(GuildConfig(guildID: guild)) }
            for (id, xp, coins) in [(10, 500, 30), (11, 900, 10), (12, 100, 70), (13, 900, nil)] as [(Int64, Int32, Int32?)] {
                try tx.registration.users.insert(User(userID: id, username: "u\(id)", globalXP: xp))
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: id, guildID: 1, xp: xp, coins: coins))
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: id, guildID: 2, xp: 1, coins: 1_000))
            }
        }
        // Server leaderboard: guild 1, xp desc (ties by primary key), top 10 — and only members above 200 xp.
        let leaderboard = try db.guildMembers.byGuildIDXP(guildID: 1).filter { $0.xp > 200 }.fetch(limit: 10).items
        #expect(leaderboard.map(\.userID) == [11, 13, 10])
        // Richest users in a guild, with the planner choosing (guild_id, coins desc) for the equality.
        let richest = try db.guildMembers.byGuildIDCoins(guildID: 1).filter { $0.coins.isNotNull }.fetch(limit: 2).items
        #expect(richest.map(\.userID) == [12, 10])
        #expect(try db.guildMembers.filter { $0.guildID == 1 }.sum { $0.coins } == 110)
        #expect(try db.guildMembers.filter { $0.guildID == 1 }.average { $0.coins } == 110.0 / 3)

        // Active warnings per user in a guild, most first.
        for (user, guild, active) in [(1, 7, true), (1, 7, true), (2, 7, true), (1, 7, false), (3, 8, true)] as [(Int64, Int64, Bool)] {
            try db.moderation.warnings.insert(Warning(userID: user, guildID: guild, moderatorID: 99, reason: "spam", active: active))
            clock.advance(days: 0.01)
        }
        let perUser = try db.warnings.filter { $0.guildID == 7 && $0.active == true }.group { $0.userID }.count(order: .valueDescending)
        #expect(perUser == [QueryGroup(key: 1, value: 2), QueryGroup(key: 2, value: 1)])
        // Active warnings count per guild.
        let perGuild = try db.warnings.filter { $0.active == true }.group { $0.guildID }.count()
        #expect(perGuild == [QueryGroup(key: 7, value: 3), QueryGroup(key: 8, value: 1)])

        // Moderation history by target, newest first, limit 20; moderators and action types this month.
        let start = clock.now
        for (target, moderator, action) in [(1, 90, ModActionsActionType.warn), (1, 91, .mute), (2, 91, .kick), (1, 91, .warn)] as [(Int64, Int64, ModActionsActionType)] {
            try db.moderation.modActions.insert(ModAction(guildID: 7, moderatorID: moderator, targetID: target, actionType: action))
            clock.advance(days: 0.01)
        }
        let history = try db.modActions.filter(order: .reverse) { $0.guildID == 7 && $0.targetID == 1 }.fetch(limit: 20).items
        #expect(history.map(\.actionType) == [.warn, .mute, .warn])
        let month = db.modActions.filter { $0.guildID == 7 && $0.createdAt > start - 30 * 86_400 }
        #expect(try month.group { $0.moderatorID }.count(order: .valueDescending) == [QueryGroup(key: 91, value: 3), QueryGroup(key: 90, value: 1)])
        #expect(try month.group { $0.actionType }.count() == [QueryGroup(key: .kick, value: 1), QueryGroup(key: .mute, value: 1), QueryGroup(key: .warn, value: 2)])

        // Daily coin generation of a guild over the last 30 days, and gambling losses of the week.
        let day = 86_400.0
        let midnight = Date(timeIntervalSince1970: (clock.now.timeIntervalSince1970 / day).rounded(.down) * day)
        clock.set(midnight + 3_600)
        for (amount, type) in [(100, TransactionsTransactionType.daily), (-20, .gamble), (50, .work)] as [(Int32, TransactionsTransactionType)] {
            try db.economy.transactions.insert(Transaction(userID: 1, guildID: 7, amount: amount, transactionType: type))
        }
        clock.set(midnight + day + 60)
        try db.economy.transactions.insert(Transaction(userID: 2, guildID: 7, amount: 25, transactionType: .daily))
        try db.economy.transactions.insert(Transaction(userID: 2, guildID: 8, amount: 999, transactionType: .daily))
        try db.economy.transactions.insert(Transaction(userID: 2, guildID: 7, amount: -5, transactionType: .gamble))
        let daily = try db.transactions.filter { $0.guildID == 7 && $0.amount > 0 && $0.createdAt > clock.now - 30 * day }
            .group(byDayOf: { $0.createdAt }).sum { $0.amount }
        #expect(daily == [QueryGroup(key: midnight, value: 150), QueryGroup(key: midnight + day, value: 25)])
        let losses = try db.transactions.filter { $0.transactionType == .gamble && $0.amount < 0 && $0.createdAt > clock.now - 7 * day }.sum { $0.amount }
        #expect(losses == -25)
    }

    /// Seed 003: per-user stats in a chat (messages per user, first and last message, per hour).
    @Test func gryagBotQueries() throws {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        for chat in [5, 6] as [Int64] { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        for user in 0...2 as ClosedRange<Int64> { try db.repositories.user.users.insert(User(id: user, fullName: "u\(user)")) }
        let start = clock.now
        for n in 0..<12 {
            let user: Int64? = n % 4 == 3 ? nil : Int64(n % 3)
            try db.repositories.message.messages.insert(Message(telegramMessageID: Int64(n), chatID: n < 10 ? 5 : 6, userID: user, content: "m\(n)"))
            clock.advance(days: 0.01)
        }
        let chat = db.messages.filter { $0.chatID == 5 }
        #expect(try chat.explain().index == "idx_messages_chat_id_created_at")
        let perUser = try chat.group { $0.userID }.count(order: .valueDescending, limit: 2)
        #expect(perUser == [QueryGroup(key: 0, value: 3), QueryGroup(key: 2, value: 3)])
        #expect(try chat.group { $0.userID }.count().first == QueryGroup(key: nil, value: 2))
        let user = db.messages.filter { $0.chatID == 5 && $0.userID == 1 }
        #expect(try user.count() == 2 && user.min { $0.createdAt } == start + 0.01 * 86_400)
        // Messages of one author in a time window.
        #expect(try db.messages.filter { $0.chatID == 5 && $0.userID == 2 && $0.createdAt >= start && $0.createdAt < start + 0.06 * 86_400 }.count() == 2)
    }

    /// Seed 004: a user's task statistics (`$match` user, `$group` by status), through the owner scope.
    @Test func mozaiksTaskStats() throws {
        let db = try MozaiksCoreDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let alice = db.appRuntime.taskManager.tasks(ownedBy: "user_123")
        for n in 0..<7 {
            try alice.insert(TaskManagerTask(userID: "user_123", title: "t\(n)", status: n % 3 == 0 ? .done : .todo, tags: [], createdAt: clock.now + Double(n)))
        }
        try db.appRuntime.taskManager.tasks(ownedBy: "user_456").insert(TaskManagerTask(userID: "user_456", title: "x", status: .done, tags: [], createdAt: clock.now))
        let stats = try db.tasks(ownedBy: "user_123").filter { $0.title.hasPrefix("t") }.group { $0.status }.count()
        #expect(stats == [QueryGroup(key: .done, value: 3), QueryGroup(key: .todo, value: 4)])
        // The scope bounds every query and aggregate: another owner's rows are never counted.
        #expect(try db.tasks(ownedBy: "user_456").filter { $0.status == .done }.count() == 1)
        #expect(try db.tasks(ownedBy: "user_123").filter { $0.status == .done }.count() == 3)
    }

    /// Seed 002: top commands of a server (command history grouped by type, most used first) and
    /// a user's failures.
    @Test func setaiTopCommands() throws {
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.users.insert(SetaiBotData.User(userID: 1, username: "owner", discriminator: "0001", status: .active, createdAt: clock.now, updatedAt: clock.now))
        try db.servers.insert(Server(serverID: 100, name: "Guild", ownerID: 1, botPermissions: [.manageChannels],
                                     status: .active, joinedAt: clock.now, updatedAt: clock.now))
        let types: [CommandType] = [.roleManagement, .channelManagement, .roleManagement, .serverConfiguration, .roleManagement, .channelManagement]
        for (n, type) in types.enumerated() {
            try db.commandHistory.insert(CommandHistory(serverID: 100, userID: 1, commandType: type, commandText: "c\(n)", parameters: [:],
                                                        results: [], status: n == 1 ? .failed : .completed, executedAt: clock.now + Double(n)))
        }
        let top = try db.commandHistory.filter { $0.serverID == 100 }.group { $0.commandType }.count(order: .valueDescending, limit: 2)
        #expect(top == [QueryGroup(key: .roleManagement, value: 3), QueryGroup(key: .channelManagement, value: 2)])
        let failures = try db.commandHistory.filter { $0.userID == 1 && $0.status == .failed }.all()
        #expect(failures.map(\.commandText) == ["c1"])
    }

    /// Seed 000: a user's image history (newest 10) and success rate, workflow executions by user
    /// and status, system logs per level and module, and the logs older than 30 days a cleanup removes.
    @Test func syncaraBotQueries() throws {
        let db = try SyncaraBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let start = clock.now
        for n in 0..<14 {
            try db.database.imageGenerations.insert(ImageGeneration(userID: n % 4 == 0 ? 2 : 1, chatID: 5, prompt: "p\(n)",
                                                           createdAt: start + Double(n), success: n % 3 == 0 ? nil : n % 2 == 0))
        }
        let history = db.imageGenerations.filter(order: .reverse) { $0.userID == 1 }
        let newest = try history.all().sorted { $0.createdAt > $1.createdAt }.prefix(10)
        #expect(newest.count == 10 && newest.first?.prompt == "p13")
        #expect(try history.count() == 10)
        #expect(try history.filter { $0.success == true }.count() == 2)
        #expect(try history.group { $0.success }.count() == [QueryGroup(key: nil, value: 3), QueryGroup(key: false, value: 5), QueryGroup(key: true, value: 2)])

        for (n, status) in [WorkflowExecutionsStatus.running, .completed, .failed, .running, .completed].enumerated() {
            try db.database.workflowExecutions.insert(WorkflowExecution(executionID: "e\(n)", workflowID: "w", status: status, startedAt: start + Double(n),
                                                               userID: n == 4 ? 8 : 7, chatID: 5, progress: Double(n * 20)))
        }
        let running = db.workflowExecutions.filter { $0.userID == 7 && $0.status.isIn([.running, .created]) }
        #expect(try running.explain().index == "idx_workflow_executions_user_id_status")
        #expect(try running.all().map(\.executionID).sorted() == ["e0", "e3"])
        #expect(try db.workflowExecutions.filter { $0.userID == 7 }.group { $0.status }.average { $0.progress }
            == [QueryGroup(key: .completed, value: 20), QueryGroup(key: .failed, value: 40), QueryGroup(key: .running, value: 30)])

        for (n, level) in [SystemLogsLevel.info, .error, .error, .warning, .error].enumerated() {
            try db.database.systemLogs.insert(SystemLog(timestamp: start - Double(40 - n * 10) * 86_400, level: level, module: n % 2 == 0 ? "ai" : "db", message: "m\(n)"))
        }
        let f = SystemLog.queryFields
        let perLevelAndModule = try db.systemLogs.all().group(by: f.level, f.module).count()
        // Keys in stored order: enum values by their text, then the module.
        #expect(perLevelAndModule.map { "\($0.key.0.rawValue) \($0.key.1) \($0.value)" } == ["error ai 2", "error db 1", "info ai 1", "warning db 1"])
        #expect(try db.systemLogs.filter { $0.timestamp < start - 30 * 86_400 }.count() == 1)
        #expect(try db.systemLogs.filter { $0.level == .error && $0.timestamp >= start - 30 * 86_400 }.count() == 3)
    }
}
