@testable import SchemaEmitters
import Testing

/// The escapers every emitter writes schema text through, one language at a time.
@Suite struct EscaperTests {
    /// A quote followed by a combining mark is one `Character` in Swift but still a quote to the
    /// server's parser: doubling works on Unicode scalars.
    @Test func quotesAreDoubledEvenWhenACombiningMarkFollows() {
        #expect(SQLDialect.postgres.quote("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(SQLDialect.mysql.quote("a`\u{301}b") == "`a``\u{301}b`")
        #expect(SQLDialect.sqlite.string("it'\u{301}s") == "'it''\u{301}s'")
        #expect(SQLDialect.postgres.string("a\\\u{301}'") == "E'a\\\\\u{301}'''")
        #expect(SQLDialect.mysql.string("plain") == "'plain'")
    }

    @Test func commentTextStaysOnOneVisibleLine() {
        #expect(CommentText.oneLine("a\nb\rc\u{2028}d\u{2029}e\u{85}f\u{0B}g\u{0C}h") == #"a\nb\rc\u{2028}d\u{2029}e\u{85}f\u{B}g\u{C}h"#)
        #expect(CommentText.oneLine("x\u{202E}y\u{2066}z\u{7}\u{7F}") == #"x\u{202E}y\u{2066}z\u{7}\u{7F}"#)
        #expect(CommentText.oneLine("tab\tand ünïcödé */ --") == "tab\tand ünïcödé */ --")
    }

    @Test func everyLanguagesCommentKeepsItsTextOnItsLine() {
        #expect(SQLDialect.comment("x\nDROP TABLE t;") == #"-- x\nDROP TABLE t;"#)
        #expect(SQLDialect.comment("") == "--")
        #expect(JavaScriptSyntax.comment("x\u{2028}alert(1)", indent: "  ") == #"  // x\u{2028}alert(1)"#)
        #expect(SwiftPrinter().doc(["`a\r#error(\"x\")`"], indent: 4) == [#"    /// `a\r#error("x")`"#])
        #expect(SwiftPrinter().doc(["a\nb", ""], indent: 0) == [#"/// a\nb"#, "///"])
        #expect(Markdown.comment("a --> b\nc") == #"<!-- a - -> b\nc -->"#)
        #expect(Markdown.comment("---->") == "<!-- - - - -> -->")
    }

    @Test func dollarQuotesUseATagTheBodyCannotClose() {
        #expect(SQLDialect.dollarQuoted("\nBEGIN\nEND\n") == "$$\nBEGIN\nEND\n$$")
        #expect(SQLDialect.dollarQuoted("a $$ b") == "$schemagen$a $$ b$schemagen$")
        #expect(SQLDialect.dollarQuoted("ends in $") == "$schemagen$ends in $$schemagen$")
        #expect(SQLDialect.dollarQuoted("$$ and $schemagen$") == "$schemagen1$$$ and $schemagen$$schemagen1$")
        #expect(SQLDialect.dollarQuoted("$$ $schemagen$ $schemagen1$ x$schemagen2") == "$schemagen3$$$ $schemagen$ $schemagen1$ x$schemagen2$schemagen3$")
    }

    @Test func literalsEscapeWhatWouldEndOrHideThem() {
        #expect(SwiftCode.literal("\\(x) \"\"\" \u{2028}\u{202E}\u{7F}") == #""\\(x) \"\"\" \u{2028}\u{202e}\u{7f}""#)
        #expect(JavaScriptSyntax.stringLiteral("${x} \"\n\u{2028}") == #""${x} \"\n\u2028""#)
        #expect(SQLDialect.postgres.string("it's $$") == "'it''s $$'")
        #expect(SQLDialect.postgres.string(#"a\'b"#) == #"E'a\\''b'"#)
        #expect(SQLDialect.sqlite.string(#"a\'b"#) == #"'a\''b'"#)
        #expect(SQLDialect.mysql.string("a\\' b") == #"'a\\'' b'"#)
        #expect(SQLDialect.postgres.quote("a\"b") == #""a""b""#)
        #expect(SQLDialect.mysql.quote("a`b") == "`a``b`")
    }

    @Test func markdownTextCannotStartABlock() {
        #expect(Markdown.text("# Heading") == "\\# Heading")
        #expect(Markdown.text("> quote") == #"\> quote"#)
        #expect(Markdown.text("12. item") == #"12\. item"#)
        #expect(Markdown.text("```swift") == #"\```swift"#)
        #expect(Markdown.text("a <b> # c") == "a &lt;b> # c")
        #expect(Markdown.text("- item") == "\\- item")
        #expect(Markdown.text("2026 plans") == "2026 plans")
        #expect(Markdown.text("0.0 - 1.0") == "0.0 - 1.0")
        #expect(Markdown.text("-x") == "-x")
    }

    @Test func patternsAreAnchoredPerEngine() {
        #expect(WholeMatchPattern.postgres("a|b") == "^(?:a|b)$")
        #expect(WholeMatchPattern.mysql("a|b") == #"\A(?:a|b)\z"#)
        #expect(WholeMatchPattern.mongo("a|b") == #"^(?:a|b)(?![\s\S])"#)
    }
}
