import SchemaLanguage

/// What SQL engines do to enum values: PostgreSQL caps labels at 63 bytes, MySQL drops a
/// trailing space from `ENUM` members (the stored value would differ from the schema's). Only
/// the dialects the schema targets apply, as an enum type is created only there.
public struct SQLEnumValueCheck: TargetCheck {
    /// Creates the check.
    public init() {}

    /// An error for every enum value a targeted dialect cannot store as written.
    public func diagnostics(for schema: Schema) -> [Diagnostic] {
        var bag = DiagnosticBag(file: schema.source)
        let dialects = SQLDialect.allCases.filter { dialect in schema.targets.contains { SQLDialect(target: $0) == dialect } }
        for enumeration in schema.enums {
            for enumCase in enumeration.cases {
                guard let problem = dialects.lazy.compactMap({ $0.enumValueProblem(enumCase.rawValue) }).first else { continue }
                bag.error(problem.message, hint: problem.hint, at: enumCase.range)
            }
        }
        return bag.diagnostics
    }
}

extension SQLDialect {
    /// Why this engine cannot store an enum value as written, or nil.
    func enumValueProblem(_ raw: String) -> (message: String, hint: String)? {
        switch self {
        case .postgres where raw.utf8.count > 63:
            ("enum value \(Lexer.quote(raw)) is longer than 63 bytes, PostgreSQL's limit for enum labels", "shorten the value")
        case .mysql where raw.unicodeScalars.last == " " || raw.unicodeScalars.last == "\t":
            ("enum value \(Lexer.quote(raw)) ends with a space, which MySQL drops from ENUM values", "remove the trailing space")
        default:
            nil
        }
    }
}
