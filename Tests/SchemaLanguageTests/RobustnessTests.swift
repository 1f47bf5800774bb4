import Foundation
import Testing
@testable import SchemaLanguage
import SeededRandomness

/// Mutated seed schemas: the parser and checker must never crash or hang, and a file that yields
/// no schema must say why with at least one positioned error inside the file. Mutated files that
/// still parse must format idempotently without losing comments.
///
/// 3,000 cases by default; `SCHEMAGEN_HEAVY=1` runs 50,000. A failure prints the case's seed;
/// rerun one case with `SCHEMAGEN_FUZZ_SEED=<seed>`.
@Suite struct RobustnessTests {
    static let heavy = ProcessInfo.processInfo.environment["SCHEMAGEN_HEAVY"] == "1"
    static let caseCount = heavy ? 50_000 : 3_000
    /// How often a case mutates a whole seed rather than a window of it.
    static let wholeFileEvery: UInt64 = heavy ? 50 : 1_000_000
    /// Cases run in this many parallel shards.
    static let shards = 4

    /// The CPU time the calling thread has used.
    static func threadCPUTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }

    @Test(arguments: 0..<shards)
    func mutatedSeedsNeverCrashAndAlwaysExplain(_ shard: Int) throws {
        let seeds = try Seeds.all().map { seed in
            (file: seed.file, whole: Sample(seed.text), paragraphs: seed.text.components(separatedBy: "\n\n"))
        }
        var cases = Array(stride(from: shard, to: Self.caseCount, by: Self.shards)).map(UInt64.init)
        if let only = ProcessInfo.processInfo.environment["SCHEMAGEN_FUZZ_SEED"].flatMap(UInt64.init) {
            cases = shard == 0 ? [only] : []
        }
        for caseSeed in cases {
            var random = SeededRandom(seed: caseSeed)
            let seed = seeds[Int(random.next() % UInt64(seeds.count))]
            // Most cases mutate a window of the seed (its header and a few paragraphs: a debug
            // build checks a whole 800-line seed in ~100 ms); every `wholeFileEvery`th mutates the whole file.
            let sample = caseSeed % Self.wholeFileEvery == 0 ? seed.whole : Sample.window(of: seed.paragraphs, using: &random)
            let (bytes, what) = Mutation.apply(to: sample.bytes, tokens: sample.tokens, using: &random)
            let text = String(decoding: bytes, as: UTF8.self)
            let label = "case seed \(caseSeed) (\(seed.file), \(what)); rerun with SCHEMAGEN_FUZZ_SEED=\(caseSeed)"
            let start = Self.threadCPUTime()
            // Parse and check separately (as SchemaCompiler does) to reuse the tree for formatting.
            let (tree, syntaxDiagnostics) = Parser.parse(SourceFile(path: seed.file, text: text))
            let (checked, checkDiagnostics) = Checker.check(tree)
            let diagnostics = syntaxDiagnostics + checkDiagnostics
            let schema = errors(diagnostics).isEmpty ? checked : nil
            let elapsed = Self.threadCPUTime() - start
            // Generous: a case takes milliseconds; a hang would take forever. CPU time, not the wall
            // clock: on a loaded machine (the whole suite on 2 cores) a thread can wait seconds to run.
            #expect(elapsed < .seconds(2), "slow: \(elapsed) \(label)")
            if schema == nil {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let positioned = errors(diagnostics).filter { diagnostic in
                    let line = diagnostic.location.line, column = diagnostic.location.column
                    guard line >= 1, line <= lines.count else { return false }
                    return column >= 1 && column <= lines[line - 1].count + 1
                }
                #expect(!positioned.isEmpty, "no positioned error: \(label) \(diagnostics)")
            }
            // A file without syntax errors is one `fmt` would rewrite: the rewrite must be stable,
            // keep every comment and (when the file checks) its meaning.
            guard errors(syntaxDiagnostics).isEmpty else { continue }
            let (formatted, misplacedDocs) = SchemaFormatter.render(tree)
            guard misplacedDocs.isEmpty else { continue } // format(path:text:) refuses these files
            let (again, againDiagnostics) = Parser.parse(SourceFile(path: seed.file, text: formatted))
            #expect(errors(againDiagnostics).isEmpty, "formatted file does not parse: \(label)")
            #expect(SchemaFormatter.format(again) == formatted, "format not idempotent: \(label)")
            #expect(SchemaFormatter.commentLines(of: text) == SchemaFormatter.commentLines(of: formatted),
                    "format lost a comment: \(label)")
            if let schema {
                #expect(Checker.check(again).0.map(meaning) == meaning(schema), "format changed meaning: \(label)")
            }
        }
    }
}

/// A text to mutate, with its tokens' ranges.
struct Sample {
    let bytes: [UInt8]
    let tokens: [SourceRange]

    init(_ text: String) {
        var lexer = Lexer(file: SourceFile(path: "", text: text))
        bytes = Array(text.utf8)
        tokens = lexer.tokenize().dropLast().map(\.range)
    }

    /// The header's paragraph (and those before it), then 1 to 3 consecutive paragraphs.
    static func window(of paragraphs: [String], using random: inout SeededRandom) -> Sample {
        let header = paragraphs.firstIndex { $0.contains("schema ") } ?? 0
        let start = Int(random.next() % UInt64(paragraphs.count))
        let end = min(paragraphs.count, start + 1 + Int(random.next() % 3))
        let prefix = start > header ? Array(paragraphs[...header]) : []
        return Sample((prefix + paragraphs[start..<end]).joined(separator: "\n\n"))
    }
}

/// The five mutations: delete, duplicate or swap tokens, truncate, insert punctuation.
enum Mutation {
    static let punctuation = Array("{}()[],;:.=<>!?-/\"\\#@$%^&*+|~`'".utf8)

    static func apply(to bytes: [UInt8], tokens: [SourceRange], using random: inout SeededRandom) -> ([UInt8], String) {
        guard tokens.count >= 2 else { return (bytes, "unchanged") }
        func pick(_ count: Int) -> Int { Int(random.next() % UInt64(max(count, 1))) }
        switch random.next() % 5 {
        case 0:
            let token = tokens[pick(tokens.count)]
            return (Array(bytes[..<token.start] + bytes[token.end...]), "delete token at \(token.start)")
        case 1:
            let token = tokens[pick(tokens.count)]
            return (Array(bytes[..<token.end] + [0x20] + bytes[token.start...]), "duplicate token at \(token.start)")
        case 2:
            let index = pick(tokens.count - 1)
            let a = tokens[index], b = tokens[index + 1]
            let swapped = bytes[..<a.start] + bytes[b.start..<b.end] + bytes[a.end..<b.start] + bytes[a.start..<a.end]
                + bytes[b.end...]
            return (Array(swapped), "swap tokens at \(a.start)")
        case 3:
            let cut = pick(bytes.count + 1)
            return (Array(bytes[..<cut]), "truncate at \(cut)")
        default:
            let at = pick(bytes.count + 1)
            let count = 1 + pick(3)
            let inserted = (0..<count).map { _ in punctuation[pick(punctuation.count)] }
            return (Array(bytes[..<at] + inserted + bytes[at...]), "insert \(String(decoding: inserted, as: UTF8.self)) at \(at)")
        }
    }
}
