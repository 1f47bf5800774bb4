/// The clauses of a documented query in their one canonical order and spelling:
/// `where guild_id, user_id range created_at order by xp desc group by kind limit 10`. The
/// formatter writes a `query` line with them, and the checker's messages and the data dictionary
/// quote a query with them, so a query reads the same everywhere.
public enum QueryClauses {
    /// The clauses given, in canonical order; `direction` is `desc`, `asc` (kept when written) or nil.
    public static func text(equalities: [String], range: String?, order: String?, direction: String?,
                            group: String?, limit: Int64?) -> String {
        var parts: [String] = []
        if !equalities.isEmpty { parts.append("where " + equalities.joined(separator: ", ")) }
        if let range { parts.append("range " + range) }
        if let order { parts.append("order by " + order + (direction.map { " " + $0 } ?? "")) }
        if let group { parts.append("group by " + group) }
        if let limit { parts.append("limit \(limit)") }
        return parts.joined(separator: " ")
    }
}
