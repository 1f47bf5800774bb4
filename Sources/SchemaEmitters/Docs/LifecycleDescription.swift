import SchemaLanguage

/// The lifecycle sections (what it represents, when it grows, when it is cleaned, who touches it)
/// as labelled lists.
enum LifecycleDescription {
    /// The lists of the sections written, each under a bold label; empty when none is.
    static func lines(for lifecycle: Lifecycle) -> [String] {
        let sections = [
            ("What it represents", lifecycle.represents),
            ("When it grows", lifecycle.grows),
            ("When it is cleaned", lifecycle.cleaned),
            ("Who touches it", lifecycle.touchedBy),
        ]
        var lines: [String] = []
        for (label, entries) in sections where !entries.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines.append("**\(label)**")
            lines.append("")
            lines += entries.map { "- " + Markdown.text($0) }
        }
        return lines
    }
}
