// SQL storage: the header's `timestamps` / `auto` / `enums` defaults and a field's `as …`.
extension Checker {
    /// The choices each header subject takes, in the order messages list them.
    static let storageChoices: [String: [String]] = [
        "timestamps": TimestampStorage.allCases.map(\.rawValue),
        "auto": AutoStorage.allCases.map(\.rawValue),
        "enums": ["native", "varchar"],
    ]

    /// Reads the header's storage lines into ``Schema/storageDefaults``.
    mutating func checkStorageDefaults(_ header: HeaderSyntax) {
        var seen: Set<String> = []
        for item in header.items {
            guard case .storage(let subject, let choice) = item.kind else { continue }
            if !seen.insert(subject.text).inserted {
                bag.error("the schema header sets '\(subject.text)' twice", hint: "keep one line", at: subject.range)
                continue
            }
            guard let storage = storage(choice, allowed: Self.storageChoices[subject.text] ?? [], for: subject.text) else { continue }
            switch subject.text {
            case "timestamps": schema.storageDefaults.timestamp = storage.timestamp
            case "auto": schema.storageDefaults.auto = storage.auto
            default: schema.storageDefaults.enumeration = storage.enumeration
            }
        }
    }

    /// A field's `as …`: only the choices its type has.
    mutating func applyStorage(_ choice: StorageChoiceSyntax, to field: inout Field) {
        let subject: String
        switch field.type {
        case .timestamp: subject = "timestamps"
        case .enumeration: subject = "enums"
        case .int32 where field.isAuto, .int64 where field.isAuto: subject = "auto"
        default:
            bag.error("'as \(choice.text)' chooses the SQL storage of a timestamp, an enum or an auto integer, "
                      + "not of \(field.type.spelling)\(field.type.isInteger ? " without 'auto'" : "")",
                      hint: "remove it, or write 'auto' before it on an integer key", at: choice.range)
            return
        }
        guard let storage = storage(choice, allowed: Self.storageChoices[subject] ?? [], for: field.type.spelling) else { return }
        field.storage.timestamp = storage.timestamp ?? field.storage.timestamp
        field.storage.auto = storage.auto ?? field.storage.auto
        field.storage.enumeration = storage.enumeration ?? field.storage.enumeration
        if case .varchar(let length?) = storage.enumeration, case .enumeration(let enumType) = field.type {
            checkVarcharHoldsEnum(length, enumType, at: choice.range)
        }
    }

    /// The header's defaults for what the field did not choose itself, where they apply.
    mutating func mergeStorageDefaults(into field: inout Field) {
        let defaults = schema.storageDefaults
        switch field.type {
        case .timestamp:
            if field.storage.timestamp == nil { field.storage.timestamp = defaults.timestamp }
        case .enumeration(let enumType):
            if field.storage.enumeration == nil, let choice = defaults.enumeration {
                field.storage.enumeration = choice
                if case .varchar(let length?) = choice, let line = storageLine("enums") {
                    checkVarcharHoldsEnum(length, enumType, at: line)
                }
            }
        case .int32, .int64:
            if field.isAuto && field.storage.auto == nil { field.storage.auto = defaults.auto }
        default:
            break
        }
    }

    private func storageLine(_ subject: String) -> SourceRange? {
        for item in syntax.header?.items ?? [] {
            if case .storage(let written, let choice) = item.kind, written.text == subject { return choice.range }
        }
        return nil
    }

    private mutating func checkVarcharHoldsEnum(_ length: Int, _ enumType: EnumType, at range: SourceRange) {
        if let longest = enumType.rawValues.max(by: { $0.count < $1.count }), longest.count > length {
            bag.error("varchar(\(length)) cannot hold the value '\(longest)' of \(enumType.isInline ? "the enum" : enumType.name) (\(longest.count) characters)",
                      hint: "write varchar(\(longest.count)) or longer", at: range)
        }
    }

    private mutating func storage(_ choice: StorageChoiceSyntax, allowed: [String], for what: String) -> SQLStorage? {
        let word = choice.name.text
        guard allowed.contains(word) else {
            bag.error("unknown storage '\(word)' for \(what)", hint: "write one of " + allowed.joined(separator: ", ")
                      + Self.suggestion(for: word, among: allowed), at: choice.name.range)
            return nil
        }
        if let length = choice.length, word != "varchar" {
            bag.error("'\(word)' takes no length", hint: "write \(word)", at: length.range)
            return nil
        }
        if let length = choice.length, length.value < 1 || length.value > 10_485_760 {
            bag.error("varchar needs a length between 1 and 10485760", hint: "write varchar(20)", at: length.range)
            return nil
        }
        switch word {
        case "zoned", "naive": return SQLStorage(timestamp: TimestampStorage(rawValue: word))
        case "identity", "serial": return SQLStorage(auto: AutoStorage(rawValue: word))
        case "native": return SQLStorage(enumeration: .native)
        default: return SQLStorage(enumeration: .varchar(choice.length.map { Int($0.value) }))
        }
    }
}
