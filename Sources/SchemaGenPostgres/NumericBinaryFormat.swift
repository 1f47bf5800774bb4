/// PostgreSQL's binary `numeric` format: base-10000 digits with a weight (the power of 10000 of
/// the first digit), a sign word and a display scale (digits after the point).
enum NumericBinaryFormat {
    private static let positive: UInt16 = 0x0000
    private static let negative: UInt16 = 0x4000
    private static let notANumber: UInt16 = 0xC000
    private static let positiveInfinity: UInt16 = 0xD000
    private static let negativeInfinity: UInt16 = 0xF000

    static func encode(_ numeric: PostgresNumeric, into buffer: inout BinaryWriter) throws {
        switch numeric.text {
        case "NaN": return header(digits: [], weight: 0, sign: notANumber, scale: 0, into: &buffer)
        case "Infinity": return header(digits: [], weight: 0, sign: positiveInfinity, scale: 0, into: &buffer)
        case "-Infinity": return header(digits: [], weight: 0, sign: negativeInfinity, scale: 0, into: &buffer)
        default: break
        }
        var body = Substring(numeric.text)
        let isNegative = body.hasPrefix("-")
        if isNegative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = Array(parts[0].utf8).map { Int16($0 - UInt8(ascii: "0")) }
        let fraction = parts.count == 2 ? Array(parts[1].utf8).map { Int16($0 - UInt8(ascii: "0")) } : []

        // Align on the decimal point: pad the whole part on the left, the fraction on the right.
        let paddedWhole = Array(repeating: Int16(0), count: (4 - whole.count % 4) % 4) + whole
        let paddedFraction = fraction + Array(repeating: Int16(0), count: (4 - fraction.count % 4) % 4)
        var groups = stride(from: 0, to: paddedWhole.count, by: 4).map { group(paddedWhole[$0..<$0 + 4]) }
        var weight = groups.count - 1
        groups += stride(from: 0, to: paddedFraction.count, by: 4).map { group(paddedFraction[$0..<$0 + 4]) }
        // Dropped at once, not one by one (each removeFirst shifts the whole array).
        let leadingZeros = groups.prefix { $0 == 0 }.count
        groups.removeFirst(leadingZeros)
        weight -= leadingZeros
        while let last = groups.last, last == 0 { groups.removeLast() }
        let sign = isNegative && !groups.isEmpty ? negative : positive
        // PostgreSQL's own limits (131,072 digits before the point, 16,383 after): the weight fits
        // in Int16, the digit count (up to 36,864 groups) only in the UInt16 the server reads.
        guard Int16(exactly: weight) != nil, UInt16(exactly: groups.count) != nil, fraction.count <= 16_383 else {
            throw PostgresError(kind: .invalidParameter, message: "numeric \(numeric.text.prefix(20))… has more digits than PostgreSQL's numeric holds")
        }
        header(digits: groups, weight: groups.isEmpty ? 0 : weight, sign: sign, scale: fraction.count, into: &buffer)
    }

    static func decode(_ reader: inout BinaryReader) throws -> PostgresNumeric {
        let count = Int(try reader.read(UInt16.self))  // unsigned: beyond 32,767 groups is valid
        let weight = Int(try reader.read(Int16.self))
        let sign = try reader.read(UInt16.self)
        let scale = Int(try reader.read(Int16.self))
        var digits: [Int] = []
        for _ in 0..<count { digits.append(Int(try reader.read(Int16.self))) }
        switch sign {
        case notANumber: return PostgresNumeric("NaN")!
        case positiveInfinity: return PostgresNumeric("Infinity")!
        case negativeInfinity: return PostgresNumeric("-Infinity")!
        default: break
        }
        func digit(_ index: Int) -> Int { index >= 0 && index < digits.count ? digits[index] : 0 }

        var whole = ""
        if weight < 0 || digits.isEmpty {
            whole = "0"
        } else {
            for index in 0...weight {
                let value = String(digit(index))
                whole += index == 0 ? value : String(repeating: "0", count: 4 - value.count) + value
            }
        }
        // Built as bytes with the length known up front: counting a String's characters in the
        // loop made a 16,383-digit fraction quadratic.
        var fractionBytes: [UInt8] = []
        fractionBytes.reserveCapacity(scale + 3)
        var index = weight + 1
        while fractionBytes.count < scale {
            let value = digit(index)
            for divisor in [1000, 100, 10, 1] { fractionBytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10)) }
            index += 1
        }
        let fraction = String(decoding: fractionBytes.prefix(scale), as: UTF8.self)
        let text = (sign == negative ? "-" : "") + whole + (scale > 0 ? "." + fraction : "")
        guard let numeric = PostgresNumeric(text) else {
            throw PostgresError(kind: .decodingFailed, message: "numeric value with malformed digits")
        }
        return numeric
    }

    private static func group(_ digits: ArraySlice<Int16>) -> Int16 {
        digits.reduce(0) { $0 * 10 + $1 }
    }

    private static func header(digits: [Int16], weight: Int, sign: UInt16, scale: Int, into buffer: inout BinaryWriter) {
        buffer.write(UInt16(digits.count))
        buffer.write(Int16(weight))
        buffer.write(sign)
        buffer.write(Int16(scale))
        for digit in digits { buffer.write(digit) }
    }
}
