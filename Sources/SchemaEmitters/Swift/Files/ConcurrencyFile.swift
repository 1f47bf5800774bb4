import SchemaLanguage

/// `<Prefix>+Concurrency.swift`: the database facade's async API beside the synchronous one.
/// Writes run on the store's serial write queue (``Store/perform(_:)`` in the runtime), reads
/// inline on a snapshot; one `perform` gives every repository call an async form without a
/// second copy of each.
struct ConcurrencyFile {
    let names: SwiftNames
    var types: SwiftSchemaNames { names.types }

    func declarations() -> [SwiftDeclaration] {
        [.type(SwiftTypeDeclaration(keyword: "extension", name: types.databaseType, members: [perform(), write(), read(), sweeping()]))]
    }

    private func perform() -> SwiftDeclaration {
        .function(SwiftFunction(
            doc: ["Runs `body` with the database on the store's serial write queue and returns its result: any",
                  "synchronous call, off the caller's thread.", "",
                  "```swift", "let report = try await db.perform { try $0.sweep() }", "```"],
            name: "perform<T: Sendable>", parameters: ["_ body: @escaping @Sendable (\(types.databaseType)) throws -> T"],
            effects: "async throws", returnType: "T", body: [
                .expression("try await ", .call("store.perform", [], trailingClosure: SwiftClosure([
                    .code("try body(self)"),
                ]))),
            ]))
    }

    private func write() -> SwiftDeclaration {
        .function(SwiftFunction(
            doc: ["Runs `body` as one all-or-nothing transaction on the store's serial write queue, so the",
                  "caller's thread never waits for the writer or an fsync."],
            attributes: ["@discardableResult"], name: "write<T: Sendable>",
            parameters: ["_ body: @escaping @Sendable (\(types.transactionType)) throws -> T"],
            effects: "async throws", returnType: "T", body: [
                .expression("try await ", .call("store.perform", [], trailingClosure: SwiftClosure([
                    .code("try self.write(body)"),
                ]))),
            ]))
    }

    private func read() -> SwiftDeclaration {
        .function(SwiftFunction(
            doc: ["Runs `body` on one consistent snapshot, in the calling task: reads never wait for the writer."],
            name: "read<T>", parameters: ["_ body: (\(types.snapshotType)) throws -> T"],
            effects: "async throws", returnType: "T", body: [
                .expression(.call("try store.read", [], trailingClosure: SwiftClosure([
                    .expression("try ", .call("body", [.call(types.snapshotType, [SwiftArgument("access", .code("SnapshotAccess(snapshot: $0)"))])])),
                ]))),
            ]))
    }

    private func sweeping() -> SwiftDeclaration {
        .function(SwiftFunction(
            doc: ["Runs ``sweep(now:)`` every `interval` on the store's write queue until the sweeper is stopped",
                  "or the database closed; errors of a sweep go to `onError`."],
            name: "startSweeping",
            parameters: ["every interval: Duration", "onError: (@Sendable (any Error) -> Void)? = nil"],
            returnType: "BackgroundSweeper", body: [
                .expression(.call("BackgroundSweeper", [
                    SwiftArgument("store", .code("store")), SwiftArgument("every", .code("interval")),
                    SwiftArgument("onError", .code("onError")),
                ], trailingClosure: SwiftClosure([.code("_ = try self.sweep()")]))),
            ]))
    }
}
