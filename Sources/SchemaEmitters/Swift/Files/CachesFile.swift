import SchemaLanguage

/// `<Prefix>+Caches.swift`: the caches facade and one typed key space per cache (TTL entries in the store).
struct CachesFile {
    let names: SwiftNames
    var schema: Schema { names.schema }

    func declarations() -> [SwiftDeclaration] {
        let facade = SwiftTypeDeclaration(
            doc: ["The cache key spaces of the `\(schema.name)` schema (TTL entries in the store)."], keyword: "public struct",
            name: names.types.cachesType, conformances: ["Sendable"],
            members: [.property(SwiftProperty(keyword: "let", name: "store", type: "Store"))] + schema.caches.map { cache in
                let type = SwiftSchemaNames.cacheType(cache.name)
                return .property(SwiftProperty(doc: cache.doc.isEmpty ? ["The `\(cache.name)` cache."] : cache.doc, keyword: "public var",
                                               name: SwiftNaming.escaped(SwiftSchemaNames.cacheAccessor(cache.name)), type: type,
                                               getter: [.code("\(type)(store: store)")]))
            })
        return [.type(facade)] + schema.caches.map(self.cache)
    }

    /// The key of an entry as a Swift string literal with interpolations of the parameters.
    private func keyLiteral(_ cache: CacheSpace, _ parameters: [SwiftField]) -> String {
        func text(_ part: Substring) -> String { String(SwiftCode.literal(String(part)).dropFirst().dropLast()) }
        var key = ""
        var rest = Substring(cache.keyTemplate)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            key += text(rest[..<open])
            let name = String(rest[rest.index(after: open)..<close])
            if let field = parameters.first(where: { $0.field.name == name }) {
                key += field.baseType == "UUID" ? "\\(\(field.property).uuidString.lowercased())" : "\\(\(field.property))"
            }
            rest = rest[rest.index(after: close)...]
        }
        return "\"" + key + text(rest) + "\""
    }

    private func cache(_ cache: CacheSpace) -> SwiftDeclaration {
        let type = SwiftSchemaNames.cacheType(cache.name)
        let value = SwiftNames.swiftType(cache.valueType)
        let parameters = cache.parameters.enumerated().map { position, field in
            let name = SwiftSchemaNames.cacheParameter(field.name)
            return SwiftField(field: field, property: SwiftNaming.escaped(name), bareProperty: name, position: position,
                              baseType: SwiftNames.swiftType(field.type))
        }
        let signature = parameters.map { "\($0.property): \($0.baseType)" }
        let key = SwiftExpression.call("Self.key", parameters.map { SwiftArgument($0.bareProperty, .code($0.property)) })
        let validates: Bool = switch cache.valueType {
        case .nested, .array(.nested): true
        default: false
        }
        var set: [SwiftStatement] = validates ? [.code("_ = try value.validated(as: \(SwiftCode.literal(cache.name)))")] : []
        set.append(.expression(.call("try space().set", [SwiftArgument(nil, .code("value")), SwiftArgument("for", key), SwiftArgument("ttl", .code("ttl"))])))
        let members: [SwiftDeclaration] = [
            .property(SwiftProperty(keyword: "let", name: "store", type: "Store")),
            .property(SwiftProperty(doc: ["The schema's entry lifetime (\(cache.ttl.text))."], keyword: "public static let", name: "ttl",
                                    type: "TimeInterval", value: .code("\(cache.ttl.seconds)"))),
            .function(SwiftFunction(doc: ["The key of an entry: `\(cache.keyTemplate)`."], modifiers: "public static", name: "key",
                                    parameters: signature, returnType: "String", body: [.code(keyLiteral(cache, parameters))])),
            .function(SwiftFunction(modifiers: "private", name: "space", effects: "throws", returnType: "TypedCache<\(value)>", body: [
                .expression(.call("try TypedCache", [SwiftArgument("store", .code("store")), SwiftArgument("name", .string(cache.name)),
                                                     SwiftArgument("ttl", .code("Self.ttl"))])),
            ])),
            .function(SwiftFunction(doc: ["The cached value, unless missing or expired."], name: "get", parameters: signature, effects: "throws",
                                    returnType: "\(value)?", body: [.expression(.call("try space().get", [key]))])),
            .function(SwiftFunction(
                doc: ["Caches `value` for the schema's TTL (or `ttl` seconds)\(validates ? "; an invalid value throws a `ValidationError`" : "")."],
                name: "set", parameters: ["_ value: \(value)"] + signature + ["ttl: TimeInterval? = nil"], effects: "throws", body: set)),
            .function(SwiftFunction(doc: ["Removes the entry; returns whether it was present."], attributes: ["@discardableResult"],
                                    name: "remove", parameters: signature, effects: "throws", returnType: "Bool",
                                    body: [.expression(.call("try space().remove", [key]))])),
        ]
        return .type(SwiftTypeDeclaration(
            doc: (cache.doc.isEmpty ? ["The `\(cache.name)` cache."] : cache.doc) + ["", "Key `\(cache.keyTemplate)`, entries live \(cache.ttl.text)."],
            keyword: "public struct", name: type, conformances: ["Sendable"], members: members))
    }
}
