/// Page tokens of a query: ``PageCursor``s as compact opaque strings (``PageTokenCodec``),
/// bound to the query they page through.
extension Query {
    /// What a token is bound to: the table, the index (or multikey side table), the order, and
    /// the prefix and scope values. Range bounds are left out on purpose, so "since a month ago"
    /// re-evaluated with a later clock still resumes; they only narrow the rows, not the key.
    /// A filter binds its shape (fields and operators, not values): a token of another filter
    /// shape is refused.
    var tokenIdentity: [StoreValue] {
        pageTokenIdentity(table: Record.tableName, index: index, via: via, order: order, prefix: prefix, scope: scope,
                          filterShape: filter?.shape)
    }

    /// The cursor-key length of this query: the multikey element, then index columns and primary key.
    private var cursorKeyCount: Int { (via == nil ? 0 : prefix.count) + keyPositions.count }

    func tokenMaker(_ snapshot: any TableReader) -> (@Sendable (PageCursor) throws -> String)? {
        tokenMaker(sealer: snapshot.pageTokenSealer)
    }

    /// ``tokenMaker(_:)`` for the reader whose ``TableReader/pageTokenSealer`` is `sealer`.
    func tokenMaker(sealer: (@Sendable () throws -> PageTokenCodec)?) -> (@Sendable (PageCursor) throws -> String)? {
        guard let sealer else { return nil }
        // The identity is put together when a token is asked for: most pages never are, and
        // building it was a twentieth of a typed top-10 query.
        let (table, index, via, order, prefix, scope) = (Record.tableName, index, via, order, prefix, scope)
        let filterShape = filter?.shape
        return { cursor in
            let identity = pageTokenIdentity(table: table, index: index, via: via, order: order, prefix: prefix, scope: scope,
                                             filterShape: filterShape)
            return try cursor.token(try sealer(), query: identity)
        }
    }

    /// Page tokens are sealed with a secret: the store's own, or one a PostgreSQL database was
    /// connected with; without one, page by ``PageCursor``.
    static var tokensNeedTheStore: UnsupportedOperation {
        UnsupportedOperation(operation: "page tokens",
                             reason: "tokens are sealed with a secret this database was not given (connect with pageTokenSecret:); page with PageCursor (fetch(limit:after:))")
    }

    /// Up to `limit` records after the position `token` stands for (the first page when nil);
    /// the page's ``Page/nextToken`` continues it.
    ///
    /// - Throws: ``PageTokenError/rejected`` for a token that is forged, altered, made by another
    ///   store or for another query (another index, order, prefix or owner);
    ///   ``PageTokenError/malformed(reason:)`` for text that is no token, or whose key no longer
    ///   fits the query (stale: the index changed); `UnsupportedOperation` on a backend without a
    ///   page-token secret (a PostgreSQL database connected without `pageTokenSecret:`).
    public func fetch(limit: Int = 50, afterToken token: String?) throws -> Page<Record> {
        try access.withSnapshot { snapshot in
            guard let token else { return try fetch(limit: limit, after: nil, in: snapshot) }
            guard let sealer = snapshot.pageTokenSealer else { throw Self.tokensNeedTheStore }
            let (query, cursor) = try resumed(token: token, codec: try sealer(), in: snapshot)
            guard cursor.key.count == query.cursorKeyCount else {
                throw PageTokenError.malformed(reason: "a key of \(cursor.key.count) values where the query pages by \(query.cursorKeyCount)")
            }
            // Through this query, not the resolved one: a planned query's next page then keeps
            // the cursor's index too when it is continued by cursor rather than by token.
            return try fetch(limit: limit, after: cursor, in: snapshot)
        }
    }

    /// The resolved query a token continues, and its cursor. A planned query resumes with the
    /// index the token's page was read with (the one whose identity authenticates it), not a
    /// fresh choice: the data may now favour another index, whose keys the token's are not.
    /// The cursor names that index (``PageCursor/plannedIndex``).
    private func resumed(token: String, codec: PageTokenCodec, in snapshot: any TableReader) throws -> (Query, PageCursor) {
        guard isPlanned else {
            let query = try resolved(in: snapshot)
            return (query, try PageCursor(token: token, codec: codec, query: query.tokenIdentity))
        }
        for query in try resolutions(in: snapshot) {
            do {
                var cursor = try PageCursor(token: token, codec: codec, query: query.tokenIdentity)
                cursor.plannedIndex = query.plannedIndexName
                return (query, cursor)
            } catch PageTokenError.rejected {
                continue
            }
        }
        throw PageTokenError.rejected
    }
}

/// ``Query/tokenIdentity`` from the query's parts (not generic, so a page's token maker can
/// hold the parts and work it out later).
private func pageTokenIdentity(table: String, index: String?, via: String?, order: QueryOrder, prefix: [StoreValue], scope: Scope?,
                               filterShape: String?) -> [StoreValue] {
    [.string(table), .string(index ?? via.map { "multikey:" + $0 } ?? ""),
     .string(order == .indexOrder ? "index-order" : "reverse"), .int(Int64(prefix.count))]
        + prefix + (scope.map { [.int(Int64($0.positions.count))] + $0.positions.map { .int(Int64($0)) } + $0.values } ?? [])
        + (filterShape.map { [.string("filter:" + $0)] } ?? [])
}
