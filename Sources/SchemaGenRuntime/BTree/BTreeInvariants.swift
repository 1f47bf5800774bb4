/// A structural fault found by ``BTree/checkInvariants()``.
public struct BTreeInvariantViolation: Error, CustomStringConvertible {
    /// What is wrong, and where.
    public let description: String
}

extension BTree {
    /// Checks every structural rule of the tree and throws ``BTreeInvariantViolation`` on the
    /// first one broken: keys strictly increasing, every key within the bounds its parents'
    /// separators give it, separators one fewer than children, all leaves at one depth,
    /// every non-root node at least a quarter and at most fully full (64 keys per leaf, 64 children per internal node), and `count` exact.
    func checkInvariants() throws {
        guard let root else {
            if count != 0 { throw BTreeInvariantViolation(description: "empty tree with count \(count)") }
            return
        }
        var leafDepth: Int?
        var total = 0
        try check(root, lower: nil, upper: nil, depth: 0, isRoot: true, leafDepth: &leafDepth, total: &total)
        if total != count { throw BTreeInvariantViolation(description: "count \(count) but \(total) entries") }
    }

    private func check(_ node: BTreeNode, lower: [UInt8]?, upper: [UInt8]?, depth: Int, isRoot: Bool,
                       leafDepth: inout Int?, total: inout Int) throws {
        func fail(_ s: String) -> BTreeInvariantViolation { BTreeInvariantViolation(description: "depth \(depth): \(s)") }
        if node.fill > BTree.maxFill(node) { throw fail("overfull node (\(node.fill))") }
        if !isRoot && node.fill < BTree.minFill(node) { throw fail("underfull node (\(node.fill))") }
        let keys = node.allKeys
        if !Self.endsAscend(count: node.count, total: node.keyByteCount, node.keyEnd) { throw fail("key offsets inconsistent") }
        for i in 1..<max(1, keys.count) where ByteOrder.compare(keys[i - 1], keys[i]) >= 0 {
            throw fail("keys out of order at \(i)")
        }
        if let lower, let first = keys.first, ByteOrder.compare(first, lower) < 0 { throw fail("key below lower bound") }
        if let upper, let last = keys.last, ByteOrder.compare(last, upper) >= 0 { throw fail("key at or above upper bound") }
        if node.isLeaf {
            if !Self.endsAscend(count: node.count, total: node.valueByteCount, node.valueEnd) { throw fail("value offsets inconsistent") }
            if keys.isEmpty { throw fail("empty leaf") }
            if let d = leafDepth, d != depth { throw fail("leaves at depths \(d) and \(depth)") }
            leafDepth = depth
            total += keys.count
            return
        }
        if keys.count != node.children.count - 1 { throw fail("\(keys.count) separators for \(node.children.count) children") }
        if node.valueByteCount != 0 || node.valueByteCapacity != 0 { throw fail("internal node with values") }
        for i in node.children.indices {
            let child = node.child(i)
            try check(child, lower: i == 0 ? lower : keys[i - 1], upper: i == keys.count ? upper : keys[i],
                      depth: depth + 1, isRoot: false, leafDepth: &leafDepth, total: &total)
        }
    }

    /// Whether `count` end offsets never decrease and the last is `total` (the bytes in use).
    private static func endsAscend(count: Int, total: Int, _ end: (Int) -> Int) -> Bool {
        var previous = 0
        for i in 0..<count {
            let e = end(i)
            if e < previous { return false }
            previous = e
        }
        return previous == total
    }
}
