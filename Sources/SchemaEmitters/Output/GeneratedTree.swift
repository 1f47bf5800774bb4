import Foundation

/// The `generated/` directory as the emitters want it: compares it with what is on disk,
/// writes only files whose bytes changed (so build systems don't rebuild for nothing), and
/// removes files a schema no longer produces.
public struct GeneratedTree: Sendable {
    /// The output root, e.g. `generated`.
    public let root: URL
    /// Every file that should exist, paths relative to ``root``.
    public let files: [EmittedFile]
    /// The top-level folders this build owns (one per schema); files found there but not
    /// emitted are stale. Other folders under the root are left alone.
    public let ownedFolders: Set<String>

    /// Creates the tree for a set of emitted files.
    public init(root: URL, files: [EmittedFile], ownedFolders: Set<String>) {
        self.root = root
        self.files = files
        self.ownedFolders = ownedFolders
    }

    /// How one path differs from what should be there.
    public enum Difference: Sendable, Hashable, CustomStringConvertible {
        case missing(String)
        case changed(String)
        case extra(String)

        /// The path concerned.
        public var path: String {
            switch self {
            case .missing(let path), .changed(let path), .extra(let path): path
            }
        }

        /// `stale: path (changed)` style text for the CLI.
        public var description: String {
            switch self {
            case .missing(let path): "\(path) (missing)"
            case .changed(let path): "\(path) (out of date)"
            case .extra(let path): "\(path) (no longer generated)"
            }
        }
    }

    /// Every difference between the disk and the emitted files, sorted by path.
    public func differences() -> [Difference] {
        var result: [Difference] = []
        let expected = Set(files.map(\.path))
        for file in files {
            let url = root.appendingPathComponent(file.path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                result.append(.missing(file.path))
                continue
            }
            if data != Data(file.contents.utf8) { result.append(.changed(file.path)) }
        }
        for path in existingFiles() where !expected.contains(path) {
            result.append(.extra(path))
        }
        return result.sorted { $0.path < $1.path }
    }

    /// Brings the disk in line: writes missing and changed files, deletes extra ones.
    /// Returns what it changed.
    @discardableResult
    public func write() throws -> [Difference] {
        let differences = differences()
        let contents = Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
        for difference in differences {
            let url = root.appendingPathComponent(difference.path)
            switch difference {
            case .missing, .changed:
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                        withIntermediateDirectories: true)
                try Data(contents[difference.path]!.utf8).write(to: url, options: .atomic)
            case .extra:
                try FileManager.default.removeItem(at: url)
            }
        }
        return differences
    }

    /// Files on disk under the owned folders, relative to the root.
    func existingFiles() -> [String] {
        var paths: [String] = []
        for folder in ownedFolders.sorted() {
            let base = root.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in enumerator {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
                let relative = url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)
                paths.append(String(relative))
            }
        }
        return paths
    }
}
