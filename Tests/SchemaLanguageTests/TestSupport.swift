import Foundation
@testable import SchemaLanguage

/// Shared helpers: the repository's seed schemas, one-call compile, and a location-free view of
/// a resolved schema so two schemas can be compared for meaning.
enum Seeds {
    /// The repository root, found from this file's path (Tests/SchemaLanguageTests/…).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The text of `schema/<file>`.
    static func text(_ file: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("schema").appendingPathComponent(file), encoding: .utf8)
    }

    /// Every seed schema's file name and text.
    static func all() throws -> [(file: String, text: String)] {
        try SeedInventory.all.map { ($0.file, try text($0.file)) }
    }
}

/// Parses and checks a text.
func compile(_ text: String, path: String = "test.schema") -> (schema: Schema?, diagnostics: [Diagnostic]) {
    let result = SchemaCompiler.compile(path: path, text: text)
    return (result.schema, result.diagnostics)
}

/// Parses a text, expecting no syntax errors.
func parse(_ text: String, path: String = "test.schema") -> (SchemaFileSyntax, [Diagnostic]) {
    Parser.parse(SourceFile(path: path, text: text))
}

/// Errors only.
func errors(_ diagnostics: [Diagnostic]) -> [Diagnostic] { diagnostics.filter { $0.severity == .error } }

/// A header every test file can start with.
let sqlHeader = "schema t { targets sqlite }\n"
let mongoHeader = "schema t { targets mongo }\n"

/// The schema with every source location blanked and retention sources reduced to their words:
/// what the schema means, not where it was written.
func meaning(_ schema: Schema) -> Schema {
    let nowhere = SourceRange(start: 0, end: 0)
    func enumeration(_ value: EnumType) -> EnumType {
        var copy = value
        copy.range = nowhere
        return copy
    }
    func resolvedType(_ type: FieldType) -> FieldType {
        switch type {
        case .enumeration(let value): .enumeration(enumeration(value))
        case .array(let element): .array(resolvedType(element))
        default: type
        }
    }
    func field(_ field: Field) -> Field {
        var copy = field
        copy.range = nowhere
        copy.type = resolvedType(field.type)
        return copy
    }
    var copy = schema
    copy.source = SourceFile(path: "", text: "")
    copy.enums = schema.enums.map(enumeration)
    copy.types = schema.types.map { nested in
        var value = nested
        value.range = nowhere
        value.fields = nested.fields.map(field)
        return value
    }
    copy.caches = schema.caches.map { cache in
        var value = cache
        value.range = nowhere
        value.parameters = cache.parameters.map(field)
        value.valueType = resolvedType(cache.valueType)
        return value
    }
    copy.entities = schema.entities.map { entity in
        var value = entity
        value.range = nowhere
        value.fields = entity.fields.map(field)
        value.indexes = entity.indexes.map { index in
            var copy = index
            copy.range = nowhere
            return copy
        }
        value.retention = entity.retention.map { rule in
            var copy = rule
            copy.range = nowhere
            copy.source = rule.source.filter { !$0.isWhitespace }
            return copy
        }
        value.queries = entity.queries.map { query in
            var copy = query
            copy.range = nowhere
            return copy
        }
        return value
    }
    return copy
}
