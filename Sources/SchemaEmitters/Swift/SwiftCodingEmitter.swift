import SchemaLanguage

/// Emits `Validation.swift` (validators) and `RecordCoding.swift` (row and binary mapping).
struct SwiftCodingEmitter {
    let names: SwiftNames
    var schema: Schema { names.schema }

    // MARK: Validation

    /// `Validation.swift`: `collectFailures(at:into:)` for every nested type and model.
    func validation() -> [String] {
        var lines: [String] = []
        for type in schema.types {
            let fields = type.fields.enumerated().map { SwiftNames.field($1, position: $0) }
            lines += validator(SwiftNames.declaredType(type.name), fields: fields) + [""]
        }
        for entity in names.entities {
            lines += validator(entity.typeName, fields: entity.fields) + [""]
        }
        return lines
    }

    private func validator(_ typeName: String, fields: [SwiftField]) -> [String] {
        var body: [String] = []
        for field in fields {
            if field.field.isOptional {
                let checks = self.checks(field, value: "value")
                guard !checks.isEmpty else { continue }
                body.append("        if let value = \(field.property) {")
                body += checks.map { "    " + $0 }
                body.append("        }")
            } else {
                body += checks(field, value: field.property)
            }
        }
        var lines = ["extension \(typeName): Validatable {",
                     "    /// Appends every failure of the schema's checks, with paths below `path`.",
                     "    public func collectFailures(at path: String, into failures: inout [ValidationFailure]) {"]
        if body.isEmpty { lines.append("        // No checks: every value of the field types is valid.") }
        lines += body
        lines += ["    }", "}"]
        return lines
    }

    private func checks(_ field: SwiftField, value: String) -> [String] {
        let path = "Check.path(path, \(SwiftCode.literal(field.physical)))"
        let checks = field.field.checks
        var lines: [String] = []
        switch field.field.type {
        case .string, .text:
            if checks.minLength != nil || checks.maxLength != nil {
                lines.append("Check.length(\(value), min: \(checks.minLength.map(String.init) ?? "nil"), max: \(checks.maxLength.map(String.init) ?? "nil"), at: \(path), into: &failures)")
            }
            if let pattern = checks.pattern {
                lines.append("Check.pattern(\(value), \(SwiftCode.literal(pattern)), at: \(path), into: &failures)")
            }
        case .int32, .int64, .double, .decimal:
            if case .decimal(let precision, let scale) = field.field.type {
                lines.append("Check.decimal(\(value), precision: \(precision), scale: \(scale), at: \(path), into: &failures)")
            }
            if checks.minimum != nil || checks.maximum != nil {
                let number = field.decimalScale != nil ? "NSDecimalNumber(decimal: \(value)).doubleValue" : "Double(\(value))"
                let texts = "(min: \(checks.minimumText.map(SwiftCode.literal) ?? "nil"), max: \(checks.maximumText.map(SwiftCode.literal) ?? "nil"))"
                lines.append("Check.range(\(number), min: \(checks.minimum.map { "\($0)" } ?? "nil"), max: \(checks.maximum.map { "\($0)" } ?? "nil"), text: \(texts), at: \(path), into: &failures)")
            }
        case .nested:
            lines.append("\(value).collectFailures(at: \(path), into: &failures)")
        case .array(let element):
            if let cap = field.field.keepNewest {
                lines.append("Check.count(\(value).count, max: \(cap), at: \(path), into: &failures)")
            }
            if case .nested = element { lines.append("\(value).collectFailures(at: \(path), into: &failures)") }
        default:
            break
        }
        return lines.map { "        " + $0 }
    }

    // MARK: Record coding

    /// `RecordCoding.swift`: binary coding of nested types and the row mapping of models.
    func recordCoding() -> [String] {
        var lines: [String] = []
        for type in schema.types {
            let fields = type.fields.enumerated().map { SwiftNames.field($1, position: $0) }
            let name = SwiftNames.declaredType(type.name)
            lines += ["extension \(name): DocumentValue {",
                      "    /// Appends the fields in declaration order.",
                      "    public func encode(to writer: inout BinaryWriter) {"]
            lines += fields.map { "        \($0.property).encode(to: &writer)" }
            lines += ["    }", "", "    /// Reads the fields in declaration order.", "    public init(from reader: inout BinaryReader) throws {"]
            lines += fields.map { "        self.\($0.bareProperty) = try \($0.constructorType)(from: &reader)" }
            lines += ["    }", "}", ""]
        }
        for entity in names.entities { lines += storedRecord(entity) + [""] }
        return lines
    }

    /// `OwnerReference(…)` for each foreign key between two owner-scoped entities (the owner
    /// fields themselves excepted), as PostgreSQL keys them on the owner too.
    private func ownerReferences(_ entity: SwiftEntity) -> [String] {
        guard let owner = entity.entity.access.owner.flatMap(entity.field(named:)) else { return [] }
        return entity.entity.foreignKeys.compactMap { field, reference in
            guard field.name != owner.field.name,
                  let parent = names.entities.first(where: { $0.entity.name == reference.entity }),
                  let parentOwner = parent.entity.access.owner.flatMap(parent.field(named:)),
                  reference.field != parentOwner.field.name,
                  let column = entity.field(named: field.name) else { return nil }
            let index = parent.entity.primaryKey == [reference.field] ? nil
                : parent.storedIndexes.first { $0.isUnique && $0.condition == nil && $0.fieldNames == [reference.field] }?.name
            if parent.entity.primaryKey != [reference.field] && index == nil { return nil }
            return "OwnerReference(foreignKey: \(SwiftCode.literal("fk_\(entity.table)_\(field.physicalName)")), "
                + "column: \(column.position), ownerPosition: \(owner.position), parentTable: \(SwiftCode.literal(parent.table)), "
                + "parentIndex: \(index.map(SwiftCode.literal) ?? "nil"), parentOwnerPosition: \(parentOwner.position))"
        }
    }

    private func storedRecord(_ entity: SwiftEntity) -> [String] {
        let fields = entity.fields
        var lines = ["extension \(entity.typeName): StoredRecord {",
                     "    /// The store table.",
                     "    public static let tableName = \(SwiftCode.literal(entity.table))",
                     "    /// The entity's schema name.",
                     "    public static let entityName = \(SwiftCode.literal(entity.entity.name))",
                     "    /// Row positions of the primary key.",
                     "    public static let primaryKeyPositions = [\(entity.primaryKey.map { "\($0.position)" }.joined(separator: ", "))]"]
        // Only what differs from StoredRecord's defaults (no auto key, no unique keys, no caps).
        if let auto = entity.fields.first(where: { $0.field.isAuto && $0.field.type.isInteger && entity.entity.primaryKey == [$0.field.name] }) {
            lines += ["    /// Row position of the auto-increment key.",
                      "    public static let autoIncrementPosition: Int? = \(auto.position)"]
        }
        let uniques = entity.storedIndexes.filter { $0.isUnique && $0.condition == nil }.map { index in
            "(index: \(SwiftCode.literal(index.name)), positions: [\(index.fieldNames.compactMap { entity.field(named: $0)?.position }.map(String.init).joined(separator: ", "))])"
        }
        if !uniques.isEmpty {
            lines += ["    /// Unique keys that identify an existing record.",
                      "    public static let uniqueKeys: [(index: String, positions: [Int])] = [\(uniques.joined(separator: ", "))]"]
        }
        let caps = capRules(entity)
        if !caps.isEmpty {
            lines += ["    /// `keep newest` rules applied on insert.",
                      "    public static let capRules: [CapRule] = [\(caps.joined(separator: ", "))]"]
        }
        if !entity.multikeyIndexes.isEmpty {
            lines += ["    /// Multikey indexes over array fields, kept in side tables.",
                      "    public static let multikeyIndexes: [MultikeyIndex<\(entity.typeName)>] = ["]
            for index in entity.multikeyIndexes {
                let array = index.field.field.isOptional ? "($0.\(index.field.bareProperty) ?? [])" : "$0.\(index.field.bareProperty)"
                lines.append("        MultikeyIndex(table: \(SwiftCode.literal(index.table)), ownerIndex: \(SwiftCode.literal(index.ownerIndex))) { \(array).map(\\.storeValue) },")
            }
            lines.append("    ]")
        }
        let references = ownerReferences(entity)
        if !references.isEmpty {
            lines += ["    /// References to owner-scoped parents, kept within the record's owner.",
                      "    public static let ownerReferences: [OwnerReference] = [\(references.joined(separator: ", "))]"]
        }
        lines.append("")
        lines += ["    /// Decodes a stored row.", "    public init(row: Row) throws {",
                  "        guard row.count == \(fields.count) else {",
                  "            throw RecordError.undecodable(entity: Self.entityName, reason: \"\\(row.count) columns instead of \(fields.count)\")",
                  "        }"]
        for field in fields {
            if let scale = field.decimalScale {
                let decode = "try DecimalColumn.decimal(row[\(field.position)], scale: \(scale))"
                lines.append("        self.\(field.bareProperty) = \(field.field.isOptional ? "row[\(field.position)].isNull ? nil : \(decode)" : decode)")
            } else {
                lines.append("        self.\(field.bareProperty) = try \(field.constructorType)(storeValue: row[\(field.position)])")
            }
        }
        lines += ["    }", "", "    /// The record as a row, column by column.", "    public var row: Row {", "        ["]
        for field in fields {
            if let scale = field.decimalScale {
                lines.append(field.field.isOptional
                             ? "            \(field.property).map { DecimalColumn.storeValue($0, scale: \(scale)) } ?? .null,"
                             : "            DecimalColumn.storeValue(\(field.property), scale: \(scale)),")
            } else {
                lines.append("            \(field.property).storeValue,")
            }
        }
        lines += ["        ]", "    }", ""]
        let insertDefaults = fields.filter { field in
            guard field.field.isOptional, let value = field.field.defaultValue else { return false }
            return value == .now || value == .generatedUUID
        }
        lines.append("    /// Fills `now` and generated defaults left nil.")
        lines.append("    public mutating func applyInsertDefaults(now: Date) {")
        for field in insertDefaults {
            lines.append("        if \(field.property) == nil { \(field.property) = \(field.field.defaultValue == .now ? "now" : "UUID()") }")
        }
        lines += ["    }", "", "    /// Sets `on update now` fields.", "    public mutating func applyWriteTimestamps(now: Date) {"]
        for field in fields where field.field.updatesOnWrite { lines.append("        \(field.property) = now") }
        lines += ["    }", "", "    /// Keeps the stored insert defaults this record leaves nil.",
                  "    public mutating func keepInsertDefaults(from existing: Self) {"]
        for field in insertDefaults {
            lines.append("        if \(field.property) == nil { \(field.property) = existing.\(field.property) }")
        }
        lines += ["    }", "}"]
        return lines
    }

    private func capRules(_ entity: SwiftEntity) -> [String] {
        entity.entity.retention.compactMap { rule -> String? in
            guard case .cap(let count, let per, let field) = rule.kind, let order = entity.field(named: field) else { return nil }
            let groups = per.compactMap { entity.field(named: $0)?.position }
            let index = entity.storedIndexes.first { $0.condition == nil && Array($0.fieldNames.prefix(per.count)) == per }
            return "CapRule(count: \(count), groupPositions: [\(groups.map(String.init).joined(separator: ", "))], orderPosition: \(order.position), index: \(index.map { SwiftCode.literal($0.name) } ?? "nil"))"
        }
    }
}
