// Types: builtin and named types, enums (named and inline), nested document types.
extension Checker {
    static let builtinTypeNames: Set<String> = [
        "int32", "int64", "double", "decimal", "bool", "string", "text", "timestamp", "date", "uuid", "bytes",
        "json", "objectid",
    ]

    /// Resolves a written type; inline enums are named `<owner>_<field>` and added to the schema.
    mutating func resolveType(_ syntax: TypeSyntax, owner: String, field: String) -> (FieldType, optional: Bool)? {
        switch syntax {
        case .optional(let inner, _):
            if case .optional = inner {
                bag.error("a type is optional at most once", hint: "remove the second '?'", at: syntax.range)
                return nil
            }
            guard let (type, _) = resolveType(inner, owner: owner, field: field) else { return nil }
            return (type, true)
        case .array(let element, _):
            guard let (type, optional) = resolveType(element, owner: owner, field: field) else { return nil }
            if optional {
                bag.error("array elements cannot be optional", hint: "write [T] and leave absent elements out",
                          at: element.range)
                return nil
            }
            return (.array(type), false)
        case .inlineEnum(let cases, let range):
            guard let resolvedCases = resolveCases(cases, of: "the enum of '\(field)'", at: range) else { return nil }
            let name = "\(owner)_\(field)"
            let type = EnumType(name: name, cases: resolvedCases, isInline: true, range: range)
            if !schema.enums.contains(where: { $0.name == name }) { schema.enums.append(type) }
            return (.enumeration(type), false)
        case .named(let name, let arguments):
            return resolveNamedType(name, arguments: arguments).map { ($0, false) }
        }
    }

    mutating func resolveNamedType(_ name: NameSyntax, arguments: [IntegerSyntax]) -> FieldType? {
        func arity(_ allowed: ClosedRange<Int>, _ example: String) -> Bool {
            guard allowed.contains(arguments.count) else {
                bag.error("'\(name.text)' takes \(allowed.upperBound == 0 ? "no" : "\(allowed.lowerBound == allowed.upperBound ? "" : "up to ")\(allowed.upperBound)") type argument\(allowed.upperBound == 1 ? "" : "s")",
                          hint: "write \(example)", at: arguments.first?.range ?? name.range)
                return false
            }
            return true
        }
        switch name.text {
        case "int32": return arity(0...0, "int32") ? .int32 : nil
        case "int64": return arity(0...0, "int64") ? .int64 : nil
        case "double": return arity(0...0, "double") ? .double : nil
        case "bool": return arity(0...0, "bool") ? .bool : nil
        case "text": return arity(0...0, "text") ? .text : nil
        case "timestamp": return arity(0...0, "timestamp") ? .timestamp : nil
        case "date": return arity(0...0, "date") ? .date : nil
        case "uuid": return arity(0...0, "uuid") ? .uuid : nil
        case "bytes": return arity(0...0, "bytes") ? .bytes : nil
        case "json": return arity(0...0, "json") ? .json : nil
        case "objectid": return arity(0...0, "objectid") ? .objectID : nil
        case "string":
            guard arity(0...1, "string or string(255)") else { return nil }
            guard let length = arguments.first else { return .string(maxLength: nil) }
            guard length.value >= 1 && length.value <= 65_535 else {
                bag.error("string length must be between 1 and 65535", hint: "use text for longer values", at: length.range)
                return nil
            }
            return .string(maxLength: Int(length.value))
        case "decimal":
            guard arguments.count == 2 else {
                bag.error("decimal needs a precision and a scale", hint: "write decimal(10, 2)", at: name.range)
                return nil
            }
            let precision = arguments[0].value, scale = arguments[1].value
            guard (1...38).contains(precision), (0...precision).contains(scale) else {
                bag.error("decimal(\(precision), \(scale)) is out of range",
                          hint: "precision is 1...38 and scale 0...precision", at: arguments[0].range)
                return nil
            }
            return .decimal(precision: Int(precision), scale: Int(scale))
        default:
            if enumSyntax[name.text] != nil, let type = schema.enums.first(where: { $0.name == name.text && !$0.isInline }) {
                return arity(0...0, name.text) ? .enumeration(type) : nil
            }
            if enumSyntax[name.text] != nil { return nil } // the enum itself had errors, already reported
            if typeSyntax[name.text] != nil { return arity(0...0, name.text) ? .nested(name.text) : nil }
            if entitySyntax[name.text] != nil {
                bag.error("'\(name.text)' is an entity, not a type",
                          hint: "reference it with a foreign key (-> \(name.text).field) or declare a 'type'", at: name.range)
                return nil
            }
            let candidates = Array(Self.builtinTypeNames) + Array(enumSyntax.keys) + Array(typeSyntax.keys)
            let aliases = ["int": "int64", "integer": "int64", "bigint": "int64", "long": "int64", "float": "double",
                           "boolean": "bool", "varchar": "string", "datetime": "timestamp", "object": "json",
                           "ObjectId": "objectid", "Date": "timestamp", "Number": "int64 or double", "String": "string"]
            let hint = aliases[name.text].map { "did you mean '\($0)'?" }
                ?? ("declare it with 'type \(name.text) { ... }' or 'enum \(name.text) { ... }'"
                    + Self.suggestion(for: name.text, among: candidates.sorted()))
            bag.error("unknown type '\(name.text)'", hint: hint, at: name.range)
            return nil
        }
    }

    mutating func resolveEnum(_ syntax: EnumSyntax) {
        guard let cases = resolveCases(syntax.cases, of: "enum '\(syntax.name.text)'", at: syntax.name.range) else { return }
        schema.enums.append(EnumType(name: syntax.name.text, cases: cases, isInline: false, doc: syntax.trivia.doc,
                                     range: syntax.name.range))
    }

    mutating func resolveCases(_ cases: [EnumCaseSyntax], of what: String, at range: SourceRange) -> [EnumCase]? {
        if cases.isEmpty {
            bag.error("\(what) has no cases", hint: "list its cases: enum(a, b)", at: range)
            return nil
        }
        var names: Set<String> = []
        var raws: Set<String> = []
        var result: [EnumCase] = []
        for enumCase in cases {
            let raw = enumCase.rawValue?.value ?? enumCase.name.text
            if !names.insert(enumCase.name.text).inserted {
                bag.error("\(what) lists case '\(enumCase.name.text)' twice", hint: "remove the repeated case",
                          at: enumCase.name.range)
            } else if !raws.insert(raw).inserted {
                bag.error("\(what) stores the value \"\(raw)\" for two cases", hint: "give each case its own raw value",
                          at: enumCase.rawValue?.range ?? enumCase.name.range)
            } else if raw.isEmpty {
                bag.error("enum raw values cannot be empty", hint: "write a non-empty string",
                          at: enumCase.rawValue?.range ?? enumCase.name.range)
            } else {
                result.append(EnumCase(name: enumCase.name.text, rawValue: raw, doc: enumCase.trivia.doc,
                                       previousNames: enumCase.previousName.map { [$0.text] } ?? [],
                                       range: enumCase.rawValue?.range ?? enumCase.name.range))
            }
        }
        return result
    }

    mutating func resolveNestedType(_ syntax: TypeDeclarationSyntax) {
        var fields: [Field] = []
        var names: Set<String> = []
        for member in syntax.fields {
            guard case .field(let fieldSyntax) = member.kind else { continue }
            guard names.insert(fieldSyntax.name.text).inserted else {
                bag.error("type '\(syntax.name.text)' has two fields named '\(fieldSyntax.name.text)'",
                          hint: "rename or remove one", at: fieldSyntax.name.range)
                continue
            }
            guard let (field, extras) = resolveField(fieldSyntax, trivia: member.trivia, owner: syntax.name.text) else { continue }
            if let range = extras.isPrimary.1 ?? extras.isUnique.1 {
                bag.error("keys and uniqueness belong to entities, not to nested type '\(syntax.name.text)'",
                          hint: "remove 'primary'/'unique'/'auto' here", at: range)
            }
            if let reference = extras.reference {
                bag.error("a nested type cannot hold a foreign key",
                          hint: "put the reference on an entity field", at: reference.entity.range)
            }
            fields.append(field)
        }
        if syntax.fields.isEmpty {
            bag.error("type '\(syntax.name.text)' has no fields", hint: "add fields or use json", at: syntax.name.range)
        }
        schema.types.append(NestedType(name: syntax.name.text, fields: fields, doc: syntax.trivia.doc,
                                       range: syntax.name.range))
    }

    /// A type may not contain itself through required, non-array fields (it would be infinite).
    mutating func checkNestedTypeCycles() {
        var state: [String: Int] = [:] // 1 visiting, 2 done
        func visit(_ name: String, path: [String], bag: inout DiagnosticBag) {
            if state[name] == 2 { return }
            if state[name] == 1 {
                if let type = schema.type(named: name) {
                    let cycle = (path.drop(while: { $0 != name }) + [name]).joined(separator: " -> ")
                    bag.error("type '\(name)' contains itself: \(cycle)",
                              hint: "make one field optional or an array to end the nesting", at: type.range)
                }
                return
            }
            state[name] = 1
            for field in schema.type(named: name)?.fields ?? [] where !field.isOptional {
                if case .nested(let inner) = field.type { visit(inner, path: path + [name], bag: &bag) }
            }
            state[name] = 2
        }
        var found = bag
        for type in schema.types { visit(type.name, path: [], bag: &found) }
        bag = found
    }
}
