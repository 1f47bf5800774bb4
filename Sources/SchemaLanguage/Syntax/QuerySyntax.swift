/// A documented query of an entity, as written:
/// `query leaderboard "Server leaderboard" where guild_id order by xp desc limit 10`.
///
/// It states an access path the application relies on, so the checker can verify an index
/// serves it and the data dictionary can show it beside that index. It changes no stored data.
public struct QuerySyntax: Sendable {
    /// Its name, unique in the entity.
    public var name: NameSyntax
    /// What it is for, in words.
    public var title: StringSyntax?
    /// `where a, b`: the fields the query fixes by equality.
    public var equalities: [NameSyntax]
    /// `range f`: the field it bounds (`created_at > ?`).
    public var rangeField: NameSyntax?
    /// `order by f [desc]`.
    public var order: IndexColumnSyntax?
    /// `group by f`.
    public var group: NameSyntax?
    /// `limit n`.
    public var limit: IntegerSyntax?
}

extension Parser {
    /// The clause words of a query declaration, after its name and title.
    static let queryClauses: Set<String> = ["where", "range", "order", "group", "limit"]

    /// Whether the member starting here is a query declaration rather than a field named `query`:
    /// `query name` followed by a title or a clause word (a field's type is never followed by those).
    func startsQueryDeclaration() -> Bool {
        guard current.isKeyword("query"), peek().kind == .identifier else { return false }
        let third = peek(2)
        return third.kind == .string || (third.kind == .identifier && Self.queryClauses.contains(third.text))
    }

    /// query := 'query' name string? ('where' name (',' name)* | 'range' name | 'order' 'by' name ('asc'|'desc')?
    ///          | 'group' 'by' name | 'limit' integer)*
    mutating func parseQuery() -> QuerySyntax? {
        advance() // query
        guard let name = expectName("the query's name") else { return nil }
        var query = QuerySyntax(name: name, title: nil, equalities: [], rangeField: nil, order: nil, group: nil, limit: nil)
        if current.kind == .string { query.title = parseString() }
        var clauses: Set<String> = []
        while current.kind == .identifier {
            noteRepeatedClause(&clauses)
            if consumeKeyword("where") != nil {
                repeat {
                    if let field = expectName("a field the query fixes by equality") { query.equalities.append(field) }
                } while consume(.comma) != nil
            } else if consumeKeyword("range") != nil {
                query.rangeField = expectName("the field the query bounds")
            } else if consumeKeyword("order") != nil {
                guard expectKeyword("by", hint: "write order by created_at desc"),
                      let field = expectName("the field the query orders by") else { continue }
                var column = IndexColumnSyntax(name: field, descending: false, explicitAscending: false)
                if consumeKeyword("desc") != nil { column.descending = true }
                else if consumeKeyword("asc") != nil { column.explicitAscending = true }
                query.order = column
            } else if consumeKeyword("group") != nil {
                guard expectKeyword("by", hint: "write group by user_id") else { continue }
                query.group = expectName("the field the query groups by")
            } else if consumeKeyword("limit") != nil {
                if current.kind == .integer {
                    query.limit = parseInteger()
                } else {
                    expected("the query's row limit as a number", hint: "write limit 10")
                }
            } else {
                expected("'where', 'range', 'order by', 'group by' or 'limit'")
                skipStatement()
            }
        }
        return query
    }
}

extension SyntaxText {
    /// The canonical form: `query name "title" where a, b range f order by f desc group by g limit n`,
    /// clauses in that order whatever order they were written in.
    static func query(_ query: QuerySyntax) -> String {
        var parts = ["query", query.name.text]
        if let title = query.title { parts.append(title.source) }
        let direction = query.order.flatMap { $0.descending ? "desc" : $0.explicitAscending ? "asc" : nil }
        let clauses = QueryClauses.text(equalities: query.equalities.map(\.text), range: query.rangeField?.text,
                                        order: query.order?.name.text, direction: direction, group: query.group?.text,
                                        limit: query.limit?.value)
        if !clauses.isEmpty { parts.append(clauses) }
        return parts.joined(separator: " ")
    }
}
