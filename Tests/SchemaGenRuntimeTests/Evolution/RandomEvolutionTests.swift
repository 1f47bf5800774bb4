import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Random chains of schema changes applied to random data, compared with ``EvolutionModel``:
/// after every open the store holds exactly the model's rows; a change the model predicts to
/// fail is refused naming its version and leaves every file as it was, and the store stays at
/// its version. Several changes often pile up before an open, so chains of steps run too.
@Suite struct RandomEvolutionTests {
    @Test func randomChainsOfChangesKeepEveryValue() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        let path = dir.store()
        var model = EvolutionModel()
        model.columns = [.init(name: "c0", kind: .integer(bits: 64), nullable: true)]
        var nextID: Int64 = 1
        // The store starts empty at version 1, then gets rows at every version it reaches.
        var schemas = [model.schema]
        var steps: [StoreVersionStep] = []
        var committed = (model: model, versions: 1)
        var pending: [RandomChanges.Change] = []
        try Store.open(at: path, schema: model.schema, options: fastOptions).close()
        var opens = 0, refusals = 0
        for round in 0..<(heavyTests ? 2000 : 300) {
            let context = "seed \(seed) round \(round)"
            let change = RandomChanges.randomChange(model, using: &rng)
            pending.append(change)
            schemas.append(change.model.schema)
            steps.append(change.step)
            model = change.model
            // Back at the store's own catalog: the open will start from this version (the latest
            // equal one), so the pending steps' effects on the rows (a fill of nulls) never run.
            if !change.fails, model.schema == schemas[committed.versions - 1] { model.rows = committed.model.rows }
            if !change.fails, pending.count < 3, Bool.random(using: &rng) { continue }

            let evolution = Evolution.chain(schemas, steps)
            let before = try Evolution.files(path)
            // The store's catalog may equal a later version's (a column added and dropped again):
            // the steps run from the latest equal version, and none run when that is the current one.
            let start = schemas.lastIndex(of: schemas[committed.versions - 1])!
            let destructive = steps[start...].flatMap { $0.changes.filter(\.isDestructive) }
            if !destructive.isEmpty, Bool.random(using: &rng) {
                let error = storeError { try Store.open(at: path, evolution: evolution, options: fastOptions, migration: .automatic) }
                #expect(error == .destructiveMigration(changes: destructive), "\(context)")
                #expect(try Evolution.files(path) == before, "\(context)")
            }
            if change.fails {
                refusals += 1
                let error = storeError { try Store.open(at: path, evolution: evolution, options: fastOptions, migration: .allowDestructive) }
                guard case .migrationFailed(let version, let failures, _)? = error else {
                    Issue.record("\(context): expected a failed migration, got \(String(describing: error))")
                    return
                }
                #expect(version == schemas.count && !failures.isEmpty, "\(context): \(failures)")
                #expect(try Evolution.files(path) == before, "\(context)")
                (model, pending) = (committed.model, [])
                schemas.removeLast(schemas.count - committed.versions)
                steps.removeLast(steps.count - committed.versions + 1)
                continue
            }
            opens += 1
            let store: Store
            do {
                store = try Store.open(at: path, evolution: evolution, options: fastOptions, migration: .allowDestructive)
            } catch {
                Issue.record("\(context): \(error)")
                return
            }
            defer { store.close() }
            #expect(try store.snapshot.scan("items") == model.storeRows, "\(context)")
            if round % 10 == 0 { try store.snapshot.checkInvariants() }
            try Self.randomWrites(store, &model, &nextID, using: &rng)
            #expect(try store.snapshot.scan("items") == model.storeRows, "\(context)")
            committed = (model, schemas.count)
            pending = []
        }
        #expect(opens > 50 && refusals > 5, "seed \(seed): \(opens) opens, \(refusals) refusals")
    }

    /// Inserts, updates and deletes a few rows at the current version, in the store and the model,
    /// skipping values a unique index would refuse.
    static func randomWrites(_ store: Store, _ model: inout EvolutionModel, _ nextID: inout Int64,
                             using rng: inout SeededRandom) throws {
        func allowed(_ values: [String: EvolutionModel.Value], except id: Int64) -> Bool {
            model.indexes.filter(\.unique).allSatisfy { ix in
                values[ix.column] == .null || !model.rows.contains { $0.key != id && $0.value[ix.column] == values[ix.column] }
            }
        }
        func row(_ id: Int64, _ values: [String: EvolutionModel.Value]) -> Row {
            [.int(id)] + model.columns.map { EvolutionModel.store(values[$0.name]!, $0.kind) }
        }
        try store.write { tx in
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let values = model.randomRow(using: &rng)
                guard allowed(values, except: nextID) else { continue }
                try tx.insert(row(nextID, values), into: "items")
                model.rows[nextID] = values
                nextID += 1
            }
            if let id = model.rows.keys.sorted().randomElement(using: &rng), let column = model.columns.randomElement(using: &rng) {
                var values = model.rows[id]!
                values[column.name] = EvolutionModel.random(column.kind, nullable: column.nullable, using: &rng)
                if allowed(values, except: id) {
                    try tx.update(row(id, values), in: "items")
                    model.rows[id] = values
                }
            }
            // Deletes keep the table near 30 rows, so a long run costs the same per round.
            for _ in 0..<max(0, model.rows.count - 30) {
                guard let id = model.rows.keys.sorted().randomElement(using: &rng) else { break }
                _ = try tx.delete(primaryKey: [.int(id)], from: "items")
                model.rows[id] = nil
            }
        }
    }
}
