// Caches: key spaces with a key template, parameters, a value type and a ttl.
extension Checker {
    mutating func resolveCache(_ syntax: CacheSyntax) {
        var key: StringSyntax?, ttl: TimeSpan?, value: FieldType?
        var parameters: [Field] = []
        var ok = true
        for item in syntax.items {
            switch item.kind {
            case .key(let string):
                if key != nil { bag.error("the cache's key is given twice", hint: "keep one", at: item.range); ok = false }
                key = string
            case .ttl(let span):
                if ttl != nil { bag.error("the cache's ttl is given twice", hint: "keep one", at: item.range); ok = false }
                ttl = span.span
                if (span.span?.seconds ?? 1) <= 0 { bag.error("a cache ttl must be positive", hint: "write ttl 1h", at: span.range) }
            case .value(let type):
                if value != nil { bag.error("the cache's value is given twice", hint: "keep one", at: item.range); ok = false }
                if let (type, _) = resolveType(type, owner: syntax.name.text, field: "value") { value = type } else { ok = false }
            case .parameter(let fieldSyntax):
                guard let (field, _) = resolveField(fieldSyntax, trivia: item.trivia, owner: syntax.name.text) else { ok = false; continue }
                if field.type.isDocument || field.isOptional {
                    bag.error("key parameter '\(field.name)' must be a required scalar", hint: "use int64, string or uuid",
                              at: fieldSyntax.name.range)
                    ok = false
                }
                if parameters.contains(where: { $0.name == field.name }) {
                    bag.error("parameter '\(field.name)' is declared twice", hint: "keep one", at: fieldSyntax.name.range)
                    ok = false
                }
                parameters.append(field)
            }
        }
        let range = syntax.name.range
        guard let key else { bag.error("cache '\(syntax.name.text)' has no key", hint: "add key \"prefix:{param}\"", at: range); return }
        guard let ttl else { bag.error("cache '\(syntax.name.text)' has no ttl", hint: "add ttl 1h", at: range); return }
        guard let value else {
            if ok { bag.error("cache '\(syntax.name.text)' has no value type", hint: "add value json", at: range) }
            return
        }
        let placeholders = Self.placeholders(in: key.value)
        for placeholder in placeholders where !parameters.contains(where: { $0.name == placeholder }) {
            bag.error("the key uses '{\(placeholder)}', which is not a declared parameter",
                      hint: "declare it: \(placeholder) string", at: key.range)
            ok = false
        }
        for parameter in parameters where !placeholders.contains(parameter.name) {
            bag.error("parameter '\(parameter.name)' is not used in the key", hint: "add {\(parameter.name)} to the key",
                      at: parameter.range)
            ok = false
        }
        guard ok else { return }
        schema.caches.append(CacheSpace(name: syntax.name.text, keyTemplate: key.value, ttl: ttl, valueType: value,
                                        parameters: parameters, doc: syntax.trivia.doc, range: range))
    }
}
