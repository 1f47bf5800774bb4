/// Words reserved in SQL (SQLite, PostgreSQL or MySQL): names that must always be quoted.
enum SQLReservedWords {
    static let all: Set<String> = [
        "add", "all", "alter", "and", "as", "asc", "between", "by", "case", "check", "column", "constraint",
        "create", "cross", "current_date", "current_time", "current_timestamp", "current_user", "default",
        "delete", "desc", "distinct", "drop", "else", "exists", "foreign", "from", "full", "grant", "group",
        "having", "in", "index", "inner", "insert", "interval", "into", "is", "join", "key", "left", "like",
        "limit", "natural", "not", "null", "offset", "on", "or", "order", "outer", "primary", "references",
        "right", "rows", "select", "set", "table", "then", "to", "union", "unique", "update", "user", "using",
        "values", "when", "where", "with",
    ]
}
