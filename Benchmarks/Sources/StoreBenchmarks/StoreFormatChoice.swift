import SchemaGenRuntime

/// The store's checkpoint format the full workloads run on (`--store-format`): figures of the
/// two formats differ (a page checkpoint appends the changed nodes and swaps them in; the snapshot
/// file loads everything at open), so a run records which one it measured.
enum StoreFormatChoice: String, CaseIterable {
    case pageFile = "page-file"
    case snapshotFile = "snapshot-file"

    /// The format a store opened with default options gets.
    static var storeDefault: StoreFormatChoice { StoreOptions().usesPageFile ? .pageFile : .snapshotFile }

    /// Default options (synchronous durability, automatic checkpoints) in this format.
    var options: StoreOptions {
        var options = StoreOptions()
        options.usesPageFile = self == .pageFile
        return options
    }

    /// How the rendered tables name it.
    var label: String {
        switch self {
        case .pageFile: "page file"
        case .snapshotFile: "snapshot file"
        }
    }
}
