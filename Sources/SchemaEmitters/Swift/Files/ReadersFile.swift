import SchemaLanguage

/// `<Prefix>+Readers.swift`: one reader type per read-only module (named only in `access { read: … }`
/// lists), reaching exactly the repositories of the entities that list it. A reader is
/// `ReadAccess` but not `WriteAccess` and holds no write capability, so every write through it
/// fails to type-check; reads compile.
struct ReadersFile {
    let names: SwiftNames

    func declarations() -> [SwiftDeclaration] {
        let modules = AccessRules.readOnlyModules(of: names.schema.entities)
        guard !modules.isEmpty else { return [] }
        var declarations: [SwiftDeclaration] = []
        for module in modules {
            let type = SwiftSchemaNames.readerType(module)
            let readable = names.entities.filter { $0.entity.access.read.contains(module) }
            let listed = readable.map { "`\($0.entity.name)`" }.joined(separator: ", ")
            declarations.append(.type(SwiftTypeDeclaration(
                doc: ["Reads as module `\(module)`: the repositories of \(listed), which list it in `read:`.",
                      "It has no write capability, so writes through it do not compile."],
                keyword: "public struct", name: "\(type)<Base: ReadAccess>", conformances: ["ReadAccess"],
                members: [
                    .property(SwiftProperty(keyword: "let", name: "base", type: "Base")),
                    .property(SwiftProperty(doc: ["The reader itself: repositories reached through it read as `\(module)`."],
                                            keyword: "public var", name: "access", type: "Self", getter: [.code("self")])),
                    .function(SwiftFunction(doc: ["Reads through the base access."], name: "withSnapshot<T>",
                                            parameters: ["_ body: (any TableReader) throws -> T"], effects: "throws", returnType: "T",
                                            body: [.code("try base.withSnapshot(body)")])),
                ] + readable.map { DatabaseFile.accessor($0, accessType: "Self") })))
        }
        declarations.append(.type(SwiftTypeDeclaration(keyword: "extension", name: names.types.tablesProtocol, members: modules.map { module in
            let accessor = names.types.readerAccessor(module)
            return .property(SwiftProperty(doc: ["Reads as module `\(module)`: `db.\(accessor).<entity>.get(…)`; writes do not compile."],
                                           keyword: "public var", name: SwiftNaming.escaped(accessor),
                                           type: "\(SwiftSchemaNames.readerType(module))<Access>",
                                           getter: [.expression(.call(SwiftSchemaNames.readerType(module), [SwiftArgument("base", .code("access"))]))]))
        })))
        return declarations
    }
}
