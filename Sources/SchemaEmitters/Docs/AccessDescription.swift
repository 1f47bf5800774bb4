import SchemaLanguage

/// Who may write an entity and how its rows are scoped, as a list.
enum AccessDescription {
    /// Writers per operation, readers, owner scoping and append-only.
    static func lines(for entity: Entity) -> [String] {
        var lines: [String] = []
        let access = entity.access
        if access.restrictsWriters {
            for operation in WriteOperation.allCases {
                let modules = access.modules(allowedTo: operation) ?? []
                let writers = modules.isEmpty ? "nobody" : modules.map(Markdown.code).joined(separator: ", ")
                lines.append("- \(label(operation)): \(writers)")
            }
        } else {
            lines.append("- Writers: any module (no writer lists)")
        }
        if !access.read.isEmpty {
            // Only modules that write nowhere get a read-only role and reader; writers read anyway.
            lines.append("- Readers: " + access.read.map(Markdown.code).joined(separator: ", "))
        }
        if let owner = access.owner {
            lines.append("- Owner scoping: every read and write is confined to one \(Markdown.code(owner))")
        }
        if entity.isAppendOnly {
            lines.append("- Append-only: rows are inserted, never updated or deleted")
        }
        return lines
    }

    private static func label(_ operation: WriteOperation) -> String {
        switch operation {
        case .insert: "Insert"
        case .update: "Update"
        case .delete: "Delete"
        }
    }
}
