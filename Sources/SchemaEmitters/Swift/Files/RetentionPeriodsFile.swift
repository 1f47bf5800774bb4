import SchemaLanguage

/// `<Prefix>+RetentionPeriods.swift`: the schema's named retention periods
/// (`after warning_expiry = 90d by …`) as one value type, each period in seconds with the schema's
/// default. The database keeps the periods it was opened with for its sweeps; a sweep may be given others.
struct RetentionPeriodsFile {
    let names: SwiftNames
    var schema: Schema { names.schema }

    func declarations() -> [SwiftDeclaration] {
        let periods = schema.retentionPeriods
        guard !periods.isEmpty else { return [] }
        let type = names.types.retentionPeriodsType
        var members: [SwiftDeclaration] = periods.map { period in
            let users = schema.entities.flatMap { entity in
                entity.retention.filter { $0.period == period.name }.map { "- `\(entity.name)`: `\($0.source)`" }
            }
            return .property(SwiftProperty(
                doc: ["`\(period.name)`, in seconds (default \(period.defaultSpan.text)), the age of:"] + users,
                keyword: "public var", name: SwiftNaming.escaped(SwiftSchemaNames.retentionPeriodProperty(period.name)),
                type: "TimeInterval"))
        }
        let parameters = periods.map { period in
            "\(SwiftNaming.escaped(SwiftSchemaNames.retentionPeriodProperty(period.name))): TimeInterval = \(period.defaultSpan.seconds)"
        }
        members.append(.function(SwiftFunction(
            doc: ["The schema's defaults, or the periods given (seconds). A sweep refuses a negative or non-finite",
                  "period with `RetentionError.invalidPeriod` before it touches a row."],
            name: "init", parameters: parameters,
            body: periods.map { period in
                // A keyword period (`default`, `in`) must be backticked on both sides of the assignment.
                let property = SwiftNaming.escaped(SwiftSchemaNames.retentionPeriodProperty(period.name))
                return .code("self.\(property) = \(property)")
            })))
        return [.type(SwiftTypeDeclaration(
            doc: ["The named retention periods of `\(schema.name)`: pass them to `\(names.types.databaseType).open` for",
                  "every sweep of the database, or to one sweep."],
            keyword: "public struct", name: type, conformances: ["Sendable", "Hashable"], members: members))]
    }
}
