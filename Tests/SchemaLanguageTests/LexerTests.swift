import Testing
@testable import SchemaLanguage

/// The lexer: every token kind, with its text and range.
@Suite struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        var lexer = Lexer(file: SourceFile(path: "t", text: text))
        return lexer.tokenize().map(\.kind)
    }

    @Test func punctuationAndOperators() {
        #expect(kinds("{ } ( ) [ ] , ; : . .. -> ? = != < <= > >=") == [
            .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .comma, .semicolon,
            .colon, .dot, .dotDot, .arrow, .question, .equals, .notEquals, .less, .lessOrEqual, .greater,
            .greaterOrEqual, .endOfFile,
        ])
    }

    @Test func literals() {
        var lexer = Lexer(file: SourceFile(path: "t", text: "user_id _x 50 -1 0.5 -2.25 30m 1h 90d 1y 2w 10s 5days \"a\\\"b\""))
        let tokens = lexer.tokenize()
        #expect(tokens.map(\.kind) == [.identifier, .identifier, .integer, .integer, .number, .number,
                                       .duration, .duration, .duration, .duration, .duration, .duration,
                                       .integer, .identifier, .string, .endOfFile])
        #expect(tokens.map(\.text).prefix(6) == ["user_id", "_x", "50", "-1", "0.5", "-2.25"])
        #expect(tokens[14].text == "\"a\\\"b\"")
        #expect(lexer.problems.isEmpty)
    }

    @Test func rangesAreByteOffsets() {
        var lexer = Lexer(file: SourceFile(path: "t", text: "ab  \"é\" cd"))
        let tokens = lexer.tokenize()
        #expect(tokens[0].range == SourceRange(start: 0, end: 2))
        #expect(tokens[1].range == SourceRange(start: 4, end: 8)) // é is two bytes
        #expect(tokens[2].range == SourceRange(start: 9, end: 11))
    }

    @Test func commentsAndDocComments() {
        var lexer = Lexer(file: SourceFile(path: "t", text: "/// doc\n// note\n//// banner\nx // tail"))
        let tokens = lexer.tokenize().filter { $0.kind != .newline }
        #expect(tokens.map(\.kind) == [.docComment, .comment, .comment, .identifier, .comment, .endOfFile])
        #expect(tokens[0].text == "/// doc")
        #expect(tokens[4].text == "// tail")
    }

    @Test func newlinesAreTokensAndCarriageReturnsAreSpace() {
        #expect(kinds("a\r\nb\n") == [.identifier, .newline, .identifier, .newline, .endOfFile])
    }

    @Test func invalidCharactersAreTokens() {
        var lexer = Lexer(file: SourceFile(path: "t", text: "# ! - / é"))
        let tokens = lexer.tokenize()
        #expect(tokens.map(\.kind) == [.invalid, .invalid, .invalid, .invalid, .invalid, .endOfFile])
        #expect(tokens[4].text == "é") // one token for the whole multi-byte character
    }

    @Test func unterminatedStringIsReportedAndStillAToken() {
        var lexer = Lexer(file: SourceFile(path: "t", text: "\"abc\nx"))
        let tokens = lexer.tokenize()
        #expect(tokens.map(\.kind) == [.string, .newline, .identifier, .endOfFile])
        #expect(lexer.problems.map(\.message) == ["unterminated string"])
    }

    @Test func unescapeAndQuoteRoundTrip() {
        #expect(Lexer.unescape("\"a\\\"b\\\\c\\nd\\te\"") == "a\"b\\c\nd\te")
        #expect(Lexer.unescape("\"^[a-z]\\d+$\"") == "^[a-z]\\d+$") // unknown escapes keep the backslash
        for value in ["plain", "a\"b", "back\\slash", "line\nbreak", "tab\t", "^\\d+$", "ends with \\"] {
            #expect(Lexer.unescape(Lexer.quote(value)) == value)
        }
    }

    @Test func durations() {
        #expect(TimeSpan("90d")?.seconds == Int64(90 * 86_400))
        #expect(TimeSpan("1y")?.seconds == Int64(365 * 86_400))
        #expect(TimeSpan("2w")?.wholeDays == 14)
        #expect(TimeSpan("30m")?.wholeDays == nil)
        #expect(TimeSpan("99999999999999999d") == nil)
        #expect(TimeSpan("5x") == nil)
    }
}
