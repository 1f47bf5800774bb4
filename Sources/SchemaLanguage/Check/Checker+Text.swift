extension Checker {
    // MARK: Names written as strings

    /// A name written as a string (`named "…"`, `database "…"`) becomes an identifier in every
    /// target: it must hold no control, line-separator or bidirectional character (which no
    /// target shows to a reader, and some end lines), and no leading or trailing space (MySQL
    /// drops trailing spaces of names). Returns whether the name is usable.
    @discardableResult
    mutating func checkWrittenName(_ name: StringSyntax, what: String) -> Bool {
        if let scalar = TextSafety.forbiddenInName(name.value) {
            bag.error("\(what) cannot contain the character \(TextSafety.codePoint(scalar.value))",
                      hint: "names become SQL identifiers, collection names and code; use letters, digits and _",
                      at: name.range)
            return false
        }
        if let first = name.value.unicodeScalars.first, let last = name.value.unicodeScalars.last,
           first.properties.isWhitespace || last.properties.isWhitespace {
            bag.error("\(what) cannot start or end with a space", hint: "remove the spaces around the name", at: name.range)
            return false
        }
        return true
    }
}
