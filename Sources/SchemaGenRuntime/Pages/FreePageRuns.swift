/// A run of free pages in a page file of format 5: `pages` pages of ``FileFormat/Pages/pageSize``
/// bytes from `offset`, which checkpoint `freedBy` stopped reaching.
struct FreePageRun: Sendable, Equatable {
    var offset: UInt64
    var pages: UInt32
    var freedBy: UInt64

    var end: UInt64 { offset + UInt64(pages) * UInt64(FileFormat.Pages.pageSize) }
}

/// The free list of a page file (format 5), as the meta records it: runs sorted by offset,
/// never overlapping, adjacent runs merged (the merged run counts as freed by the later of the
/// two checkpoints, which only delays its reuse).
///
/// A run freed by checkpoint *n* is written again only by a later checkpoint (so *n*'s meta,
/// which does not reach it, is durable and is what a crash falls back to) and only once no
/// live state was read from a checkpoint before *n* (``CheckpointReaders``).
struct FreePageRuns: Sendable, Equatable {
    private(set) var runs: [FreePageRun] = []

    init() {}

    /// `runs` as a meta lists them; nil if they are unsorted, overlap, are empty or misaligned,
    /// or lie past `limit` (the checkpointed length).
    init?(checking runs: [FreePageRun], below limit: UInt64) {
        var previousEnd: UInt64 = 0
        for run in runs {
            let (end, overflow) = run.offset.addingReportingOverflow(UInt64(run.pages) * UInt64(FileFormat.Pages.pageSize))
            guard run.pages > 0, !overflow, run.offset >= previousEnd, end <= limit,
                  run.offset % UInt64(FileFormat.Pages.pageSize) == 0 else { return nil }
            previousEnd = end
        }
        self.runs = runs
    }

    /// Pages free in all.
    var pages: UInt64 { runs.reduce(0) { $0 + UInt64($1.pages) } }
    var bytes: UInt64 { pages * UInt64(FileFormat.Pages.pageSize) }

    /// Bytes of the runs checkpoint `number` freed (a merged run counts as freed by the later one).
    func bytes(freedBy number: UInt64) -> UInt64 {
        runs.reduce(0) { $0 + ($1.freedBy == number ? UInt64($1.pages) : 0) } * UInt64(FileFormat.Pages.pageSize)
    }

    /// The pages a record of `length` bytes takes.
    static func pages(forRecordOf length: UInt32) -> UInt32 {
        (length + UInt32(FileFormat.Pages.pageSize) - 1) / UInt32(FileFormat.Pages.pageSize)
    }

    /// Adds runs a checkpoint freed; false (nothing added) if one overlaps a run already free,
    /// which only a page reachable twice (a damaged file) or a bug can cause.
    mutating func add(_ freed: [FreePageRun]) -> Bool {
        var all = runs + freed
        all.sort { $0.offset < $1.offset }
        var merged: [FreePageRun] = []
        merged.reserveCapacity(all.count)
        for run in all {
            guard let last = merged.last else { merged.append(run); continue }
            if run.offset < last.end { return false }
            if run.offset == last.end {
                merged[merged.count - 1].pages += run.pages
                merged[merged.count - 1].freedBy = max(last.freedBy, run.freedBy)
            } else {
                merged.append(run)
            }
        }
        runs = merged
        return true
    }

    /// Takes `pages` pages from the first run freed by checkpoint `reusable` or earlier that is
    /// long enough; returns their offset, or nil when no such run has room.
    mutating func take(_ pages: UInt32, freedBy reusable: UInt64) -> UInt64? {
        guard let i = runs.firstIndex(where: { $0.freedBy <= reusable && $0.pages >= pages }) else { return nil }
        let offset = runs[i].offset
        if runs[i].pages == pages {
            runs.remove(at: i)
        } else {
            runs[i].offset += UInt64(pages) * UInt64(FileFormat.Pages.pageSize)
            runs[i].pages -= pages
        }
        return offset
    }
}
