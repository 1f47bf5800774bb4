/// How a store keeps its checkpoints on disk.
public enum CheckpointFormat: Sendable, Hashable {
    /// `snapshot.dat`: every tree dumped at each checkpoint and loaded whole at open.
    case snapshotFile
    /// `pages.meta` and a page file: a checkpoint appends only the nodes that changed, opening
    /// reads the meta and the roots, and nodes are read on demand through a bounded cache.
    case pages
}
