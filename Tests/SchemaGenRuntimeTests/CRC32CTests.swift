import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// CRC-32C, the checksum of every page, log and snapshot record: the software path and the
/// CPU's instruction (the `CCRC32C` target) give the published checksums and agree with each
/// other on every length and alignment a record can have.
@Suite struct CRC32CTests {
    /// Published CRC-32C check values (RFC 3720 appendix B.4 and the "123456789" check).
    static let vectors: [(bytes: [UInt8], checksum: UInt32)] = [
        ([], 0x0000_0000),
        (Array("123456789".utf8), 0xE306_9283),
        ([UInt8](repeating: 0x00, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).map { UInt8(31 - $0) }, 0x113F_DB5C),
        (Array("The quick brown fox jumps over the lazy dog".utf8), 0x2262_0404),
    ]

    @Test func theSoftwarePathGivesThePublishedChecksums() {
        for (bytes, checksum) in Self.vectors {
            #expect(bytes.withUnsafeBytes { CRC32C.softwareChecksum($0) } == checksum, "\(bytes.count) bytes")
        }
    }

    @Test func theChecksumInUseGivesThePublishedChecksums() {
        for (bytes, checksum) in Self.vectors {
            #expect(bytes.withUnsafeBytes { CRC32C.checksum($0) } == checksum, "\(bytes.count) bytes")
            #expect(CRC32C.checksum(bytes, 0..<bytes.count) == checksum)
        }
    }

    /// On x86_64 and arm64 Linux/macOS machines the instruction is there; a CPU without it
    /// runs the software path, which the test above covers.
    @Test func theInstructionGivesThePublishedChecksums() throws {
        try #require(CRC32C.usesHardware || !Self.hardwareExpected, "this CPU should have a CRC-32C instruction")
        guard CRC32C.usesHardware else { return }
        for (bytes, checksum) in Self.vectors {
            #expect(bytes.withUnsafeBytes { CRC32C.hardwareChecksum($0) } == checksum, "\(bytes.count) bytes")
        }
    }

    /// Every length 0...300 at every start 0...15 of a random buffer: the instruction's
    /// eight-byte steps and byte tail meet every split, and both paths must agree.
    @Test func theInstructionAndTheSoftwareAgreeOnEveryLengthAndAlignment() throws {
        guard CRC32C.usesHardware else { return }
        let seed: UInt64 = 0xC3C3
        var random = SeededRandom(seed: seed)
        let buffer = (0..<(300 + 16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var compared = 0
        buffer.withUnsafeBytes { all in
            for start in 0..<16 {
                for length in 0...300 {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<start + length])
                    let software = CRC32C.softwareChecksum(slice)
                    #expect(CRC32C.hardwareChecksum(slice) == software, "seed \(seed), start \(start), length \(length)")
                    compared += 1
                }
            }
        }
        #expect(compared == 16 * 301)
    }

    /// A record as long as a full leaf (kilobytes) with one bit flipped anywhere checks differently.
    @Test func aFlippedBitChangesTheChecksum() {
        let seed: UInt64 = 0xB17
        var random = SeededRandom(seed: seed)
        var record = (0..<6000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let intact = record.withUnsafeBytes { CRC32C.checksum($0) }
        for _ in 0..<200 {
            let bit = random.int(0..<record.count * 8)
            record[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(record.withUnsafeBytes { CRC32C.checksum($0) } != intact, "seed \(seed), bit \(bit)")
            record[bit / 8] ^= 1 << UInt8(bit % 8)
        }
        #expect(record.withUnsafeBytes { CRC32C.checksum($0) } == intact)
    }

    #if arch(x86_64) || arch(arm64)
    static let hardwareExpected = true
    #else
    static let hardwareExpected = false
    #endif
}
