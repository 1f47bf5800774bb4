/// Where a range iterator puts together the keys of a format-4 leaf read in place (the leaf's
/// shared prefix, then the key's rest) for a caller that needs each key whole: the prefix is
/// copied once per leaf, then only each key's rest behind it.
///
/// Owned by one iterator, and only one key is handed out at a time. Its state lies in memory it
/// allocated, so keeping it up to date takes no exclusivity check, and `body` is called directly
/// (no closure of its own, whose context would retain the caller's captures on every key).
final class JoinedKeyBuffer {
    private struct State {
        /// The leaf whose prefix ``bytes`` holds (a ``BTreeCursor/leavesEntered`` count; 0: none).
        var leaf = 0
        var capacity: Int
        var bytes: UnsafeMutablePointer<UInt8>
    }

    /// The bytes first allocated; a longer key grows the buffer to fit.
    static let initialCapacity = 256
    private let state: UnsafeMutablePointer<State>

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State(capacity: Self.initialCapacity, bytes: .allocate(capacity: Self.initialCapacity)))
    }

    deinit {
        state.pointee.bytes.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The buffer's size (for tests).
    var capacity: Int { state.pointee.capacity }

    /// Calls `body` with `prefix` and `rest` as one key; `prefix` is the shared prefix of the leaf
    /// the cursor entered as its `leafCount`th, so it is copied only when that changes.
    @inline(__always)
    func withKey<R>(leafCount: Int, prefix: UnsafeBufferPointer<UInt8>, rest: UnsafeBufferPointer<UInt8>,
                    _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if prefix.count == 0 { return try body(rest) }
        let count = prefix.count + rest.count
        if count > state.pointee.capacity { grow(to: count) }
        let bytes = state.pointee.bytes
        if state.pointee.leaf != leafCount {
            bytes.update(from: prefix.baseAddress!, count: prefix.count)
            state.pointee.leaf = leafCount
        }
        if rest.count > 0 { (bytes + prefix.count).update(from: rest.baseAddress!, count: rest.count) }
        return try body(UnsafeBufferPointer(start: bytes, count: count))
    }

    /// Replaces the buffer with one of at least `count` bytes (the prefix is copied again).
    private func grow(to count: Int) {
        let capacity = max(count, 2 * state.pointee.capacity)
        state.pointee.bytes.deallocate()
        state.pointee = State(leaf: 0, capacity: capacity, bytes: .allocate(capacity: capacity))
    }
}
