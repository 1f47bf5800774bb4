/// The language half of the pipeline: parse, then check, one file at a time. Targets add
/// their own checks on the resulting model (SchemaEmitters' `TargetChecks`), so `schemagen`
/// reports both in one run.
public enum SchemaCompiler {
    /// What compiling one file produced.
    public struct Compilation: Sendable {
        /// The file, whose line table turns diagnostics' byte ranges into line and column.
        public let file: SourceFile
        /// The syntax tree (the formatter and `migrate` read it).
        public let syntax: SchemaFileSyntax
        /// The model as far as it resolved: complete when there is no error; with errors it
        /// holds what did resolve, so later checks can still report on it.
        public let model: Schema
        /// Every diagnostic, sorted by position.
        public private(set) var diagnostics: [Diagnostic]

        /// The checked schema, or nil when any diagnostic is an error.
        public var schema: Schema? { hasErrors ? nil : model }
        /// Whether any diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

        /// Creates a compilation from its parts; diagnostics are sorted by position.
        public init(file: SourceFile, syntax: SchemaFileSyntax, model: Schema, diagnostics: [Diagnostic]) {
            self.file = file
            self.syntax = syntax
            self.model = model
            self.diagnostics = SchemaCompiler.sorted(diagnostics)
        }

        /// Adds diagnostics found later (a target's checks), keeping the order by position.
        public mutating func add(_ more: [Diagnostic]) {
            diagnostics = SchemaCompiler.sorted(diagnostics + more)
        }
    }

    /// Parses and checks one file's text; `addedTargets` are checked as if its header listed them
    /// after its own (`schemagen build --also-target`), the syntax tree staying what the file says.
    public static func compilation(path: String, text: String, addingTargets addedTargets: [Target] = []) -> Compilation {
        let file = SourceFile(path: path, text: text)
        let (tree, syntaxDiagnostics) = Parser.parse(file)
        let (model, checkDiagnostics) = Checker.resolve(tree, addingTargets: addedTargets)
        return Compilation(file: file, syntax: tree, model: model, diagnostics: syntaxDiagnostics + checkDiagnostics)
    }

    /// Parses and checks one file's text. The schema is nil when there are errors; diagnostics
    /// come sorted by position. `addedTargets`: as in ``compilation(path:text:addingTargets:)``.
    public static func compile(path: String, text: String,
                               addingTargets addedTargets: [Target] = []) -> (schema: Schema?, diagnostics: [Diagnostic], syntax: SchemaFileSyntax) {
        let result = compilation(path: path, text: text, addingTargets: addedTargets)
        return (result.schema, result.diagnostics, result.syntax)
    }

    /// Diagnostics of one file by position; the sort is stable, so one place keeps the order found.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted {
            ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset)
        }.map(\.element)
    }
}
