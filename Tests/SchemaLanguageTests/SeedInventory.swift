/// Expected contents of each seed schema, counted from the seed documents in shared/seeds.
///
/// Counting rules:
/// - `entities`: every table / collection by its logical name (archive tables declared with `like`
///   included; a namespaced collection by its own name, e.g. `tasks` in `namespace task_manager`),
///   mapped to its number of top-level fields. Mongo `_id` counts as a field. A `like` entity counts
///   the fields it copies (it adds none of its own in these schemas).
/// - `indexCount`: `index (...)` and `unique (...)` members plus fields with the `unique` attribute;
///   primary keys (single or composite) are not counted.
/// - `retentionRuleCount`: rules inside `retain { }` blocks (array caps `keep newest N` on fields are
///   attributes, not retention rules, and are not counted).
/// - `nestedTypeNames`: named `type` declarations only (named `enum`s are not listed).
struct SeedInventory: Sendable {
    let file: String                 // "discord_bot.schema"
    let entities: [String: Int]      // entity (logical name, including archive tables you declared) → number of top-level fields
    let indexCount: Int              // all indexes + unique constraints (compound or single, declared as members or `unique` attributes), excluding primary keys
    let retentionRuleCount: Int
    let cacheCount: Int
    let nestedTypeNames: [String]
}

extension SeedInventory {
    static let all: [SeedInventory] = [
        // Seed 000 (SyncaraBot, MongoDB): "Collection Structure" sections 1-6, "Database Indexes",
        // "Data Retention Policy".
        SeedInventory(
            file: "syncara_bot.schema",
            entities: [
                // 1. Core Collections
                "users": 15,
                "groups": 9,                 // + group_type, the field the index list names
                // 2. Feature Collections
                "canvas_files": 9,
                "image_generations": 13,
                "user_warnings": 6,
                "ban_records": 10,
                "mute_records": 11,
                "user_permissions": 10,
                "workflow_definitions": 11,
                "workflow_executions": 14,   // + created_at, the field the index list names
                "todos": 10,                 // todos_{chat_id}, partitioned by chat_id
                // 3. System Collections
                "system_logs": 6,
                "error_logs": 7,
                "performance_metrics": 6,
                // 4. AI & Learning Collections
                "ai_learning": 5,
                "assistant_memory": 6,
                "conversation_history": 8,
                // 5. Cache & Session Collections
                "pyrogram_cache": 6,
                "pyrogram_sessions": 6,
                // 6. Autonomous AI Collections
                "autonomous_tasks": 9,
                "user_patterns": 7,
                "scheduled_actions": 8,
            ],
            // "Database Indexes": 16 entries, plus workflow_definitions.workflow_id unique ("Unique
            // workflow ID" in the collection's field comments), plus (user_id, chat_id) on
            // user_warnings, ban_records and mute_records for _get_user_stats(user_id, chat_id).
            indexCount: 20,
            // "Data Retention Policy" → system_logs 30d, error_logs 30d, workflow_executions 30d
            // (completed/failed), pyrogram_cache at expires_at; assistant_memory at expires_at;
            // canvas history entries 30d (canvas_files.history).
            retentionRuleCount: 6,
            cacheCount: 0,
            nestedTypeNames: [
                "Preferences", "ConversationEntry", "LearningData", "LearningPatterns",
                "LearningQualityEntry", "GroupSettings", "CanvasHistoryEntry", "ImageParams",
                "WorkflowStep", "StepState", "StepResult",
            ]
        ),

        // Seed 001 (Discord bot, SQLite/PostgreSQL): "Complete Schema" (CREATE TABLE / CREATE INDEX),
        // "Table Documentation", "Data Lifecycle", "Maintenance", "Migration Strategy".
        SeedInventory(
            file: "discord_bot.schema",
            entities: [
                "users": 6,
                "guild_members": 7,
                "guild_config": 9,
                "warnings": 8,
                "mod_actions": 8,
                "temp_punishments": 6,
                "transactions": 7,
                "transactions_archive": 7,   // "Daily Tasks" (INSERT INTO transactions_archive)
                "guild_members_archive": 7,  // "Archives users inactive > 6 months" (guild_members L247)
                "transaction_daily_stats": 5, // "Keep aggregated stats forever" (transactions L489)
                "custom_commands": 7,
                "reminders": 7,
                "command_stats": 5,
                "schema_version": 2,         // "Migration Strategy": single-row key + version
            ],
            // 8 CREATE INDEX statements (idx_*) + 3 UNIQUE(...) clauses (guild_members,
            // temp_punishments, custom_commands) + 4 orders the seed's example queries read
            // (top global users, inactive users, server leaderboard, richest users) + 4 serving the
            // example queries count per user, moderation history, daily coin generation, gambling losses.
            // + guild_members_archive (user_id), for the GDPR handler's erasure by user.
            indexCount: 20,
            // users forever; warnings deactivate 90d + delete 365d (GDPR); mod_actions append only;
            // temp_punishments delete at expires_at; transactions archive 90d; transactions_archive
            // delete 365d rolled up into transaction_daily_stats ("Data Lifecycle": aggregate & delete
            // > 1 year), which is kept forever; guild_members archive 180d by users.last_seen
            // ("Archives users inactive > 6 months").
            retentionRuleCount: 9,
            cacheCount: 0,
            nestedTypeNames: []
        ),

        // Seed 002 (SetAi Bot, MySQL + Redis): "Core Entity Relationships" ER diagram,
        // "Schema Versioning", "Cache Keys and TTL", TypeScript "Data Models".
        SeedInventory(
            file: "setai_bot.schema",
            entities: [
                // + the TypeScript-model fields the ER diagram has no column for: users.preferences,
                // user_servers.server_specific_settings, server_configurations.moderation,
                // templates.version/metadata/usage_stats, command_history.ai_interpretation,
                // audit_logs.metadata.
                "users": 8,
                "servers": 8,
                "user_servers": 8,
                "server_configurations": 9,
                "templates": 16,
                "command_history": 13,
                "template_usage": 8,
                "audit_logs": 12,
                "channels": 9,
                "roles": 9,
                "schema_migrations": 4,      // "Schema Versioning" CREATE TABLE schema_migrations
            ],
            // The ER diagram declares no indexes; one index per foreign-key field not already the
            // leading field of a primary key: servers 1, user_servers 1, templates 1,
            // command_history 2, template_usage 3, audit_logs 3, channels 1, roles 1.
            indexCount: 13,
            // audit_logs append only.
            retentionRuleCount: 1,
            // "Cache Keys and TTL": 4 server, 3 user, 2 AI, 3 rate limiting, 2 session, 3 config.
            cacheCount: 17,
            nestedTypeNames: [
                "UserProfile", "UserPreferences", "NotificationSettings", "AISettings",
                // The seed's `UserServer` and `ServerConfiguration` interfaces are declared as
                // `CachedUserServer` / `CachedServerConfiguration`: tables `user_servers` and
                // `server_configurations` already become Swift types `UserServer` and
                // `ServerConfiguration`, and the checker rejects the collision.
                "CachedUserServer", "ServerSpecificSettings", "CachedServerConfiguration", "ServerSettings",
                "FeatureFlags", "RateLimits", "ModerationSettings", "CommandExecution",
                "ExecutionResult", "AIInterpretation", "ExtractedEntity", "TextPosition",
                "StructuredCommand", "ConfigurationTemplate", "TemplateConfiguration",
                "TemplateVariable", "VariableValidation", "TemplateMetadata", "ChannelConfig",
                "ChannelSettings", "PermissionOverride", "RoleConfig", "AuditMetadata", "ActionDetails",
            ]
        ),

        // Seed 003 (gryag, PostgreSQL): "Tables" (Chat, User, Message, Summary, UserMemory,
        // UserRestriction, AccessList, RateLimit) and "Query Optimization / Indexes".
        SeedInventory(
            file: "gryag_bot.schema",
            entities: [
                "chats": 7,
                "users": 7,
                "messages": 9,
                "summaries": 8,
                "user_memories": 4,
                "user_restrictions": 8,
                "access_list": 7,
                "rate_limits": 4,
            ],
            // messages 2 (+1 on user_id supporting the foreign key), summaries 1, user_memories 1,
            // user_restrictions 1, access_list 1 unique, rate_limits 2.
            indexCount: 9,
            // user_memories keep newest 50 per user (max_facts=50); user_restrictions deactivate
            // when expires_at has passed.
            retentionRuleCount: 2,
            cacheCount: 0,
            nestedTypeNames: []
        ),

        // Seed 004 (MozaiksCore, MongoDB): "Core Collections" (users, settings, notifications) and
        // "Plugin Collections" (task_manager_tasks).
        SeedInventory(
            file: "mozaiks_core.schema",
            entities: [
                "users": 10,
                "settings": 4,
                "notifications": 8,
                "tasks": 10,                 // namespace task_manager → task_manager_tasks
            ],
            // users: email unique, username unique, roles; settings: user_id unique;
            // notifications: 3 (incl. TTL); task_manager_tasks: 4 (with the (user_id, created_at desc)
            // index of ensure_indexes and list_with_pagination).
            indexCount: 11,
            // notifications TTL 30 days.
            retentionRuleCount: 1,
            cacheCount: 0,
            nestedTypeNames: ["Subscription", "Profile", "NotificationPreferences"]
        ),
    ]
}
