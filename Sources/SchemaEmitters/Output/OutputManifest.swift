import Foundation

/// The list of files `schemagen build` wrote into one schema's output folder, kept in that
/// folder as `.schemagen-manifest` and checked in with the output.
///
/// A build deletes or overwrites only files the manifest lists (or files already holding exactly
/// the bytes it would write): anything else in the folder was put there by someone else, and the
/// build stops rather than lose it. The manifest is a pure function of the emitted files: sorted
/// paths relative to the folder, one per line, so it is byte-identical from run to run.
public struct OutputManifest: Sendable, Hashable {
    /// The manifest's file name inside each schema's output folder.
    public static let fileName = ".schemagen-manifest"

    static let header = """
    # Files schemagen build wrote into this folder, one path per line. Generated; do not edit.
    # A build removes or replaces only the files listed here; anything else here stops it.
    """

    /// Paths relative to the schema's output folder, sorted, without the manifest itself.
    public let paths: [String]

    /// The manifest of `paths` (relative to the folder); duplicates are dropped.
    public init<Paths: Sequence<String>>(paths: Paths) {
        self.paths = Set(paths).filter { $0 != Self.fileName }.sorted()
    }

    /// The manifest's text.
    public var contents: String {
        ([Self.header] + paths).joined(separator: "\n") + "\n"
    }

    /// Reads a manifest's text: every non-empty line not starting with `#` is a path.
    public init(parsing text: String) {
        self.init(paths: text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { String($0) }.filter { !$0.hasPrefix("#") })
    }

    /// The manifest stored in `folder`, or nil when there is none (output of an older build).
    static func stored(in folder: URL) -> OutputManifest? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path) else { return nil }
        return OutputManifest(parsing: String(decoding: data, as: UTF8.self))
    }
}
