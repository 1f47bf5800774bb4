/// What a page checkpoint wrote, to be swapped into the writers' current state afterwards
/// (`docs/storage.md`, "Writing"): writers keep committing while a checkpoint writes the state
/// taken at its start, so by the time the meta is durable their state may have copied some of
/// the written nodes. Only the nodes still identical (the same objects) to the ones written are
/// replaced by their records; copies made meanwhile stay in memory for the next checkpoint.
struct WrittenCheckpoint {
    /// The page file the nodes were written to (a new one after a whole write).
    let file: PageFile
    /// The checkpointed state: it keeps alive the node objects that ``written`` is keyed by, so no
    /// node created later can reuse one of their identities.
    let checkpointed: StoreState
    /// Each written node's record, keyed by the node object of ``checkpointed`` (``PageWriter/written``).
    let written: [ObjectIdentifier: PageReference]
    /// The registration of this checkpoint, for every tree of the adopted state: its page
    /// records are all reachable from this checkpoint's meta.
    let checkpointPin: CheckpointPin?

    /// `current` (the checkpointed state plus whatever was committed since) with every node that
    /// was written replaced by its record: a tree root is read back from the file, any other node
    /// becomes a stub, and a node committed since whose subtree holds written nodes is copied with
    /// its children replaced. Every tree then holds this checkpoint's registration
    /// (``checkpointPin``): the state derives from the checkpointed one, so it reaches no page
    /// record this checkpoint does not. Runs under the writer lock.
    func adopt(into current: StoreState) throws -> StoreState {
        var state = current
        state.pageFaults = file.faults
        for t in state.tables.indices {
            state.tables[t].primary = try adopt(state.tables[t].primary)
            for i in state.tables[t].indexes.indices {
                state.tables[t].indexes[i] = try adopt(state.tables[t].indexes[i])
            }
        }
        return state
    }

    private func adopt(_ tree: BTree) throws -> BTree {
        guard let root = tree.root else { return BTree(root: nil, count: tree.count, checkpointPin: checkpointPin) }
        // A root is never a stub (descents start from a decoded node).
        if let reference = written[ObjectIdentifier(root)] {
            return BTree(root: try file.read(reference), count: tree.count, checkpointPin: checkpointPin)
        }
        return BTree(root: replacingWritten(below: root), count: tree.count, checkpointPin: checkpointPin)
    }

    /// `node`, or a copy of it whose children are replaced where they (or nodes below them) were
    /// written. Descends only into nodes that live in memory and were not written: nodes committed
    /// during the checkpoint, so the walk costs what they cost.
    private func replacingWritten(below node: BTreeNode) -> BTreeNode {
        guard node.page == nil, !node.isLeaf else { return node }
        var children: [BTreeNode]?
        for (i, child) in node.children.enumerated() {
            let replaced = written[ObjectIdentifier(child)].map(BTreeNode.init(stubFor:)) ?? replacingWritten(below: child)
            guard replaced !== child else { continue }
            if children == nil { children = node.children }
            children![i] = replaced
        }
        guard let children else { return node }
        // The copy keeps the node's generation: a committed one, which every later transaction
        // copies before changing, so the copy is as immutable as the node it replaces.
        return node.withChildren(children)
    }
}
