// Warnings about designs that check but do not do what they seem to: a TTL index a SQL target
// ignores, an index another index already serves, and required foreign keys in a cycle.
extension Checker {
    /// `ttl` on a table's index: only MongoDB expires documents by index; SQL keeps every row.
    mutating func warnTTLOnTables() {
        let sqlTargets = schema.targets.filter(\.isSQL).map(\.rawValue)
        guard !sqlTargets.isEmpty else { return }
        for entity in schema.tables {
            for index in entity.indexes {
                guard let ttl = index.ttl, let field = index.fieldNames.first else { continue }
                bag.warning("'ttl \(ttl.text)' on an index of table '\(entity.name)' expires nothing: "
                            + "\(sqlTargets.joined(separator: ", ")) cannot enforce a TTL index",
                            hint: "write 'retain { delete after \(ttl.text) by \(field) }' for a job that deletes the rows",
                            at: index.range)
            }
        }
    }

    /// A plain index whose columns begin another index's: every query it serves, the longer one
    /// serves too, and each costs every write. Unique, partial and TTL indexes say more than their
    /// columns and are left alone.
    mutating func warnPrefixIndexes() {
        for entity in schema.entities {
            for index in entity.indexes where !index.isUnique && index.condition == nil && index.ttl == nil {
                let longer = entity.indexes.first { other in
                    other.columns.count > index.columns.count && other.condition == nil
                        && Array(other.columns.prefix(index.columns.count)) == index.columns
                }
                guard let longer else { continue }
                bag.warning("index (\(index.fieldNames.joined(separator: ", "))) of '\(entity.name)' is a prefix of "
                            + "index (\(longer.fieldNames.joined(separator: ", "))), which serves the same queries",
                            hint: "drop it, unless a document you follow asks for both", at: index.range)
            }
        }
    }

    /// Required foreign keys around a cycle of two or more entities: no row of any of them can be
    /// inserted first, because each needs an existing row of the next.
    mutating func warnRequiredReferenceCycles() {
        var edges: [String: [(target: String, field: Field)]] = [:]
        for entity in schema.entities {
            for (field, reference) in entity.foreignKeys where !field.isOptional && reference.entity != entity.name {
                edges[entity.name, default: []].append((reference.entity, field))
            }
        }
        var reported: Set<String> = []
        for entity in schema.entities {
            guard let cycle = cycle(from: entity.name, edges: edges) else { continue }
            let key = Set(cycle.map(\.entity)).sorted().joined(separator: ",")
            guard reported.insert(key).inserted, let first = cycle.first else { continue }
            let path = cycle.map { "\($0.entity).\($0.field.name)" }.joined(separator: " → ")
            bag.warning("required foreign keys form a cycle (\(path) → \(first.entity)): no row of these tables can be inserted first",
                        hint: "make one of these fields optional (\(first.field.name)?) so a row can be inserted before its reference",
                        at: first.field.range)
        }
    }

    /// The shortest cycle through `start` along required references, as (entity, its field) hops.
    private func cycle(from start: String, edges: [String: [(target: String, field: Field)]]) -> [(entity: String, field: Field)]? {
        var queue: [[(entity: String, field: Field)]] = (edges[start] ?? []).map { [(start, $0.field)] }
        var targets: [String] = (edges[start] ?? []).map(\.target)
        var visited: Set<String> = [start]
        var position = 0
        while position < queue.count {
            let path = queue[position], at = targets[position]
            position += 1
            if at == start { return path }
            guard visited.insert(at).inserted else { continue }
            for edge in edges[at] ?? [] {
                queue.append(path + [(at, edge.field)])
                targets.append(edge.target)
            }
        }
        return nil
    }
}
