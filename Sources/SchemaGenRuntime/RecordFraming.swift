/// The checksummed record framing shared by log and snapshot files.
///
/// A record is a 12-byte header — payload length (u32 LE), CRC-32C of the payload (u32 LE),
/// CRC-32C of those first 8 bytes (u32 LE) — followed by the payload. The header checksum lets
/// a reader trust a length before using it, which separates a torn tail from damage mid-file.
enum RecordFraming {
    static let headerSize = 12

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter(capacity: headerSize + payload.count)
        appendFrame(payload, to: &w)
        return w.bytes
    }

    static func appendFrame(_ payload: [UInt8], to w: inout ByteWriter) {
        let start = w.bytes.count
        w.u32(UInt32(payload.count))
        w.u32(payload.withUnsafeBytes { CRC32C.checksum($0) })
        w.u32(CRC32C.checksum(w.bytes, start..<start + 8))
        w.raw(payload)
    }

    /// The records of a file, and where its valid part ends.
    struct Parsed {
        /// Byte ranges of each record's payload within the file.
        var payloads: [Range<Int>] = []
        /// Offset just past the last valid record.
        var validEnd = 0
        /// Whether bytes after `validEnd` were discarded as a torn final write.
        var discardedTornTail = false
    }

    /// Splits `bytes` into records. With `allowTornTail`, an incomplete or unwritten final record
    /// (short header, length past the end, bad checksum on the last record, or only zero bytes
    /// left) ends the file; anything else that fails a checksum throws ``StoreError/corrupted(file:offset:reason:)``.
    static func parse(_ bytes: [UInt8], file: String, allowTornTail: Bool) throws -> Parsed {
        var parsed = Parsed()
        var pos = 0
        let n = bytes.count
        func restIsZero(_ from: Int) -> Bool { !bytes[from...].contains { $0 != 0 } }
        func tornOrCorrupt(_ reason: String) throws {
            guard allowTornTail else { throw StoreError.corrupted(file: file, offset: pos, reason: reason) }
            parsed.discardedTornTail = true
        }
        while pos < n {
            if n - pos < headerSize {
                try tornOrCorrupt("file ends inside a record header")
                break
            }
            var r = ByteReader(bytes, from: pos)
            let length = Int(try r.u32()), payloadCRC = try r.u32(), headerCRC = try r.u32()
            if CRC32C.checksum(bytes, pos..<pos + 8) != headerCRC {
                if allowTornTail, restIsZero(pos) { parsed.discardedTornTail = true; break }
                throw StoreError.corrupted(file: file, offset: pos, reason: "record header checksum mismatch")
            }
            let end = pos + headerSize + length
            if end > n {
                try tornOrCorrupt("record of \(length) bytes extends past the end of the file")
                break
            }
            if CRC32C.checksum(bytes, pos + headerSize..<end) != payloadCRC {
                if allowTornTail, end == n || restIsZero(end) { parsed.discardedTornTail = true; break }
                throw StoreError.corrupted(file: file, offset: pos, reason: "record checksum mismatch")
            }
            parsed.payloads.append(pos + headerSize..<end)
            pos = end
            parsed.validEnd = pos
        }
        return parsed
    }
}
