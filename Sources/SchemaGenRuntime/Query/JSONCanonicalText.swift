import Foundation

/// The canonical JSON text typed filters compare JSON values by: no whitespace, object keys
/// sorted by their UTF-8 bytes, numbers that are whole and within ±2^53 written as integers
/// (`-0` as `0`) and others in Swift's shortest round-trip form, strings with only `"`, `\` and
/// control characters escaped (so strings compare by their UTF-8 bytes, not by canonical
/// equivalence). Two values are equal in filters when their canonical texts are.
enum JSONCanonicalText {
    static func text(of value: JSONValue) -> String {
        var text = ""
        write(value, to: &text)
        return text
    }

    private static func write(_ value: JSONValue, to text: inout String) {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number):
            if number == number.rounded(), abs(number) <= 9_007_199_254_740_992 { text += String(Int64(number)) } else { text += "\(number)" }
        case .string(let string): writeString(string, to: &text)
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                write(element, to: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { text += "," }
                writeString(key, to: &text)
                text += ":"
                write(members[key] ?? .null, to: &text)
            }
            text += "}"
        }
    }

    private static func writeString(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
