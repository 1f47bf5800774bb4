import SchemaLanguage

/// `<Prefix>+RecordCoding.swift`: the binary coding of nested types and the row mapping of models
/// (`StoredRecord`). Only what differs from `StoredRecord`'s defaults is written.
struct RecordCodingFile {
    let names: SwiftNames

    func declarations() -> [SwiftDeclaration] {
        names.schema.types.map(document) + names.entities.map(storedRecord)
    }

    private func document(_ type: NestedType) -> SwiftDeclaration {
        let fields = type.fields.enumerated().map { SwiftNames.field($1, position: $0) }
        return .type(SwiftTypeDeclaration(keyword: "extension", name: SwiftNames.declaredType(type.name), conformances: ["DocumentValue"], members: [
            .function(SwiftFunction(doc: ["Appends the fields in declaration order."], name: "encode", parameters: ["to writer: inout BinaryWriter"],
                                    body: fields.map { .code("\($0.property).encode(to: &writer)") })),
            .function(SwiftFunction(doc: ["Reads the fields in declaration order."], name: "init", parameters: ["from reader: inout BinaryReader"],
                                    effects: "throws",
                                    body: fields.map { .expression("self.\($0.bareProperty) = ", .code("try \($0.constructorType)(from: &reader)")) })),
        ]))
    }

    private func storedRecord(_ entity: SwiftEntity) -> SwiftDeclaration {
        func constant(_ doc: String, _ name: String, _ type: String?, _ value: SwiftExpression) -> SwiftDeclaration {
            .property(SwiftProperty(doc: [doc], keyword: "public static let", name: name, type: type, value: value))
        }
        var members = [constant("The store table.", "tableName", nil, .string(entity.table)),
                       constant("The entity's schema name.", "entityName", nil, .string(entity.entity.name)),
                       constant("Row positions of the primary key.", "primaryKeyPositions", "[Int]", entity.columns(entity.primaryKey))]
        if let auto = entity.autoIncrementField {
            members.append(constant("Row position of the auto-increment key.", "autoIncrementPosition", "Int?", entity.column(auto)))
        }
        let uniques = entity.storedIndexes.filter { $0.isUnique && $0.condition == nil }.map { index in
            SwiftExpression.call("", [SwiftArgument("index", .string(index.name)),
                                      SwiftArgument("positions", entity.columns(index.fieldNames.compactMap(entity.field(named:))))])
        }
        if !uniques.isEmpty {
            members.append(constant("Unique keys that identify an existing record.", "uniqueKeys", "[(index: String, positions: [Int])]", .array(uniques)))
        }
        if let pageLimit = entity.entity.pageLimit {
            members.append(constant("The largest page a paged read returns (`pages at most \(pageLimit)`); larger limits are clamped.",
                                    "maximumPageSize", "Int", .integer(pageLimit)))
        }
        let caps = capRules(entity)
        if !caps.isEmpty { members.append(constant("`keep newest` rules applied on insert.", "capRules", "[CapRule]", .array(caps))) }
        if !entity.multikeyIndexes.isEmpty {
            for index in entity.multikeyIndexes {
                let array = index.field.field.isOptional ? "($0.\(index.field.bareProperty) ?? [])" : "$0.\(index.field.bareProperty)"
                members.append(constant(
                    "The multikey index `\(index.index.name)` over `\(index.field.physical)`, kept in `\(index.table)`.",
                    SwiftSchemaNames.multikeyIndexProperty(index.field.field.name), "MultikeyIndex<\(entity.typeName)>",
                    .call("MultikeyIndex", [SwiftArgument("table", .string(index.table)), SwiftArgument("ownerIndex", .string(index.ownerIndex)),
                                           SwiftArgument("column", entity.column(index.field))],
                          trailingClosure: SwiftClosure([.code("\(array).map(\\.storeValue)")]))))
            }
            let indexes = entity.multikeyIndexes.map { SwiftExpression.code(SwiftSchemaNames.multikeyIndexProperty($0.field.field.name)) }
            members.append(constant("Multikey indexes over array fields, kept in side tables.", "multikeyIndexes",
                                    "[MultikeyIndex<\(entity.typeName)>]", .array(indexes)))
        }
        let references = ownerReferences(entity)
        if !references.isEmpty {
            members.append(constant("References to owner-scoped parents, kept within the record's owner.", "ownerReferences", "[OwnerReference]",
                                    .array(references)))
        }
        members += rowMapping(entity)
        members += hooks(entity)
        return .type(SwiftTypeDeclaration(keyword: "extension", name: entity.typeName, conformances: ["StoredRecord"], members: members))
    }

    private func rowMapping(_ entity: SwiftEntity) -> [SwiftDeclaration] {
        let count = entity.fields.count
        var decode: [SwiftStatement] = [.block("guard row.count == \(count) else", [
            .expression("throw ", .call("RecordError.undecodable", [SwiftArgument("entity", .code("Self.entityName")),
                                                                    SwiftArgument("reason", .code("\"\\(row.count) columns instead of \(count)\""))])),
        ])]
        var encode: [SwiftExpression] = []
        // Fields are columns in declaration order, so the stored row is read front to back.
        var read: [SwiftStatement] = [.code("try reader.expectColumns(\(count))")]
        for field in entity.fields {
            let column = SwiftExpression.code("row[\(entity.column(field).inline)]")
            if let scale = field.decimalScale {
                let value = SwiftExpression.call("try DecimalColumn.decimal", [SwiftArgument(nil, column), SwiftArgument("scale", .integer(scale))])
                decode.append(.expression("self.\(field.bareProperty) = ",
                                          field.field.isOptional ? .infix(.code("\(column.inline).isNull ? nil"), ":", value) : value))
                encode.append(.code(field.field.isOptional ? "\(field.property).map { DecimalColumn.storeValue($0, scale: \(scale)) } ?? .null"
                                    : "DecimalColumn.storeValue(\(field.property), scale: \(scale))"))
                let readValue = "DecimalColumn.decimal(reader.readValue(), scale: \(scale))"
                read.append(.expression("self.\(field.bareProperty) = ",
                                        .code(field.field.isOptional ? "try reader.readNull() ? nil : \(readValue)" : "try \(readValue)")))
            } else {
                decode.append(.expression("self.\(field.storage) = ", .call("try \(field.constructorType)", [SwiftArgument("storeValue", column)])))
                encode.append(.code("\(field.property).storeValue"))
                read.append(.expression("self.\(field.storage) = ", .code("try \(field.constructorType)(reading: &reader)")))
            }
        }
        return [.function(SwiftFunction(doc: ["Decodes a stored row."], name: "init", parameters: ["row: Row"], effects: "throws", body: decode)),
                .function(SwiftFunction(doc: ["Reads a stored row's bytes field by field, building no row of values."], name: "init",
                                        parameters: ["reading reader: inout RowReader"], effects: "throws", body: read)),
                .property(SwiftProperty(doc: ["The record as a row, column by column."], keyword: "public var", name: "row", type: "Row",
                                        getter: [.expression(.array(encode))]))]
    }

    /// The insert and write hooks that do something for this entity; the rest keep the defaults.
    private func hooks(_ entity: SwiftEntity) -> [SwiftDeclaration] {
        let insertDefaults = entity.fields.filter { field in
            guard field.field.isOptional || field.isStampedOnInsert, let value = field.field.defaultValue else { return false }
            return value == .now || value == .generatedUUID
        }
        var hooks: [SwiftDeclaration] = []
        if !insertDefaults.isEmpty {
            hooks.append(.function(SwiftFunction(
                doc: ["Fills `now` and generated defaults left nil."], modifiers: "public mutating", name: "applyInsertDefaults", parameters: ["now: Date"],
                body: insertDefaults.map { .code("if \($0.storage) == nil { \($0.storage) = \($0.field.defaultValue == .now ? "now" : "UUID()") }") })))
        }
        let stamped = entity.fields.filter(\.field.updatesOnWrite)
        if !stamped.isEmpty {
            hooks.append(.function(SwiftFunction(
                doc: ["Sets the `on update now` fields this update leaves as they were (as the SQL triggers do)."],
                modifiers: "public mutating", name: "applyWriteTimestamps", parameters: ["now: Date", "previous: Self"],
                body: stamped.map { .code("if \($0.property) == previous.\($0.property) { \($0.property) = now }") })))
        }
        if !insertDefaults.isEmpty {
            hooks.append(.function(SwiftFunction(
                doc: ["Keeps the stored insert defaults this record leaves nil."], modifiers: "public mutating", name: "keepInsertDefaults",
                parameters: ["from existing: Self"],
                body: insertDefaults.map { .code("if \($0.storage) == nil { \($0.storage) = existing.\($0.storage) }") })))
        }
        return hooks
    }

    /// `OwnerReference(…)` for each foreign key between two owner-scoped entities (the owner
    /// fields themselves excepted), as PostgreSQL keys them on the owner too.
    private func ownerReferences(_ entity: SwiftEntity) -> [SwiftExpression] {
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
            return .call("OwnerReference", [
                SwiftArgument("foreignKey", .string("fk_\(entity.table)_\(field.physicalName)")), SwiftArgument("column", entity.column(column)),
                SwiftArgument("ownerPosition", entity.column(owner)), SwiftArgument("parentTable", .string(parent.table)),
                SwiftArgument("parentIndex", .optionalString(index)), SwiftArgument("parentOwnerPosition", parent.column(parentOwner, qualified: true)),
            ])
        }
    }

    private func capRules(_ entity: SwiftEntity) -> [SwiftExpression] {
        entity.entity.retention.compactMap { rule -> SwiftExpression? in
            guard case .cap(let count, let per, let field) = rule.kind, let order = entity.field(named: field) else { return nil }
            let index = entity.storedIndexes.first { $0.condition == nil && Array($0.fieldNames.prefix(per.count)) == per }
            return .call("CapRule", [SwiftArgument("count", .integer(count)),
                                     SwiftArgument("groupPositions", entity.columns(per.compactMap(entity.field(named:)))),
                                     SwiftArgument("orderPosition", entity.column(order)), SwiftArgument("index", .optionalString(index?.name))])
        }
    }
}
