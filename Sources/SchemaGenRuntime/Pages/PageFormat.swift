/// The page-file format's constants, defined once (`docs/storage.md`, "Page file").
extension FileFormat {
    enum Pages {
        /// The meta file naming the current page file, every tree's root and the log that continues it.
        static let meta = "pages.meta"
        /// A meta file being written, renamed over ``meta`` once durable.
        static let temporaryMeta = "pages.meta.tmp"
        /// Page files are `pages-<number as 16 lower-case hex digits>.dat`.
        static let filePrefix = "pages-"
        static let fileSuffix = ".dat"
        /// The meta record's payload starts with these 8 bytes.
        static let metaMagic = Array("SGPAGE01".utf8)
        /// The format version (u32) following the magic. Version 2 added each child's payload
        /// checksum to internal nodes and to the meta's roots; version 3 laid node records out
        /// with fixed-width end offsets (``PageNodeLayout``), so they are searched in the map;
        /// version 4 stores the prefix a node's keys share once, and no value section in index
        /// leaves (their values are always empty); version 5 places each record at the start of
        /// a run of ``pageSize``-byte pages and keeps a free list of runs in the meta, so later
        /// checkpoints reuse them (``FreePageRuns``). Versions 1 to 4 are still read (and
        /// rewritten in the current version by the next checkpoint).
        static let version: UInt32 = 5
        /// The first version whose node records ``PageNodeView`` reads in place.
        static let firstInPlaceVersion: UInt32 = 3
        /// The first version whose node records store their keys' shared prefix once.
        static let firstKeyPrefixVersion: UInt32 = 4
        /// The first version whose records lie in page runs that later checkpoints reuse.
        static let firstPageRunVersion: UInt32 = 5
        /// The unit a record's run is counted in (format 5 on). A record takes
        /// `ceil(length / pageSize)` pages and the rest of its last page is padding, so the unit
        /// is small (a cache line): records vary in length, index leaves are often a few hundred
        /// bytes, and with 512-byte pages the padding cost 25 bytes a row (`docs/storage.md`).
        static let pageSize = 64
        /// The oldest version still read.
        static let oldestReadableVersion: UInt32 = 1
        /// First byte of a node record.
        static let leafKind: UInt8 = 1
        static let internalKind: UInt8 = 2
        /// A node record: the frame header, then the payload.
        static let maxNodeRecordBytes = 64 << 20
        /// How many bytes of node records a checkpoint buffers before appending them.
        static let writeBufferBytes = 4 << 20

        /// The name of page file `number`.
        static func fileName(_ number: UInt64) -> String {
            let hex = String(number, radix: 16)
            return filePrefix + String(repeating: "0", count: 16 - hex.count) + hex + fileSuffix
        }

        /// The number of a page file name, or nil for other files.
        static func number(ofFileName name: String) -> UInt64? {
            guard name.hasPrefix(filePrefix), name.hasSuffix(fileSuffix), name.count == filePrefix.count + 16 + fileSuffix.count else {
                return nil
            }
            return UInt64(name.dropFirst(filePrefix.count).prefix(16), radix: 16)
        }
    }
}
