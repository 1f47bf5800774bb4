internal import CCRC32C

/// CRC-32C (Castagnoli), the checksum on every page, log and snapshot record.
///
/// With the CPU's instruction where it has one (SSE4.2 `crc32` on x86_64, the ARMv8 CRC
/// extension on arm64: the `CCRC32C` target, detected at run time), else slice-by-8 in
/// software; both give the same checksum (tested against each other and known vectors).
/// The instruction is several times faster, and the first read of every page record checks
/// the whole record's checksum (`docs/storage.md`, "First check of a record"). Detects all
/// burst errors up to 32 bits.
enum CRC32C {
    /// Whether ``checksum(_:)-(UnsafeRawBufferPointer)`` uses the CPU's instruction.
    static let usesHardware = schemagen_crc32c_hardware_available() != 0

    /// The checksum of `buffer`.
    @inline(__always)
    static func checksum(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        usesHardware ? hardwareChecksumUnchecked(buffer) : softwareChecksum(buffer)
    }

    /// The checksum of `bytes[range]`.
    static func checksum(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
        bytes.withUnsafeBytes { checksum(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// The checksum of `buffer` with the CPU's instruction, or nil when it has none.
    static func hardwareChecksum(_ buffer: UnsafeRawBufferPointer) -> UInt32? {
        usesHardware ? hardwareChecksumUnchecked(buffer) : nil
    }

    @inline(__always)
    private static func hardwareChecksumUnchecked(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        schemagen_crc32c_hardware_update(0xFFFF_FFFF, buffer.baseAddress, buffer.count) ^ 0xFFFF_FFFF
    }

    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 {
                let prev = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (prev >> 8) ^ t[Int(prev & 0xFF)]
            }
        }
        return t
    }()

    /// The checksum of `buffer` in software (slice-by-8): what every CPU without the
    /// instruction runs.
    static func softwareChecksum(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        tables.withUnsafeBufferPointer { t in
            var i = 0
            let n = buffer.count
            while n - i >= 8 {
                let lo = UInt32(buffer[i]) | UInt32(buffer[i + 1]) << 8 | UInt32(buffer[i + 2]) << 16 | UInt32(buffer[i + 3]) << 24
                let x = crc ^ lo
                crc = t[7 * 256 + Int(x & 0xFF)] ^ t[6 * 256 + Int((x >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((x >> 16) & 0xFF)] ^ t[4 * 256 + Int(x >> 24)]
                    ^ t[3 * 256 + Int(buffer[i + 4])] ^ t[2 * 256 + Int(buffer[i + 5])]
                    ^ t[1 * 256 + Int(buffer[i + 6])] ^ t[Int(buffer[i + 7])]
                i += 8
            }
            while i < n {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(buffer[i])) & 0xFF)]
                i += 1
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
