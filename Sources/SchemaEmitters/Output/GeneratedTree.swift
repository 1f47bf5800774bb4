import Foundation

/// The `generated/` directory as the emitters want it: compares it with what is on disk,
/// writes only files whose bytes changed (so build systems don't rebuild for nothing), and
/// removes files a schema no longer produces, but only files an earlier build wrote.
///
/// Each owned folder keeps an ``OutputManifest`` of what the build wrote there. A file in an owned
/// folder that the manifest does not list and that the build would delete or overwrite is
/// ``Difference/unowned(_:)``: ``write()`` then changes nothing and throws ``UnownedFiles``.
public struct GeneratedTree: Sendable {
    /// The output root, e.g. `generated`.
    public let root: URL
    /// Every file that should exist, paths relative to ``root``, manifests included.
    public let files: [EmittedFile]
    /// The top-level folders this build owns (one per schema); files found there but not
    /// emitted are stale. Other folders under the root are left alone.
    public let ownedFolders: Set<String>

    /// Creates the tree for a set of emitted files (paths `<folder>/…`), adding the manifest of
    /// every owned folder.
    public init(root: URL, files: [EmittedFile], ownedFolders: Set<String>) {
        self.root = root
        self.ownedFolders = ownedFolders
        var byFolder: [String: [String]] = [:]
        for file in files {
            let parts = file.path.split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else { continue }
            byFolder[String(parts[0]), default: []].append(String(parts[1]))
        }
        let manifests = ownedFolders.sorted().map { folder in
            EmittedFile(path: folder + "/" + OutputManifest.fileName,
                        contents: OutputManifest(paths: byFolder[folder] ?? []).contents)
        }
        self.files = files + manifests
    }

    /// How one path differs from what should be there.
    public enum Difference: Sendable, Hashable, CustomStringConvertible {
        case missing(String)
        case changed(String)
        case extra(String)
        /// A file no build wrote (the manifest does not list it) that would be deleted or overwritten.
        case unowned(String)

        /// The path concerned.
        public var path: String {
            switch self {
            case .missing(let path), .changed(let path), .extra(let path), .unowned(let path): path
            }
        }

        /// `stale: path (changed)` style text for the CLI.
        public var description: String {
            switch self {
            case .missing(let path): "\(path) (missing)"
            case .changed(let path): "\(path) (out of date)"
            case .extra(let path): "\(path) (no longer generated)"
            case .unowned(let path): "\(path) (not written by schemagen)"
            }
        }
    }

    /// Thrown by ``write()`` when an owned folder holds files schemagen did not write that the
    /// build would delete or overwrite; nothing was changed.
    public struct UnownedFiles: Error, Sendable, Hashable, CustomStringConvertible {
        /// The files, relative to the root, sorted.
        public let paths: [String]

        /// One sentence naming the files.
        public var description: String {
            "\(paths.count) file\(paths.count == 1 ? "" : "s") in the output folder \(paths.count == 1 ? "was" : "were") not written "
                + "by schemagen and would be deleted or overwritten: " + paths.joined(separator: ", ")
        }
    }

    /// Every difference between the disk and the emitted files, sorted by path.
    public func differences() -> [Difference] {
        var result: [Difference] = []
        let expected = Set(files.map(\.path))
        let written = writtenFiles()
        for file in files {
            let url = root.appendingPathComponent(file.path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                result.append(.missing(file.path))
                continue
            }
            if data != Data(file.contents.utf8) {
                result.append(written.contains(file.path) ? .changed(file.path) : .unowned(file.path))
            }
        }
        for path in existingFiles() where !expected.contains(path) {
            result.append(written.contains(path) ? .extra(path) : .unowned(path))
        }
        return result.sorted { $0.path < $1.path }
    }

    /// Brings the disk in line: writes missing and changed files, deletes extra ones (and the
    /// folders that leaves empty). Returns what it changed.
    ///
    /// A changed manifest is first written listing the old and the new files, and in its final
    /// form last, so a build interrupted midway leaves every file it wrote listed.
    ///
    /// - Throws: ``UnownedFiles``, before changing anything, if that would delete or overwrite a
    ///   file no build wrote.
    @discardableResult
    public func write() throws -> [Difference] {
        let differences = differences()
        let unowned = differences.filter { if case .unowned = $0 { true } else { false } }
        guard unowned.isEmpty else { throw UnownedFiles(paths: unowned.map(\.path)) }
        let contents = Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
        let isManifest = { (path: String) in path.hasSuffix("/" + OutputManifest.fileName) }
        for manifest in differences.map(\.path) where isManifest(manifest) {
            let folder = root.appendingPathComponent(manifest).deletingLastPathComponent()
            let interim = OutputManifest(paths: (OutputManifest.stored(in: folder)?.paths ?? [])
                                         + OutputManifest(parsing: contents[manifest]!).paths)
            try save(interim.contents, at: manifest)
        }
        for difference in differences where !isManifest(difference.path) {
            switch difference {
            case .missing(let path), .changed(let path):
                try save(contents[path]!, at: path)
            case .extra(let path):
                try FileManager.default.removeItem(at: root.appendingPathComponent(path))
                try removeEmptyFolders(above: path)
            case .unowned:
                preconditionFailure("refused above")
            }
        }
        for manifest in differences.map(\.path) where isManifest(manifest) { try save(contents[manifest]!, at: manifest) }
        return differences
    }

    private func save(_ text: String, at path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// Removes the folders between `path` and its owned folder that deleting it left empty.
    private func removeEmptyFolders(above path: String) throws {
        var components = path.split(separator: "/").dropLast()
        while components.count > 1 {
            let folder = root.appendingPathComponent(components.joined(separator: "/"))
            guard try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty else { return }
            try FileManager.default.removeItem(at: folder)
            components = components.dropLast()
        }
    }

    /// Paths (relative to the root) an earlier build wrote: those its manifests list, and the
    /// manifests themselves.
    func writtenFiles() -> Set<String> {
        var paths: Set<String> = []
        for folder in ownedFolders {
            paths.insert(folder + "/" + OutputManifest.fileName)
            guard let manifest = OutputManifest.stored(in: root.appendingPathComponent(folder)) else { continue }
            for path in manifest.paths { paths.insert(folder + "/" + path) }
        }
        return paths
    }

    /// Files on disk under the owned folders, relative to the root. Hidden files and folders
    /// (`.DS_Store`, `.gitkeep`) other than the manifest are not the build's concern: it never
    /// writes one, so it leaves them alone.
    func existingFiles() -> [String] {
        var paths: [String] = []
        for folder in ownedFolders.sorted() {
            let base = root.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in enumerator {
                if url.lastPathComponent.hasPrefix("."), url.lastPathComponent != OutputManifest.fileName {
                    enumerator.skipDescendants()
                    continue
                }
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
                let relative = url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)
                paths.append(String(relative))
            }
        }
        return paths
    }
}
