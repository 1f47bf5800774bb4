/// Removing many keys at once (expiry, retention sweeps): one ordered pass over the tree.
///
/// Removing keys one by one descends from the root for each and may rebalance at every step;
/// here the sorted keys are split among the children by the separators, each touched leaf is
/// rebuilt once, a leaf or subtree left empty is dropped whole, and each touched internal node
/// is rebalanced once, after all of its children are done.
extension BTree {
    /// Removes every key of `keys` the tree holds (any order, duplicates allowed); returns how
    /// many it removed. The result holds exactly what removing the keys one by one leaves.
    @discardableResult
    mutating func removeAll(_ keys: [[UInt8]], generation: UInt64) -> Int {
        removeAll(PackedKeys(keys), generation: generation)
    }

    /// The same for keys packed in one buffer (any order, duplicates allowed): what expiry
    /// gathers, so a batch costs no array per key.
    @discardableResult
    mutating func removeAll(_ keys: PackedKeys, generation: UInt64) -> Int {
        guard let root, !keys.isEmpty else { return 0 }
        let sorted = keys.sortedUnique()
        var removed = 0
        var newRoot = sorted.withView { view in Self.removeSorted(view, 0..<view.count, from: root, generation, &removed) }
        guard removed > 0 else { return 0 }
        // A root left with one child shrinks the tree by a level, as often as it applies.
        while let r = newRoot, !r.isLeaf, r.children.count == 1 { newRoot = r.child(0) }
        if let r = newRoot, r.isLeaf, r.count == 0 { newRoot = nil }
        // The tree left behind still reaches its checkpoint's page records: it keeps the pin
        // that stops later checkpoints from reusing them under a snapshot of this state.
        self = BTree(root: newRoot, count: count - removed, checkpointPin: checkpointPin)
        return removed
    }

    /// Removes the keys `keys[range]` (strictly increasing, all within `node`'s range) from the
    /// subtree `node`. Returns `node` itself when none was there (the count `removed` then stays
    /// the same), nil when the subtree is left empty, otherwise the changed subtree: its own fill may be below the minimum (its parent
    /// repairs that), but every node below it is within bounds, except that a node with a single
    /// child may have that child below the minimum (again repaired by the first ancestor with siblings).
    private static func removeSorted(_ keys: PackedKeys.View, _ range: Range<Int>, from node: BTreeNode, _ generation: UInt64,
                                     _ removed: inout Int) -> BTreeNode? {
        if node.isLeaf { return removeSorted(keys, range, fromLeaf: node, generation, &removed) }
        let last = node.children.count - 1
        var start = range.lowerBound
        var changed: [(Int, BTreeNode?)] = []
        for ci in 0...last where start < range.upperBound {
            // Child ci holds the keys below separator ci; the last child holds the rest.
            let end = ci == last ? range.upperBound : node.withKey(ci) { separator in
                firstIndex(in: keys, from: start, to: range.upperBound, notBelow: separator)
            }
            guard start < end else { continue }
            // Whether the child changed shows in the count, not its identity: a node of this
            // generation is changed in place.
            let before = removed
            let result = removeSorted(keys, start..<end, from: node.child(ci), generation, &removed)
            start = end
            if removed > before { changed.append((ci, result)) }
        }
        guard !changed.isEmpty else { return node }
        let n = node.writable(in: generation)
        if changed.allSatisfy({ $0.1 != nil }) {
            for (ci, child) in changed { n.children[ci] = child! }
        } else {
            // Dropped children take a separator with them: the one on their left (the right one
            // for the first child), so each kept child keeps a lower bound its keys respect.
            var results: [BTreeNode?] = n.children.map { Optional($0) }
            for (ci, child) in changed { results[ci] = child }
            var children: [BTreeNode] = []
            var separators: [[UInt8]] = []
            for ci in results.indices {
                guard let child = results[ci] else { continue }
                if !children.isEmpty { separators.append(n.key(ci - 1)) }
                children.append(child)
            }
            guard !children.isEmpty else { return nil }
            n.setEntries(keys: separators, values: [])
            n.children = children
        }
        repairChildren(n, generation)
        return n
    }

    /// The leaf without the keys of `keys` it holds; the leaf itself when it holds none, nil when it holds only those.
    private static func removeSorted(_ keys: PackedKeys.View, _ range: Range<Int>, fromLeaf leaf: BTreeNode, _ generation: UInt64,
                                     _ removed: inout Int) -> BTreeNode? {
        var doomed: [Int] = []
        doomed.reserveCapacity(min(range.count, leaf.count))
        var from = 0
        for ki in range {
            // Keys ascend, so each search starts past the previous hit.
            let k = keys.key(ki)
            let (i, found) = leaf.lowerBound(k, from: from)
            from = i
            if found {
                doomed.append(from)
                from += 1
            }
            if from == leaf.count { break }
        }
        guard !doomed.isEmpty else { return leaf }
        removed += doomed.count
        if doomed.count == leaf.count { return nil }
        let kept = leaf.count - doomed.count
        let rebuilt = BTreeNode(generation: generation, isLeaf: true, entryCapacity: kept + 2,
                                keyByteCapacity: leaf.keyByteCount + 64, valueByteCapacity: leaf.valueByteCount + 128)
        // Copies the runs of kept entries between the doomed ones, a run at a time.
        var runStart = 0
        for d in doomed + [leaf.count] {
            rebuilt.appendEntries(of: leaf, runStart..<d)
            runStart = d + 1
        }
        return rebuilt
    }

    /// The first position in `from..<to` of `keys` whose key is `>= separator` (`to` when none is).
    private static func firstIndex(in keys: PackedKeys.View, from: Int, to: Int, notBelow separator: UnsafeBufferPointer<UInt8>) -> Int {
        var lo = from, hi = to
        while lo < hi {
            let mid = (lo + hi) / 2
            let key = keys.key(mid)
            if ByteOrder.compare(key.baseAddress, key.count, separator) < 0 { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Merges or evens out every child of `n` (a node of `generation`) below the minimum fill
    /// with a sibling, until all are within bounds or one child is left. A merged internal child
    /// may bring along a lone child below the minimum, so merged internal nodes are repaired in turn.
    private static func repairChildren(_ n: BTreeNode, _ generation: UInt64) {
        var i = 0
        while i < n.children.count, n.children.count > 1 {
            let c = n.children[i]
            // A stub is an untouched node from the page file, so within bounds.
            if c.isStub || c.fill >= minFill(c) {
                i += 1
                continue
            }
            let li = i > 0 ? i - 1 : 0
            let before = n.children.count
            rebalance(n, child: i, generation)
            if !c.isLeaf {
                repairChildren(n.children[li], generation)
                if n.children.count == before { repairChildren(n.children[li + 1], generation) }
            }
            i = li
        }
    }
}
