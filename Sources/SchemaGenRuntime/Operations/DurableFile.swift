/// Whole-file writes that are atomic and durable: a crash leaves the old file or the new one.
enum DurableFile {
    static func write(_ bytes: [UInt8], to path: String, fileSystem fs: StorageFileSystem, sync: Bool) throws {
        let temporary = path + ".tmp"
        let file = try fs.openForAppend(temporary, truncate: true)
        var isOpen = true
        defer { if isOpen { file.close() } }
        do {
            try file.append(bytes)
            if sync { try file.sync() }
            file.close()
            isOpen = false
            try fs.rename(temporary, to: path)
            if sync { try fs.syncDirectory(parentDirectory(of: path)) }
        } catch {
            try? fs.remove(temporary)
            throw error
        }
    }

    /// The directory holding `path` ("." for a bare file name, "/" for a file at the root).
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
