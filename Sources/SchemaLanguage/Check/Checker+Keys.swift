import Foundation

// Keys and indexes: primary keys, auto fields, indexes and their derived names.
extension Checker {
    mutating func resolvePrimaryKey(entity: inout Entity, attributes: [(String, SourceRange)],
                                    member: ([NameSyntax], SourceRange)?, syntax: EntitySyntax) {
        if attributes.count > 1 {
            bag.error("'\(entity.name)' marks \(attributes.count) fields 'primary'",
                      hint: "for a composite key write 'primary (\(attributes.map(\.0).joined(separator: ", ")))'",
                      at: attributes[1].1)
            return
        }
        if let (names, range) = member {
            if let attribute = attributes.first {
                bag.error("'\(entity.name)' has both a primary field and a 'primary (...)' line",
                          hint: "keep one of them", at: attribute.1)
                return
            }
            var keys: [String] = []
            for name in names {
                guard let field = requireField(name, in: entity, role: "primary-key field") else { continue }
                if keys.contains(name.text) {
                    bag.error("'\(name.text)' appears twice in the primary key", hint: "list each field once", at: name.range)
                }
                if field.isOptional {
                    bag.error("primary-key field '\(name.text)' cannot be optional", hint: "drop the '?'", at: name.range)
                }
                keys.append(name.text)
            }
            if names.isEmpty { bag.error("the primary key lists no fields", hint: "write primary (a, b)", at: range) }
            entity.primaryKey = keys
        } else if let (name, range) = attributes.first {
            if entity.field(named: name)?.isOptional == true {
                bag.error("primary-key field '\(name)' cannot be optional", hint: "drop the '?'", at: range)
            }
            entity.primaryKey = [name]
        }
        for key in entity.primaryKey {
            if let field = entity.field(named: key), field.type.isDocument {
                bag.error("primary-key field '\(key)' is \(field.type.spelling), which cannot be a key",
                          hint: "key on a scalar field", at: syntax.name.range)
            }
        }
        if entity.primaryKey.isEmpty {
            let example = entity.kind == .collection ? "id objectid primary auto named \"_id\"" : "id int64 primary auto"
            bag.error("\(entity.kind.rawValue) '\(entity.name)' has no primary key",
                      hint: "mark a field 'primary' (e.g. \(example)) or add 'primary (a, b)'", at: syntax.name.range)
        }
    }

    mutating func checkAutoFields(_ entity: Entity, syntax: EntitySyntax) {
        for field in entity.fields where field.isAuto && field.type.isInteger {
            if entity.primaryKey != [field.name] {
                bag.error("auto-increment field '\(field.name)' must be the whole primary key",
                          hint: "mark it 'primary', or drop 'auto'", at: rangeOfField(field.name, in: syntax))
            }
        }
        let autoIntegers = entity.fields.filter { $0.isAuto && $0.type.isInteger }
        if autoIntegers.count > 1 {
            bag.error("'\(entity.name)' has more than one auto-increment field", hint: "keep one",
                      at: rangeOfField(autoIntegers[1].name, in: syntax))
        }
    }

    func indexName(_ entity: Entity, _ fields: [String], unique: Bool) -> String {
        "\(unique ? "uq" : "idx")_\(entity.physicalName.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""))_\(fields.joined(separator: "_"))"
    }

    mutating func resolveIndex(_ syntax: IndexSyntax, of entity: Entity, at range: SourceRange) -> Index? {
        var columns: [IndexColumn] = []
        var ok = true
        for column in syntax.columns {
            guard let field = requireField(column.name, in: entity, role: "indexed field") else { ok = false; continue }
            if columns.contains(where: { $0.field == column.name.text }) {
                bag.error("'\(column.name.text)' appears twice in the index", hint: "list each field once", at: column.name.range)
                ok = false
            }
            if entity.kind == .table && field.type.isDocument {
                bag.error("table column '\(field.name)' is \(field.type.spelling), stored as JSON, and cannot be indexed",
                          hint: "index a scalar column", at: column.name.range)
                ok = false
            }
            columns.append(IndexColumn(field: column.name.text, descending: column.descending))
        }
        if syntax.columns.isEmpty {
            bag.error("the index lists no fields", hint: "write index (field)", at: range)
            return nil
        }
        if let written = syntax.name, !checkWrittenName(written, what: "an index name") { ok = false }
        var condition: Condition?
        if let written = syntax.condition { condition = resolveCondition(written, in: entity) }
        var ttl: TimeSpan?
        if let written = syntax.ttl {
            ttl = written.span
            if columns.count != 1 {
                bag.error("a TTL index has exactly one field", hint: "write index (created_at) ttl 30d", at: written.range)
                ok = false
            } else if let field = entity.field(named: columns[0].field), field.type != .timestamp {
                bag.error("TTL index field '\(field.name)' is \(field.type.spelling), not timestamp",
                          hint: "TTL expires documents by a timestamp field", at: written.range)
                ok = false
            }
        }
        guard ok else { return nil }
        let isUnique = syntax.isUnique
        return Index(name: syntax.name?.value ?? indexName(entity, columns.map(\.field), unique: isUnique),
                     columns: columns, isUnique: isUnique, condition: condition, ttl: ttl,
                     isNamed: syntax.name != nil, previousNames: syntax.previousName.map { [$0.value] } ?? [],
                     range: range)
    }

    /// Two indexes over the same columns and condition: the second is dead weight.
    mutating func warnRepeatedIndexes() {
        for entity in schema.entities {
            for index in entity.indexes {
                let duplicates = entity.indexes.filter { $0.columns == index.columns && $0.condition == index.condition }
                if duplicates.count > 1, duplicates.first?.range == index.range {
                    bag.warning("'\(entity.name)' has \(duplicates.count) indexes on (\(index.fieldNames.joined(separator: ", ")))",
                                hint: "drop the repeated index", at: duplicates[1].range)
                }
            }
        }
    }
}
