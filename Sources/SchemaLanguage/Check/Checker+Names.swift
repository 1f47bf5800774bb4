// Names: one name space for declarations, unique physical names, names written as strings,
// "did you mean" suggestions.
extension Checker {
    /// Records every top-level name, reporting duplicates (entities, enums, types and caches share
    /// one name space so generated code never has two things of one name).
    mutating func collectDeclarations() {
        var seen: [String: (kind: String, range: SourceRange)] = [:]
        func declare(_ name: NameSyntax, kind: String, into bag: inout DiagnosticBag) -> Bool {
            guard !name.text.isEmpty else { return false }
            if let earlier = seen[name.text] {
                let line = syntax.file.location(of: earlier.range.start).line
                let article = earlier.kind.first.map { "aeiou".contains($0) } == true ? "an" : "a"
                bag.error("\(kind) '\(name.text)' is already declared as \(article) \(earlier.kind) on line \(line)",
                          hint: "rename one of them", at: name.range)
                return false
            }
            seen[name.text] = (kind, name.range)
            return true
        }
        for declaration in syntax.declarations {
            switch declaration {
            case .entity(let entity):
                if declare(entity.name, kind: entity.kind.rawValue, into: &bag) {
                    entitySyntax[entity.name.text] = (entity, nil)
                }
            case .namespace(let namespace):
                for entity in namespace.entities where declare(entity.name, kind: entity.kind.rawValue, into: &bag) {
                    entitySyntax[entity.name.text] = (entity, namespace)
                }
            case .enumeration(let enumeration):
                if declare(enumeration.name, kind: "enum", into: &bag) { enumSyntax[enumeration.name.text] = enumeration }
            case .type(let type):
                if Self.builtinTypeNames.contains(type.name.text) {
                    bag.error("'\(type.name.text)' is a builtin type and cannot be redeclared",
                              hint: "choose another name for the nested type", at: type.name.range)
                } else if declare(type.name, kind: "type", into: &bag) {
                    typeSyntax[type.name.text] = type
                }
            case .cache(let cache):
                _ = declare(cache.name, kind: "cache", into: &bag)
            }
        }
    }

    /// Physical names (tables, collections, columns, table indexes) must be unique: targets
    /// compare them case-insensitively, and SQL index names share one name space per database.
    mutating func checkPhysicalNames() {
        var physical: [String: String] = [:]
        var indexNames: [String: String] = [:]
        for entity in schema.entities {
            if let other = physical[entity.physicalName.lowercased()] {
                bag.error("'\(entity.name)' and '\(other)' have the same physical name '\(entity.physicalName)'",
                          hint: "give one of them another name with 'named'", at: entity.range)
            }
            physical[entity.physicalName.lowercased()] = entity.name
            var columns: [String: String] = [:]
            for field in entity.fields {
                if let other = columns[field.physicalName.lowercased()] {
                    bag.error("fields '\(other)' and '\(field.name)' have the same physical name '\(field.physicalName)'",
                              hint: "change one 'named'", at: field.range)
                }
                columns[field.physicalName.lowercased()] = field.name
            }
            for index in entity.indexes where entity.kind == .table {
                if let other = indexNames[index.name.lowercased()] {
                    bag.error("index name '\(index.name)' is already used by \(other)",
                              hint: "name one with named \"...\"", at: index.range)
                }
                indexNames[index.name.lowercased()] = "'\(entity.name)'"
            }
        }
    }

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

    /// A ", did you mean 'x'?" suffix when a candidate is close to the name.
    static func suggestion(for name: String, among candidates: [String]) -> String {
        let best = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
            .filter { $0.1 <= max(1, name.count / 3) }
            .min { $0.1 < $1.1 }
        return best.map { "; did you mean '\($0.0)'?" } ?? ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
