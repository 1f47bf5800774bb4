/// Reading only the catalog of a store's snapshot, to learn which version wrote it before
/// choosing the schema its rows are loaded with.
enum StoredCatalog {
    /// The catalog in the header record of `directory`'s snapshot, or nil when there is no snapshot (a new store).
    static func read(_ directory: String, fileSystem: StorageFileSystem) throws -> StoreSchema? {
        if PageStore.exists(in: directory, fileSystem: fileSystem) { return try PageStore.catalog(in: directory, fileSystem: fileSystem) }
        let path = directory + "/" + FileFormat.Directory.snapshot
        guard fileSystem.fileExists(path) else { return nil }
        let bytes = try fileSystem.readFile(path)
        func corrupt() -> StoreError {
            .corrupted(file: path, offset: 0, reason: "not a snapshot file of format \(FileFormat.Snapshot.version)")
        }
        var frame = ByteReader(bytes)
        guard let length = try? frame.u32(), let payloadCRC = try? frame.u32(), let headerCRC = try? frame.u32(),
              CRC32C.checksum(bytes, 0..<8) == headerCRC, Int(length) <= bytes.count - FileFormat.Frame.headerSize,
              CRC32C.checksum(bytes, FileFormat.Frame.headerSize..<FileFormat.Frame.headerSize + Int(length)) == payloadCRC else {
            throw corrupt()
        }
        var h = ByteReader(bytes, from: FileFormat.Frame.headerSize, to: FileFormat.Frame.headerSize + Int(length))
        guard (try? h.raw(8)) == FileFormat.Snapshot.magic, (try? h.u32()) == FileFormat.Snapshot.version, (try? h.u64()) != nil,
              let catalog = try? h.blob() else { throw corrupt() }
        return try Catalog.decode(catalog, file: path, offset: 0)
    }
}
