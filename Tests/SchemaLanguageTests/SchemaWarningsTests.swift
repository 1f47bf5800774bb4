import Foundation
import Testing
@testable import SchemaLanguage

/// The design warnings `schemagen check` prints on the project's own schemas (the five seeds),
/// each kept on purpose with its reason. A warning that appears or disappears fails here, so a
/// schema edit either answers a warning in the schema or adds it below with why it stays.
@Suite struct SchemaWarningsTests {
    /// Warning message (without location) → why the schema keeps it.
    static let acknowledged: [String: String] = [
        "index (guild_id) of 'guild_members' is a prefix of index (guild_id, xp), which serves the same queries":
            "seed 001 (discord) creates idx_guild_members_guild itself: its DDL and migrations name it",
        "index (user_id) of 'guild_members' is a prefix of index (user_id, guild_id), which serves the same queries":
            "seed 001 (discord) creates idx_guild_members_user itself",
        "index (user_id) of 'rate_limits' is a prefix of index (user_id, window_start), which serves the same queries":
            "seed 003 (gryag) lists both: index on user_id, index on (user_id, window_start)",
        "index (user_id) of 'tasks' is a prefix of index (user_id, status), which serves the same queries":
            "seed 004 (mozaiks): every plugin collection gets create_index(\"user_id\")",
        "query 'active_warnings' of 'warnings': idx_warnings_user_guild narrows its rows, but they are read and then filtered, sorted or grouped (where user_id, guild_id, active order by created_at desc)":
            "seed 001 (discord) index; adding (…, created_at desc) would make it a prefix of the new one",
        "query 'history' of 'transactions': idx_transactions_user narrows its rows, but they are read and then filtered, sorted or grouped (where user_id, guild_id order by created_at desc limit 20)":
            "seed 001 (discord) index; the seed does not index created_at for this query",
        "query 'latest' of 'summaries': idx_summaries_chat_id_summary_type narrows its rows, but they are read and then filtered, sorted or grouped (where chat_id, summary_type order by created_at desc limit 1)":
            "seed 003 (gryag) index; a chat has a handful of summaries of each type",
        "query 'history' of 'image_generations': idx_image_generations_user_id narrows its rows, but they are read and then filtered, sorted or grouped (where user_id order by created_at desc limit 10)":
            "seed 000 (syncara) indexes image_generations.user_id and .created_at separately",
    ]

    static let schemas = ["discord_bot", "gryag_bot", "mozaiks_core", "setai_bot", "syncara_bot"]

    @Test func everyWarningOnTheSeedSchemasIsAcknowledged() throws {
        var warnings: [String] = []
        for name in Self.schemas {
            let result = compile(try Seeds.text("\(name).schema"), path: "schema/\(name).schema")
            #expect(result.schema != nil, "schema/\(name).schema does not compile")
            warnings += result.diagnostics.filter { $0.severity == .warning }.map(\.message)
        }
        let unexpected = warnings.filter { Self.acknowledged[$0] == nil }
        #expect(unexpected.isEmpty, "answer these in schema/ or acknowledge them here:\n\(unexpected.joined(separator: "\n"))")
        let gone = Set(Self.acknowledged.keys).subtracting(warnings)
        #expect(gone.isEmpty, "no longer warned, remove from the list:\n\(gone.sorted().joined(separator: "\n"))")
        #expect(warnings.count == Set(warnings).count)
    }
}
