import SchemaLanguage

/// Unavailable twins of a repository's capability-guarded writes, in an unconstrained extension:
/// where the access lacks the capability, the compiler picks the twin and prints its message,
/// which names the writer modules that may write (`db.moderation.warnings.insert(…)`), instead
/// of "'StoreAccess' does not conform to 'WarningInserting'". Where the access has it, the
/// constrained original is more specialised and wins.
struct CapabilityGuidance {
    let names: SwiftNames
    let entity: SwiftEntity

    /// The twins of the public functions in `writes` (``RepositoryWrites``' declarations) whose
    /// extension requires a module capability; none for writes anyone may make.
    func declarations(mirroring writes: [SwiftDeclaration]) -> [SwiftDeclaration] {
        var members: [SwiftDeclaration] = []
        for case .type(let writes) in writes {
            guard let clause = writes.whereClause, let operations = operations(requiredBy: clause) else { continue }
            for case .function(let function) in writes.members where function.modifiers == "public" {
                let message = SwiftCode.literal(guidance(operations, method: function.name))
                members.append(.function(SwiftFunction(
                    doc: ["Unavailable here: the access lacks the capability; the message names the modules that have it."],
                    attributes: ["@available(*, unavailable, message: \(message))"], name: function.name,
                    parameters: function.parameters, effects: function.effects, returnType: function.returnType,
                    body: [.code("fatalError(\"unavailable\")")])))
            }
        }
        guard !members.isEmpty else { return [] }
        return [.type(SwiftTypeDeclaration(keyword: "extension", name: entity.repositoryName, members: members))]
    }

    /// The operations a `where Access: …` clause of ``RepositoryWrites`` stands for, or nil
    /// when it names no module capability.
    private func operations(requiredBy clause: String) -> [WriteOperation]? {
        func name(_ operation: WriteOperation) -> String? {
            if case .modules(let name, _) = entity.capability(operation) { return name }
            return nil
        }
        let required = clause.hasPrefix("Access: ") ? String(clause.dropFirst("Access: ".count)) : clause
        let names = required.components(separatedBy: " & ")
        let operations = names.compactMap { part in WriteOperation.allCases.first { name($0) == part } }
        return operations.count == names.count && !operations.isEmpty ? operations : nil
    }

    /// `insert into 'warnings' through its writer module: db.moderation.warnings.insert(…)`.
    private func guidance(_ operations: [WriteOperation], method: String) -> String {
        let table = entity.entity.name
        let phrase = switch operations {
        case [.insert]: "insert into '\(table)'"
        case [.update]: "update '\(table)'"
        case [.delete]: "delete from '\(table)'"
        default: "upsert into '\(table)' (insert and update)"
        }
        var modules = entity.entity.access.modules(allowedTo: operations[0]) ?? []
        for operation in operations.dropFirst() {
            let allowed = Set(entity.entity.access.modules(allowedTo: operation) ?? [])
            modules = modules.filter { allowed.contains($0) }
        }
        guard !modules.isEmpty else {
            return "no writer module may both insert and update '\(table)': insert(…) or update(…) through the modules that may"
        }
        let accessor = entity.isScoped ? "\(entity.accessor)(…)" : entity.accessor
        let paths = modules.map { module in
            let path = module.split(separator: ".").map { names.types.writerAccessor(String($0)) }.joined(separator: ".")
            return "db.\(path).\(accessor).\(method)(…)"
        }
        let through = modules.count == 1 ? "through its writer module" : "through a writer module that may"
        return "\(phrase) \(through): " + paths.joined(separator: " or ")
    }
}
