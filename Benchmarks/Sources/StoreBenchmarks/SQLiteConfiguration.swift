/// How a SQLite connection is set up for the benchmark: a name for the tables and the pragmas
/// every connection runs. Both fsync every commit in WAL mode, like the store's synchronous mode,
/// and both keep SQLite's default automatic checkpoints (every 1,000 WAL pages).
struct SQLiteConfiguration: Sendable {
    let name: String
    let pragmas: [String]

    /// WAL and `synchronous=FULL`, everything else SQLite's default (a page cache of about 2 MB, no mmap).
    static let wal = SQLiteConfiguration(name: "SQLite WAL", pragmas: ["journal_mode=WAL", "synchronous=FULL"])

    /// As a performance-minded user sets it up: additionally a page cache and a memory map
    /// large enough for the whole database, so reads are served from memory as in the store.
    static func tuned(rows: Int) -> SQLiteConfiguration {
        // About 200 bytes per message row with its indexes, doubled for headroom, at least 256 MiB.
        let bytes = max(256 << 20, rows * 400)
        return SQLiteConfiguration(name: "SQLite tuned", pragmas: [
            "journal_mode=WAL", "synchronous=FULL", "cache_size=-\(bytes / 1024)", "mmap_size=\(bytes)",
        ])
    }
}
