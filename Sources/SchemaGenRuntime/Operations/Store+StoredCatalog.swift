import Foundation

extension Store {
    /// The schema a store was written with, read from its snapshot (no generated code needed).
    ///
    /// - Throws: ``StoreError/corrupted(file:offset:reason:)`` when there is no readable snapshot.
    public static func storedSchema(at path: String, fileSystem: any StorageFileSystem = POSIXFileSystem()) throws -> StoreSchema {
        guard let schema = try StoredCatalog.read(path, fileSystem: fileSystem) else {
            throw StoreError.missingCheckpoint(in: path)
        }
        return schema
    }

    /// Opens an existing store with the schema it was written with, for tools that have no
    /// generated code (``open(at:schema:options:)`` with ``storedSchema(at:fileSystem:)``).
    public static func open(storedAt path: String, options: StoreOptions = StoreOptions()) throws -> Store {
        try open(at: path, schema: try storedSchema(at: path, fileSystem: options.fileSystem), options: options)
    }

    /// ``verify(at:schema:fileSystem:)`` with the schema the store was written with.
    public static func verify(storedAt path: String, fileSystem: any StorageFileSystem = POSIXFileSystem()) throws -> VerificationReport {
        try verify(at: path, schema: try storedSchema(at: path, fileSystem: fileSystem), fileSystem: fileSystem)
    }

    /// Describes a closed store (or a backup) without changing it: its tables with row counts,
    /// its files and where its log stands. Reads and replays everything, so damage throws as
    /// an open would.
    public static func inspect(at path: String, fileSystem fs: any StorageFileSystem = POSIXFileSystem()) throws -> StoreInspection {
        let schema = try ResolvedSchema(try storedSchema(at: path, fileSystem: fs))
        let lock = try fs.lock(path + "/" + FileFormat.Directory.lock)
        defer { lock.release() }
        let recovered = try Recovery.open(path, schema: schema, fileSystem: fs, sync: false, readOnly: true)
        defer { recovered.pages?.close() }
        let tables = schema.tables.map { table in
            StoreInspection.TableSummary(name: table.name, rows: recovered.state.tables[table.id].primary.count,
                                  columns: table.definition.columns, primaryKey: table.definition.primaryKey,
                                  indexes: table.definition.indexes.map(\.name))
        }
        var logs: [StoreInspection.LogSummary] = []
        for name in try fs.listDirectory(path).sorted() {
            guard let generation = FileFormat.Directory.generation(ofLogName: name) else { continue }
            let contents = try WriteAheadLog.read(path + "/" + name, generation: generation, fileSystem: fs)
            logs.append(.init(name: name, bytes: contents.fileBytes, transactions: contents.transactions.count,
                              firstSequence: contents.firstSequence, hasCommitTimes: contents.hasCommitTimes))
        }
        let backup = fs.fileExists(path + "/" + BackupManifest.fileName) ? try BackupManifest.read(path, fileSystem: fs) : nil
        // The checkpoint is `snapshot.dat`, or (page format) the meta file and the page file it names.
        // The page file can be large: its size comes from the open file, not from reading it.
        let checkpointBytes = try recovered.pages.map { try fs.readFile(PageStore.metaPath(path)).count + Int($0.file.size()) }
            ?? fs.readFile(path + "/" + FileFormat.Directory.snapshot).count
        let pages = recovered.pages.flatMap { $0.file.reusesPageRuns ? $0 : nil }
        return StoreInspection(tables: tables, snapshotBytes: checkpointBytes,
                               freePageBytes: pages.map { Int($0.freeRuns.bytes) }, freePageRuns: pages?.freeRuns.runs.count,
                               freePageBytesFreedByLastCheckpoint: pages.map { Int($0.freeRuns.bytes(freedBy: $0.checkpointNumber)) },
                               logs: logs, nextSequence: recovered.chain.sequence, hasTornTail: recovered.discardedTornTail,
                               backup: backup)
    }
}
