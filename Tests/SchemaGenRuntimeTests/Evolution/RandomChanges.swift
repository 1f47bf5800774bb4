import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Random schema changes of ``EvolutionModel``, each with the step a planner would emit and
/// whether the model's rows make it fail.
enum RandomChanges {
    /// One random change: the model after it, the step, and whether existing rows make it fail.
    struct Change {
        var model: EvolutionModel
        var step: StoreVersionStep
        var fails = false
    }

    static func randomKind(_ m: inout EvolutionModel, using rng: inout SeededRandom) -> EvolutionModel.Kind {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return .integer(bits: Bool.random(using: &rng) ? 32 : 64)
        case 1: return .text(max: Bool.random(using: &rng) ? nil : Int.random(in: 4...12, using: &rng))
        case 2: return .enumeration(m.fresh("E"), cases: (0..<Int.random(in: 2...3, using: &rng)).map { _ in m.fresh("k") })
        default: return .document(m.fresh("D"), fields: (0..<Int.random(in: 1...3, using: &rng)).map { _ in m.fresh("f") })
        }
    }

    static func randomChange(_ old: EvolutionModel, using rng: inout SeededRandom) -> Change {
        var m = old
        var sources: [String: ColumnSource] = [:]
        var documents: [String: DocumentSource] = [:]
        var enums: [String: [String: String]] = [:]
        var changes: [StoreChange] = []
        var fails = false
        let pick = m.columns.isEmpty ? 0 : Int.random(in: 0..<11, using: &rng)
        let c = m.columns.isEmpty ? 0 : Int.random(in: 0..<m.columns.count, using: &rng)
        let ids = Array(m.rows.keys)
        func values() -> [EvolutionModel.Value] { ids.map { m.rows[$0]![m.columns[c].name]! } }
        switch (pick, m.columns.isEmpty ? nil : m.columns[c].kind) {
        case (1, _) where m.columns.count > 1:
            let name = m.columns.remove(at: c).name
            m.indexes.removeAll { $0.column == name }
            for id in ids { m.rows[id]![name] = nil }
            changes.append(destructive("SG203", "items", name, "drop field 'items.\(name)'"))
        case (2, _):
            let (from, to) = (m.columns[c].name, m.fresh("c"))
            m.columns[c].name = to
            for i in m.indexes.indices where m.indexes[i].column == from { m.indexes[i].column = to }
            for id in ids { m.rows[id]![to] = m.rows[id]!.removeValue(forKey: from) }
            sources[to] = .column(from, whenNull: nil)
        case (3, .integer(let bits)?):
            m.columns[c].kind = .integer(bits: bits == 32 ? 64 : 32)
            fails = bits == 64 && values().contains { if case .int(let v) = $0 { Int32(exactly: v) == nil } else { false } }
        case (4, .text?):
            let max: Int? = Bool.random(using: &rng) ? nil : Int.random(in: 1...12, using: &rng)
            m.columns[c].kind = .text(max: max)
            fails = values().contains { if case .text(let s) = $0, let max { s.count > max } else { false } }
        case (5, let kind?):
            if m.columns[c].nullable {
                let fill: EvolutionModel.Value? = Bool.random(using: &rng) ? EvolutionModel.random(kind, nullable: false, using: &rng) : nil
                m.columns[c].nullable = false
                fails = fill == nil && values().contains(.null)
                for id in ids where m.rows[id]![m.columns[c].name] == .null { m.rows[id]![m.columns[c].name] = fill ?? .null }
                // Nulls never conflict in a unique index; the filled value may.
                fails = fails || m.indexes.contains { $0.unique && $0.column == m.columns[c].name } && m.hasDuplicates(m.columns[c].name)
                sources[m.columns[c].name] = .column(m.columns[c].name, whenNull: fill.map { EvolutionModel.store($0, kind) })
            } else {
                m.columns[c].nullable = true
            }
        case (6, .enumeration(let name, let cases)?):
            m.columns[c].kind = .enumeration(name, cases: cases + [m.fresh("k")])
        case (7, .enumeration(let name, var cases)?):
            let i = Int.random(in: 0..<cases.count, using: &rng)
            let renamed = m.fresh("k")
            enums[name] = [cases[i]: renamed]
            for id in ids where m.rows[id]![m.columns[c].name] == .text(cases[i]) { m.rows[id]![m.columns[c].name] = .text(renamed) }
            cases[i] = renamed
            m.columns[c].kind = .enumeration(name, cases: cases)
        case (8, .enumeration(let name, var cases)?) where cases.count > 1:
            let removed = cases.remove(at: Int.random(in: 0..<cases.count, using: &rng))
            m.columns[c].kind = .enumeration(name, cases: cases)
            fails = values().contains(.text(removed))
        case (9, .document(let name, var fields)?):
            switch Int.random(in: 0..<3, using: &rng) {
            case 0 where fields.count > 1:
                fields.swapAt(0, fields.count - 1)
            case 1:
                let i = Int.random(in: 0..<fields.count, using: &rng)
                let renamed = m.fresh("f")
                documents[name] = DocumentSource(oldName: name, fields: [renamed: .column(fields[i], whenNull: nil)])
                for id in ids { if case .doc(var d) = m.rows[id]![m.columns[c].name] { d[renamed] = d.removeValue(forKey: fields[i]); m.rows[id]![m.columns[c].name] = .doc(d) } }
                fields[i] = renamed
            default:
                let added = m.fresh("f"), value = Int64.random(in: -9...9, using: &rng)
                documents[name] = DocumentSource(oldName: name, fields: [added: .fill(.int(value))])
                for id in ids { if case .doc(var d) = m.rows[id]![m.columns[c].name] { d[added] = value; m.rows[id]![m.columns[c].name] = .doc(d) } }
                fields.insert(added, at: Int.random(in: 0...fields.count, using: &rng))
            }
            m.columns[c].kind = .document(name, fields: fields)
        case (10, _):
            if let i = m.indexes.indices.randomElement(using: &rng), Bool.random(using: &rng) {
                m.indexes.remove(at: i)
            } else {
                let unique = Bool.random(using: &rng)
                m.indexes.append(.init(name: m.fresh("ix"), column: m.columns[c].name, unique: unique))
                fails = unique && m.hasDuplicates(m.columns[c].name)
            }
        default:
            let kind = randomKind(&m, using: &rng), nullable = Bool.random(using: &rng)
            let fill = EvolutionModel.random(kind, nullable: nullable, using: &rng)
            let name = m.fresh("c")
            m.columns.insert(.init(name: name, kind: kind, nullable: nullable), at: Int.random(in: 0...m.columns.count, using: &rng))
            for id in ids { m.rows[id]![name] = fill }
            sources[name] = .fill(EvolutionModel.store(fill, kind))
        }
        let step = StoreVersionStep(tableSources: ["items": "items"], columnSources: ["items": sources],
                                    documentSources: documents, enumCaseRenames: enums, changes: changes)
        return Change(model: m, step: step, fails: fails)
    }
}
