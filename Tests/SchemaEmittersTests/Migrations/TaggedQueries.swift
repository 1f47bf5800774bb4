import SchemaEmitters

/// Several `SELECT`s run as one script in one client process, each row tagged with its query's
/// name. PostgreSQL's client does not separate the result sets of a script, so there the queries
/// become one `UNION ALL` whose rows are the columns joined with the harness's field separator.
enum TaggedQueries {
    /// Tag → rows, in the order each query returned them.
    static func run(_ db: SQLTestDatabase, _ queries: [(tag: String, sql: String)]) throws -> [String: [[String]]] {
        var result = Dictionary(uniqueKeysWithValues: queries.map { ($0.tag, [[String]]()) })
        guard !queries.isEmpty else { return result }
        let script: String
        if db.dialect == .postgres {
            script = queries.enumerated().map { position, query in
                "SELECT \(position) AS part, row_number() OVER () AS n, '\(query.tag)' || chr(31) || array_to_string("
                    + "ARRAY(SELECT coalesce(value, 'NULL') FROM json_each_text(row_to_json(q))), chr(31)) AS line "
                    + "FROM (\(query.sql)) AS q"
            }.joined(separator: "\nUNION ALL\n") + "\nORDER BY part, n;"
            // The client splits each line at the separator, so a row arrives as its fields.
            for fields in try db.query("SELECT line FROM (\n\(script.dropLast())\n) AS tagged;") {
                result[fields[0], default: []].append(Array(fields.dropFirst()))
            }
            return result
        }
        script = queries.map { query in
            precondition(query.sql.hasPrefix("SELECT "))
            return "SELECT '\(query.tag)', " + query.sql.dropFirst("SELECT ".count) + ";"
        }.joined(separator: "\n")
        for row in try db.query(script) {
            result[row[0], default: []].append(Array(row.dropFirst()))
        }
        return result
    }
}
