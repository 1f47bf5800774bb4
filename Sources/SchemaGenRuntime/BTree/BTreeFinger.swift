/// Point reads of one tree that start from the previous read's path when the next key lies
/// under it (a finger search): the rows an index scan fetches one entry after another have
/// close keys (ids rising with time under a `(chat, time)` index), so most fetches start at the
/// last leaf or its parent instead of at the root.
///
/// A node of the path vouches for a key when its own keys bracket it, which needs nothing from
/// the nodes above: a leaf whose first key ≤ key ≤ its last key holds the key if the tree does
/// (keys are unique and sorted across leaves), and every key from an internal node's first
/// separator up to (not including) its last lies in its subtree. Nodes above the first stub are
/// the tree's in-memory nodes; below it, views of the page file's map (``PageNodeView``), each
/// checked as ``PageFile/withMappedValue(forKey:below:_:)`` checks it (in full the first time
/// the map meets it, then its frame header against what its parent names), and kept only once
/// it passed: a damaged or wrong record reads as absent, records its fault and leaves the path
/// at its parent. The finger holds the map its views lie in, so they stay valid whatever
/// checkpoints do meanwhile; the tree is a snapshot's, so its nodes never change.
struct BTreeFinger {
    private enum Step {
        case node(BTreeNode)
        case view(PageNodeView)
    }

    let tree: BTree
    /// The last read's path, root first.
    private var path: [Step] = []
    /// The file and map the path's views lie in, and the table and tree their stub named.
    private var file: PageFile?
    private var mapping: PageMapping?
    private var table: UInt32 = 0
    private var treeNumber: UInt16 = 0
    /// Shortcut attempts that failed in a row, and fetches made: after a few misses (rows in no
    /// order near the previous one, as a leaderboard's members are) the shortcut is tried only
    /// every eighth fetch, so such scans pay little for it and still notice when keys come close.
    private var misses = 0
    private var fetches = 0
    /// The fault recorded when a read met a damaged or wrong record (the store's first fault,
    /// ``PageFaults/first``): why a key the index names read as absent.
    private(set) var failure: StoreError?

    init(_ tree: BTree) { self.tree = tree }

    /// Calls `body` with the value stored under `key` in place, as ``BTree/withValue(forKey:_:)`` does;
    /// nil when the tree has no such key or a record on the way is damaged (the fault recorded).
    mutating func withValue<R>(forKey key: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        // The last leaf, then its parent: a key further away costs a fresh descent anyway.
        fetches &+= 1
        let tries = path.count > 1 && (misses < 4 || fetches & 7 == 0)
        var depth = tries ? path.count - 1 : 0
        while depth >= max(1, path.count - 2) {
            switch path[depth] {
            case .node(let node) where node.isLeaf:
                let (i, found) = node.lowerBound(key)
                if found || (i > 0 && i < node.count) {
                    misses = 0
                    return found ? try node.withValue(i, body) : nil
                }
            case .view(let view) where view.header.level == 0:
                let (i, found) = view.search(key, upper: false)
                if found || (i > 0 && i < view.header.count) {
                    misses = 0
                    return found ? try body(view.value(i)) : nil
                }
            case .node(let node):
                let child = node.childIndex(key)
                if child > 0, child < node.count {
                    misses = 0
                    path.removeSubrange((depth + 1)...)
                    return try descend(key, from: child, body)
                }
            case .view(let view):
                let child = view.search(key, upper: true).index
                if child > 0, child < view.header.count {
                    misses = 0
                    path.removeSubrange((depth + 1)...)
                    return try descend(key, from: child, body)
                }
            }
            depth -= 1
        }
        if tries { misses += 1 }
        path.removeAll(keepingCapacity: true)
        // One allocation per finger: a path is a handful of levels.
        if path.capacity < 8 { path.reserveCapacity(8) }
        guard let root = tree.root else { return nil }
        path.append(.node(root))
        return try descend(key, from: nil, body)
    }

    /// Descends from the path's last node (whose child `known` was already searched for `key`,
    /// if given) to the leaf, appending each node to the path.
    private mutating func descend<R>(_ key: UnsafeBufferPointer<UInt8>, from known: Int?,
                                     _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        var known = known
        while let last = path.last {
            switch last {
            case .node(let node) where node.isLeaf:
                let (i, found) = node.lowerBound(key)
                return found ? try node.withValue(i, body) : nil
            case .view(let view) where view.header.level == 0:
                let (i, found) = view.search(key, upper: false)
                return found ? try body(view.value(i)) : nil
            case .node(let node):
                let child = node.children[known ?? node.childIndex(key)]
                guard child.isStub, let page = child.page else {
                    path.append(.node(child))
                    break
                }
                guard let mapping = page.file.inPlaceMapping(for: page) else {
                    path.append(.node(child.resolved()))
                    break
                }
                (file, self.mapping, table, treeNumber) = (page.file, mapping, page.table, page.tree)
                guard let view = page.file.verifiedView(in: mapping, offset: page.offset, length: page.length, level: page.level,
                                                        checksum: page.checksum ?? 0, table: page.table, tree: page.tree) else {
                    failure = page.file.faults.first
                    return nil
                }
                path.append(.view(view))
            case .view(let view):
                // A verified node's children lie before it in the file, so inside the map it lies in.
                let (offset, length, checksum) = view.child(known ?? view.search(key, upper: true).index)
                guard let file, let mapping else { return nil }
                guard let child = file.verifiedView(in: mapping, offset: offset, length: length, level: view.header.level - 1,
                                                    checksum: checksum, table: table, tree: treeNumber) else {
                    failure = file.faults.first
                    return nil
                }
                path.append(.view(child))
            }
            known = nil
        }
        return nil
    }
}
