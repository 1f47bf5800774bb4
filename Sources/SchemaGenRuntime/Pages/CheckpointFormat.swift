/// How a store keeps its checkpoints on disk (``StoreOptions/usesPageFile`` chooses).
enum CheckpointFormat: Sendable, Hashable {
    /// `snapshot.dat`: every tree dumped at each checkpoint and loaded whole at open.
    case snapshotFile
    /// `pages.meta` and a page file: a checkpoint appends only the nodes that changed, opening
    /// reads the meta and the roots, and nodes are read on demand through a bounded cache.
    case pages
}

extension StoreOptions {
    /// ``usesPageFile`` as a format.
    var checkpointFormat: CheckpointFormat {
        get { usesPageFile ? .pages : .snapshotFile }
        set { usesPageFile = newValue == .pages }
    }
}
