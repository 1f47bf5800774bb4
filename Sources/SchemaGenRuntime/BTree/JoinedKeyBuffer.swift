/// Where a range iterator puts together the keys of a format-4 leaf read in place (the leaf's
/// shared prefix, then the key's rest) for a caller that needs each key whole: the prefix is
/// copied once per leaf, then only each key's rest behind it.
///
/// Owned by one iterator, and only one key is handed out at a time. Its state lies in memory it
/// allocated, so keeping it up to date takes no exclusivity check; keys longer than
/// ``capacity`` are put together on the stack instead (``PageNodeView/withJoinedKey(_:_:_:)``).
final class JoinedKeyBuffer {
    /// Keys up to this many bytes are put together here.
    static let capacity = 256
    /// The leaf whose prefix the buffer holds (a ``BTreeCursor/leavesEntered`` count; 0: none),
    /// then the key bytes.
    private let leaf: UnsafeMutablePointer<Int>
    private let bytes: UnsafeMutablePointer<UInt8>

    init() {
        leaf = .allocate(capacity: 1)
        leaf.initialize(to: 0)
        bytes = .allocate(capacity: Self.capacity)
    }

    deinit {
        leaf.deallocate()
        bytes.deallocate()
    }

    /// Calls `body` with `prefix` and `rest` as one key; `prefix` is the shared prefix of the leaf
    /// the cursor entered as its `leafCount`th, so it is copied only when that changes.
    @inline(__always)
    func withKey<R>(leafCount: Int, prefix: UnsafeBufferPointer<UInt8>, rest: UnsafeBufferPointer<UInt8>,
                    _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if prefix.count == 0 { return try body(rest) }
        let count = prefix.count + rest.count
        guard count <= Self.capacity else { return try PageNodeView.withJoinedKey(prefix, rest, body) }
        if leaf.pointee != leafCount {
            bytes.update(from: prefix.baseAddress!, count: prefix.count)
            leaf.pointee = leafCount
        }
        let tail = bytes + prefix.count
        if rest.count > 0 { tail.update(from: rest.baseAddress!, count: rest.count) }
        return try body(UnsafeBufferPointer(start: bytes, count: count))
    }
}
