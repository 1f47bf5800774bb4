import SchemaLanguage

/// The cache key spaces: key template, parameters, TTL, value type, description.
struct CachesTable {
    /// Cross-links.
    let links: DocsLinks

    /// One row per cache; each row's first cell carries the cache's anchor.
    func lines(for caches: [CacheSpace]) -> [String] {
        let rows = caches.map { cache -> [String] in
            let parameters = cache.parameters.map { "\(Markdown.code($0.name)) \(links.type($0.type))" }
            return [
                Markdown.anchor(DocsLinks.cacheAnchor(cache.name)) + Markdown.code(cache.name),
                Markdown.code(cache.keyTemplate),
                parameters.joined(separator: ", "),
                "\(SchemaSpelling.words(cache.ttl)) (\(Markdown.code(cache.ttl.text)))",
                links.type(cache.valueType),
                Markdown.text(cache.doc.joined(separator: " ")),
            ]
        }
        return Markdown.table(["Cache", "Key template", "Parameters", "TTL", "Value", "Description"], rows)
    }
}
