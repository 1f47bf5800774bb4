// Values: defaults and literals, typed by the field they belong to.
extension Checker {
    /// Checks a default against the field's type.
    mutating func resolveDefault(_ value: ValueSyntax, for field: Field) -> DefaultValue? {
        let type = field.type
        func mismatch(_ what: String, _ hint: String) -> DefaultValue? {
            bag.error("default \(what) does not match \(type.spelling) field '\(field.name)'", hint: hint, at: value.range)
            return nil
        }
        switch value.kind {
        case .null:
            return field.isOptional ? .null : mismatch("null", "only optional (T?) fields default to null")
        case .identifier("now"):
            return type.isTemporal ? .now : mismatch("now", "now is the default of timestamp and date fields")
        case .identifier("uuid"):
            return type == .uuid ? .generatedUUID : mismatch("uuid", "uuid generates values for uuid fields")
        case .identifier(let name):
            guard case .enumeration(let enumeration) = type else {
                return mismatch("'\(name)'", "quote text defaults: = \"\(name)\"")
            }
            guard let enumCase = enumeration.cases.first(where: { $0.name == name }) else {
                bag.error("'\(name)' is not a case of \(enumeration.isInline ? "the enum of '\(field.name)'" : enumeration.name)",
                          hint: "cases are " + enumeration.cases.map(\.name).joined(separator: ", ")
                            + Self.suggestion(for: name, among: enumeration.cases.map(\.name)), at: value.range)
                return nil
            }
            return .enumCase(enumCase)
        case .bool(let flag):
            return type == .bool ? .bool(flag) : mismatch("\(flag)", "true and false are defaults of bool fields")
        case .integer(let integer):
            switch type {
            case .int32:
                guard Int64(Int32.min)...Int64(Int32.max) ~= integer else {
                    return mismatch("\(integer)", "the value is outside the int32 range; use int64")
                }
                return checkRange(.integer(integer), Double(integer), field: field, at: value.range)
            case .int64, .double, .decimal:
                return checkRange(.integer(integer), Double(integer), field: field, at: value.range)
            default:
                return mismatch("\(integer)", "numbers are defaults of numeric fields")
            }
        case .number(let double, let text):
            switch type {
            case .double, .decimal: return checkRange(.number(double, text: text), double, field: field, at: value.range)
            default: return mismatch(text, type.isInteger ? "integer fields take whole numbers" : "numbers are defaults of numeric fields")
            }
        case .string(let string):
            guard type.isText else {
                if case .enumeration = type { return mismatch(string.source, "write the case name without quotes") }
                return mismatch(string.source, "strings are defaults of string and text fields")
            }
            if let maxLength = field.checks.maxLength, string.value.count > maxLength {
                return mismatch(string.source, "the default is longer than \(maxLength) characters")
            }
            return .string(string.value)
        case .emptyArray:
            if case .array = type { return .emptyArray }
            return mismatch("[]", "[] is the default of array fields")
        case .emptyObject:
            return type == .json ? .emptyObject : mismatch("{}", "{} is the default of json fields")
        }
    }

    mutating func checkRange(_ value: DefaultValue, _ number: Double, field: Field, at range: SourceRange) -> DefaultValue? {
        if let minimum = field.checks.minimum, number < minimum {
            bag.error("default is below the field's min", hint: "raise the default or lower min", at: range)
            return nil
        }
        if let maximum = field.checks.maximum, number > maximum {
            bag.error("default is above the field's max", hint: "lower the default or raise max", at: range)
            return nil
        }
        return value
    }

    /// A literal typed by the field it is compared with or assigned to.
    mutating func literal(_ value: ValueSyntax, for field: Field) -> Literal? {
        func mismatch(_ hint: String) -> Literal? {
            bag.error("value does not match \(field.type.spelling) field '\(field.name)'", hint: hint, at: value.range)
            return nil
        }
        switch (value.kind, field.type) {
        case (.null, _):
            return field.isOptional ? .null : mismatch("'\(field.name)' is required and never null")
        case (.bool(let flag), .bool):
            return .bool(flag)
        case (.integer(let integer), let type) where type.isNumeric:
            return .integer(integer)
        case (.number(let double, let text), .double), (.number(let double, let text), .decimal):
            return .number(double, text: text)
        case (.string(let string), let type) where type.isText:
            return .string(string.value)
        case (.identifier(let name), .enumeration(let enumeration)):
            guard let enumCase = enumeration.cases.first(where: { $0.name == name }) else {
                return mismatch("cases are " + enumeration.cases.map(\.name).joined(separator: ", ")
                                + Self.suggestion(for: name, among: enumeration.cases.map(\.name)))
            }
            return .enumCase(name: enumCase.name, rawValue: enumCase.rawValue)
        case (.string(let string), .enumeration(let enumeration)):
            guard let enumCase = enumeration.cases.first(where: { $0.rawValue == string.value }) else {
                return mismatch("raw values are " + enumeration.rawValues.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            return .enumCase(name: enumCase.name, rawValue: enumCase.rawValue)
        case (.identifier(let name), _):
            return mismatch(field.type.isText ? "quote text: \"\(name)\"" : "write a \(field.type.spelling) value")
        default:
            return mismatch(field.type.isTemporal ? "timestamps are compared by retention ages, not literals"
                            : "write a \(field.type.spelling) value")
        }
    }

    mutating func orderingError(_ field: Field, _ range: SourceRange) -> Condition? {
        bag.error("\(field.type.spelling) field '\(field.name)' can only be compared with = and !=",
                  hint: "use = or in (...)", at: range)
        return nil
    }
}
