import Foundation
import SchemaGenRuntime

/// The benchmark's `members` row as a typed record, written by hand the way schemagen
/// generates one, so the typed leaderboard reads through the repositories' query path.
struct BenchMember: StoredRecord {
    static let tableName = "members"
    static let entityName = "members"
    static let primaryKeyPositions = [0]
    let id: Int64, guild: Int64, xp: Int64

    init(row: Row) throws {
        id = try Int64(storeValue: row[0])
        guild = try Int64(storeValue: row[1])
        xp = try Int64(storeValue: row[2])
    }

    var row: Row { [id.storeValue, guild.storeValue, xp.storeValue] }

    func collectFailures(at path: String, into failures: inout [ValidationFailure]) {}
}
