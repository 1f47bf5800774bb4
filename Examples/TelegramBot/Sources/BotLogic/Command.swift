import Foundation

/// A command the bot understands, parsed from a message's text.
enum Command: Equatable {
    case remind(minutes: Int, text: String)
    case note(title: String, body: String)
    case notes
    case language(String)
    case stats

    init?(_ text: String) {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let verb = parts.first, verb.hasPrefix("/") else { return nil }
        let rest = parts.count > 1 ? parts[1] : ""
        switch verb {
        case "/remind":
            let words = rest.split(separator: " ", maxSplits: 1).map(String.init)
            guard words.count == 2, let minutes = Int(words[0]), minutes > 0 else { return nil }
            self = .remind(minutes: minutes, text: words[1])
        case "/note":
            let pieces = rest.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty else { return nil }
            self = .note(title: pieces[0], body: pieces[1])
        case "/notes": self = .notes
        case "/lang":
            guard !rest.isEmpty, rest.count <= 8 else { return nil }
            self = .language(rest)
        case "/stats": self = .stats
        default: return nil
        }
    }
}
