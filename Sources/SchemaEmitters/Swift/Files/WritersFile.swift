import SchemaLanguage

/// `<Prefix>+Writers.swift`: the write-capability protocols the schema's access rules name, and
/// one writer type per module (`db.moderation.pardon`) holding the capabilities granted to it.
struct WritersFile {
    let names: SwiftNames
    var tablesProtocol: String { names.types.tablesProtocol }

    /// Every module named in access rules, with the intermediate path components.
    private var modulePaths: [[String]] {
        var paths = Set<[String]>()
        for entity in names.schema.entities {
            for module in entity.access.modules {
                let parts = module.split(separator: ".").map(String.init)
                for length in 1...parts.count { paths.insert(Array(parts.prefix(length))) }
            }
        }
        return paths.sorted { $0.joined(separator: ".") < $1.joined(separator: ".") }
    }

    private func writerType(_ path: [String]) -> String { SwiftSchemaNames.writerType(path) }

    private func accessor(_ component: String) -> String { SwiftNaming.escaped(names.types.writerAccessor(component)) }

    func declarations() -> [SwiftDeclaration] {
        var declarations: [SwiftDeclaration] = []
        var grants: [[String]: [String]] = [:]
        for entity in names.entities {
            for operation in WriteOperation.allCases {
                guard case .modules(let protocolName, let modules) = entity.capability(operation) else { continue }
                let holders = modules.map { "`\($0)`" }.joined(separator: ", ")
                declarations.append(.type(SwiftTypeDeclaration(
                    doc: ["The capability to \(operation.rawValue) `\(entity.entity.name)` records, held by \(holders)."],
                    keyword: "public protocol", name: protocolName, conformances: ["WriteAccess"])))
                for module in modules { grants[module.split(separator: ".").map(String.init), default: []].append(protocolName) }
            }
        }
        let paths = modulePaths
        for path in paths {
            let type = writerType(path)
            let module = path.joined(separator: ".")
            let granted = grants[path] ?? []
            var doc = ["Writes as module `\(module)`\(granted.isEmpty ? " (a namespace of modules; it holds no capability of its own)" : "")."]
            if !granted.isEmpty { doc += ["", "Holds: \(granted.map { "`\($0)`" }.joined(separator: ", "))."] }
            declarations.append(.type(SwiftTypeDeclaration(
                doc: doc, keyword: "public struct", name: "\(type)<Base: RootAccess>", conformances: ["WriteAccess", tablesProtocol], members: [
                    .property(SwiftProperty(keyword: "let", name: "base", type: "Base")),
                    .property(SwiftProperty(doc: ["The writer itself: repositories reached through it write as `\(module)`."],
                                            keyword: "public var", name: "access", type: "Self", getter: [.code("self")])),
                    .property(SwiftProperty(doc: ["The base access's time."], keyword: "public var", name: "now", type: "Date",
                                            getter: [.code("base.now")])),
                    .function(SwiftFunction(doc: ["Reads through the base access."], name: "withSnapshot<T>",
                                            parameters: ["_ body: (any TableReader) throws -> T"], effects: "throws", returnType: "T",
                                            body: [.code("try base.withSnapshot(body)")])),
                    .function(SwiftFunction(doc: ["Writes through the base access."], name: "withTransaction<T>",
                                            parameters: ["_ body: (any TableWriter) throws -> T"], effects: "throws", returnType: "T",
                                            body: [.code("try base.withTransaction(body)")])),
                ])))
            declarations += granted.map { .type(SwiftTypeDeclaration(keyword: "extension", name: type, conformances: [$0])) }
            let children = paths.filter { $0.count == path.count + 1 && Array($0.prefix(path.count)) == path }
            if !children.isEmpty {
                declarations.append(.type(SwiftTypeDeclaration(keyword: "extension", name: type, members: children.map { child in
                    .property(SwiftProperty(doc: ["Writes as module `\(child.joined(separator: "."))`."], keyword: "public var",
                                            name: accessor(child.last!), type: "\(writerType(child))<Base>",
                                            getter: [.expression(.call(writerType(child), [SwiftArgument("base", .code("base"))]))]))
                })))
            }
        }
        let roots = paths.filter { $0.count == 1 }
        if !roots.isEmpty {
            declarations.append(.type(SwiftTypeDeclaration(keyword: "extension", name: tablesProtocol, whereClause: "Access: RootAccess",
                                                           members: roots.map { root in
                .property(SwiftProperty(doc: ["Writes as module `\(root[0])`: `db.\(names.types.writerAccessor(root[0])).<entity>.insert(…)`."],
                                        keyword: "public var", name: accessor(root[0]), type: "\(writerType(root))<Access>",
                                        getter: [.expression(.call(writerType(root), [SwiftArgument("base", .code("access"))]))]))
            })))
        }
        return declarations
    }
}
