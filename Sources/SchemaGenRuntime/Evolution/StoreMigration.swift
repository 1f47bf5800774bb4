extension Store {
    /// Opens the store in directory `path` at the current (last) version of `evolution`,
    /// migrating a store that an older version wrote.
    ///
    /// ```swift
    /// let store = try Store.open(at: path, evolution: BotData.evolution, migration: .allowDestructive,
    ///                            transforms: [StoreTransform(toVersion: 3, table: "users") { old, new in … }],
    ///                            progress: { print("\($0.table): \($0.rowsDone)/\($0.rowsTotal)") })
    /// ```
    ///
    /// A new store is created at the current version, and one at the current version opens as
    /// with ``open(at:schema:options:)``. A store whose catalog equals an older version's (the
    /// latest such version) is recovered under that version's catalog, then every step from
    /// there to the current version runs in memory, and the result replaces the store in one
    /// atomic checkpoint: a crash at any moment leaves either the old catalog with all old
    /// data or the new catalog with all migrated data. Every check runs before anything is
    /// written, so a refused or failed migration leaves the files as they were.
    ///
    /// - Parameters:
    ///   - migration: whether an older store may be migrated, and whether destructive changes may run.
    ///   - transforms: the bot's transforms; each step's ``ColumnSource/transform`` columns need one
    ///     for their table, and a registered transform sees every row of its table in its step.
    ///   - progress: called on the opening thread as each table's rows are converted or indexed:
    ///     at its start, every 10,000 rows, and at its end.
    /// - Throws: ``StoreError/unknownStoreVersion(_:)`` if no version has the stored catalog;
    ///   ``StoreError/migrationRefused(storedVersion:currentVersion:)`` under ``StoreMigrationPolicy/refuse``;
    ///   ``StoreError/destructiveMigration(changes:)`` under ``StoreMigrationPolicy/automatic``;
    ///   ``StoreError/missingTransform(version:table:)``; ``StoreError/invalidTransform(version:table:reason:)``
    ///   for a typed transform of an earlier step or an unknown table; ``StoreError/migrationFailed(version:failures:omitted:)``
    ///   listing the rows that cannot be converted; and whatever ``open(at:schema:options:)`` throws.
    public static func open(at path: String, evolution: StoreEvolution, options: StoreOptions = StoreOptions(),
                            migration: StoreMigrationPolicy = .automatic, transforms: [StoreTransform] = [],
                            progress: ((StoreMigrationProgress) -> Void)? = nil) throws -> Store {
        guard let current = evolution.versions.last else { throw StoreError.invalidSchema("the evolution has no version") }
        guard evolution.steps.count == evolution.versions.count - 1 else {
            throw StoreError.invalidSchema("the evolution has \(evolution.versions.count) versions but \(evolution.steps.count) steps")
        }
        let resolved = try ResolvedSchema(current.schema)
        try checkTypedTransforms(transforms, current: current.number, schema: resolved)
        let fs = options.fileSystem
        try fs.createDirectory(path)
        let lock = try fs.lock(path + "/LOCK")
        do {
            let sync = options.durability != .unsynced
            let recovered: Recovery.Result
            if let stored = try StoredCatalog.read(path, fileSystem: fs), stored != current.schema {
                let run = StoreMigration(directory: path, evolution: evolution, policy: migration, transforms: transforms,
                                         progress: progress, fileSystem: fs, sync: sync)
                recovered = try run.migrate(from: stored)
            } else {
                recovered = try Recovery.open(path, schema: resolved, fileSystem: fs, sync: sync,
                                              logArchive: options.logArchiveDirectory, format: options.checkpointFormat, cacheNodes: options.pageCacheNodes)
            }
            return Store(path: path, schema: resolved, options: options, lock: lock, recovered: recovered)
        } catch {
            lock.release()
            throw error
        }
    }

    /// Typed transforms build the current version's records, so they fit the last step only;
    /// checked on every open, so a wrong registration shows before any store needs migrating.
    private static func checkTypedTransforms(_ transforms: [StoreTransform], current: Int, schema: ResolvedSchema) throws {
        for t in transforms {
            guard let record = t.record else { continue }
            if t.toVersion != current {
                throw StoreError.invalidTransform(
                    version: t.toVersion, table: t.table,
                    reason: "the typed transform of \(record.typeName) fits only the step to the current version \(current); "
                        + "register an untyped StoreTransform(toVersion:table:body:) for an earlier step")
            }
            if schema.tableIDs[t.table] == nil {
                throw StoreError.invalidTransform(version: t.toVersion, table: t.table,
                                                  reason: "the current version has no table '\(t.table)'")
            }
        }
    }
}

/// One migration of a store directory from the version that wrote it to the current one.
struct StoreMigration {
    let directory: String
    let evolution: StoreEvolution
    let policy: StoreMigrationPolicy
    let transforms: [StoreTransform]
    let progress: ((StoreMigrationProgress) -> Void)?
    let fileSystem: StorageFileSystem
    let sync: Bool

    /// Checks, migrates in memory, and writes the result as the store's new snapshot.
    func migrate(from stored: StoreSchema) throws -> Recovery.Result {
        let versions = evolution.versions
        let start = try StoredVersion.find(stored, in: versions)
        let stepIndices = start..<evolution.steps.count
        switch policy {
        case _ where stepIndices.isEmpty:
            break // Only the catalog gains its shapes; no value changes.
        case .refuse:
            throw StoreError.migrationRefused(storedVersion: versions[start].number, currentVersion: versions.last!.number)
        case .automatic:
            let destructive = stepIndices.flatMap { evolution.steps[$0].changes.filter(\.isDestructive) }
            if !destructive.isEmpty { throw StoreError.destructiveMigration(changes: destructive) }
        case .allowDestructive:
            break
        }
        for i in stepIndices {
            try StepValidation.check(evolution.steps[i], from: versions[i].schema, to: versions[i + 1].schema, version: versions[i + 1].number)
        }
        let registered = try transformsByStep(stepIndices)
        let schemas = try versions[start...].map { try ResolvedSchema($0.schema) }
        // The old logs are replayed under the old catalog, changing nothing on disk yet.
        // Under the catalog as stored: a catalog written before shapes were recorded has none.
        let recoverySchema = stored == versions[start].schema ? schemas[0] : try ResolvedSchema(stored)
        let old = try Recovery.open(directory, schema: recoverySchema, fileSystem: fileSystem, sync: sync, readOnly: true)
        var state = old.state
        for (k, i) in stepIndices.enumerated() {
            let number = versions[i + 1].number
            let runner = VersionStepRunner(version: number, old: schemas[k], new: schemas[k + 1], step: evolution.steps[i],
                                           transforms: registered[number] ?? [:], progress: progress)
            state = try runner.run(state)
        }
        return try persist(state, schema: schemas.last!, after: old)
    }

    /// The registered transforms by version and table; throws if a step needs one that is missing.
    private func transformsByStep(_ stepIndices: Range<Int>) throws -> [Int: [String: StoreTransform]] {
        var registered: [Int: [String: StoreTransform]] = [:]
        for t in transforms { registered[t.toVersion, default: [:]][t.table] = t }
        for i in stepIndices {
            let number = evolution.versions[i + 1].number
            let step = evolution.steps[i]
            for table in step.columnSources.keys.sorted() where step.columnSources[table]!.values.contains(.transform) {
                if registered[number]?[table] == nil { throw StoreError.missingTransform(version: number, table: table) }
            }
        }
        return registered
    }

    /// Replaces the store with `state` in one atomic step, the way a checkpoint does: a new empty
    /// log first (a crash now leaves it abandoned, and recovery removes it), then the snapshot
    /// naming it, renamed into place (from then on the new catalog is the store), then the old logs go.
    private func persist(_ state: StoreState, schema: ResolvedSchema, after old: Recovery.Result) throws -> Recovery.Result {
        let generation = old.logGeneration + 1
        let (log, chain) = try WriteAheadLog.create(generation: generation, firstSequence: old.chain.sequence,
                                                    in: directory, fileSystem: fileSystem, sync: sync)
        var state = state
        var pages: PageStore?
        do {
            if PageStore.exists(in: directory, fileSystem: fileSystem) {
                (pages, state) = try PageStore.create(state, directory: directory, schema: schema, fileSystem: fileSystem, sync: sync,
                                                      cacheNodes: StoreOptions().pageCacheNodes, logGeneration: generation)
            } else {
                try SnapshotFile.write(state, schema: schema, logGeneration: generation, directory: directory,
                                       fileSystem: fileSystem, sync: sync)
            }
            for name in try fileSystem.listDirectory(directory) {
                if let g = FileFormat.Directory.generation(ofLogName: name), g < generation { try fileSystem.remove(directory + "/" + name) }
            }
        } catch {
            // The log stays: if the rename reached the disk, the new snapshot names it.
            log.close()
            throw error
        }
        return Recovery.Result(state: state, logGeneration: generation, log: log, logSize: FileFormat.Log.headerRecordSize, chain: chain,
                               replayedTransactions: old.replayedTransactions, discardedTornTail: old.discardedTornTail, pages: pages)
    }
}
