/// Joins the Swift files of one schema into a single source file, for the build-tool plugin:
/// SwiftPM needs a build command's outputs named before it runs, and a schema's entity files
/// are only known after parsing, so the plugin asks for exactly one file per schema.
public enum SwiftSourceBundle {
    /// One file: the first file's header comment, every distinct import once, then each file's
    /// declarations under a `// MARK:` naming the file it would have been.
    public static func bundle(_ files: [EmittedFile]) -> String {
        var header: [String] = []
        var imports: [String] = []
        var sections: [String] = []
        for (number, file) in files.sorted(by: { $0.path < $1.path }).enumerated() {
            var lines = file.contents.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var prologue = 0
            // The prologue is the header comment, blank lines and imports; `///` starts a declaration's docs.
            while prologue < lines.count, isPrologue(lines[prologue]) { prologue += 1 }
            for line in lines[..<prologue] {
                if isImport(line) {
                    if !imports.contains(line) { imports.append(line) }
                } else if number == 0, !line.isEmpty {
                    header.append(line)
                }
            }
            lines.removeFirst(prologue)
            while lines.last?.isEmpty == true { lines.removeLast() }
            let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
            sections.append((["// MARK: - \(CommentText.oneLine(name))", ""] + lines).joined(separator: "\n"))
        }
        return (header + [""] + imports + [""] + [sections.joined(separator: "\n\n")]).joined(separator: "\n") + "\n"
    }

    private static func isImport(_ line: String) -> Bool {
        line.hasPrefix("import ") || line.hasPrefix("@_exported import ")
    }

    private static func isPrologue(_ line: String) -> Bool {
        line.isEmpty || isImport(line) || (line.hasPrefix("//") && !line.hasPrefix("///"))
    }
}
