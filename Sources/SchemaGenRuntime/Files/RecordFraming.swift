/// The checksummed record framing shared by log and snapshot files.
///
/// A record is a 12-byte header — payload length (u32 LE), CRC-32C of the payload (u32 LE),
/// CRC-32C of those first 8 bytes (u32 LE) — followed by the payload. The header checksum lets
/// a reader trust a length before using it, which separates a torn tail from damage mid-file.
enum RecordFraming {
    private static let headerSize = FileFormat.Frame.headerSize
    private static let checksummed = FileFormat.Frame.checksummedHeaderBytes

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter(capacity: headerSize + payload.count)
        appendFrame(payload, to: &w)
        return w.bytes
    }

    static func appendFrame(_ payload: [UInt8], to w: inout ByteWriter) {
        let start = w.bytes.count
        w.u32(UInt32(payload.count))
        w.u32(payload.withUnsafeBytes { CRC32C.checksum($0) })
        w.u32(CRC32C.checksum(w.bytes, start..<start + checksummed))
        w.raw(payload)
    }

    /// The payload checksum a record's header holds (the record starting at `start`, whose
    /// header the caller has checked or is about to).
    static func payloadChecksum(ofRecord bytes: [UInt8], at start: Int = 0) -> UInt32 {
        ByteReader.u32(bytes, at: start + FileFormat.Frame.payloadChecksumOffset)
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

    /// Splits `bytes` into records. With `allowTornTail`, nothing but zeros after the last
    /// valid record ends the file, and a bad record that no valid record
    /// follows ends the file as a torn final write: a header cut short, a length past the end, or
    /// a checksum failure where the rest of the file is what a write cut short by a crash leaves
    /// (part of the record, possibly followed by zeros where its data never arrived). A bad record
    /// with a valid record anywhere after it is damage and throws
    /// ``StoreError/corrupted(file:offset:reason:)``, as does every bad record without `allowTornTail`.
    static func parse(_ bytes: [UInt8], file: String, allowTornTail: Bool) throws -> Parsed {
        var parsed = Parsed()
        var pos = 0
        let n = bytes.count
        func tornOrCorrupt(_ reason: String) throws {
            // Nothing but zeros after the last valid record: space a log wrote ahead of its
            // records (``LogFile``), its end rather than a torn write.
            if allowTornTail, bytes[pos...].allSatisfy({ $0 == 0 }) { return }
            guard allowTornTail, !containsRecord(bytes, after: pos) else {
                throw StoreError.corrupted(file: file, offset: pos, reason: reason)
            }
            parsed.discardedTornTail = true
        }
        while pos < n {
            if n - pos < headerSize {
                try tornOrCorrupt("file ends inside a record header")
                break
            }
            var r = ByteReader(bytes, from: pos)
            let length = Int(try r.u32()), payloadCRC = try r.u32(), headerCRC = try r.u32()
            if CRC32C.checksum(bytes, pos..<pos + checksummed) != headerCRC {
                try tornOrCorrupt("record header checksum mismatch")
                break
            }
            let end = pos + headerSize + length
            if end > n {
                try tornOrCorrupt("record of \(length) bytes extends past the end of the file")
                break
            }
            if CRC32C.checksum(bytes, pos + headerSize..<end) != payloadCRC {
                try tornOrCorrupt("record checksum mismatch")
                break
            }
            parsed.payloads.append(pos + headerSize..<end)
            pos = end
            parsed.validEnd = pos
        }
        return parsed
    }

    /// Whether a whole valid record starts anywhere after `start` (which a torn tail never has).
    static func containsRecord(_ bytes: [UInt8], after start: Int) -> Bool {
        var q = start + 1
        while q + headerSize <= bytes.count {
            defer { q += 1 }
            var r = ByteReader(bytes, from: q)
            guard let length = try? r.u32(), let payloadCRC = try? r.u32(), let headerCRC = try? r.u32(),
                  CRC32C.checksum(bytes, q..<q + checksummed) == headerCRC, Int(length) <= bytes.count - q - headerSize else { continue }
            if CRC32C.checksum(bytes, q + headerSize..<q + headerSize + Int(length)) == payloadCRC { return true }
        }
        return false
    }
}
