@testable import SchemaEmitters
import Testing

/// The one printer of generated Swift: what fits stays on a line, what does not breaks one
/// element per line, four spaces deeper.
@Suite struct SwiftPrinterTests {
    static let call = SwiftExpression.call("Query", [
        SwiftArgument("access", .code("access")), SwiftArgument("index", .string("idx_a")),
        SwiftArgument("keyPositions", .array([.code("Columns.a"), .code("Columns.b")])),
    ])

    @Test func aCallThatFitsStaysOnOneLine() {
        #expect(SwiftPrinter().lines(.expression(Self.call), indent: 8)
            == [#"        Query(access: access, index: "idx_a", keyPositions: [Columns.a, Columns.b])"#])
    }

    @Test func aLongCallPutsOneArgumentPerLine() {
        let printer = SwiftPrinter(width: 50)
        #expect(printer.lines(.expression("return ", Self.call), indent: 4) == [
            "    return Query(",
            "        access: access,",
            #"        index: "idx_a","#,
            "        keyPositions: [Columns.a, Columns.b]",
            "    )",
        ])
        #expect(SwiftPrinter(width: 30).lines(.expression(Self.call), indent: 0) == [
            "Query(",
            "    access: access,",
            #"    index: "idx_a","#,
            "    keyPositions: [",
            "        Columns.a,",
            "        Columns.b,",
            "    ]",
            ")",
        ])
    }

    @Test func aLongSignatureAndTypeHeaderBreak() {
        let function = SwiftFunction(name: "byGuildID", parameters: ["guildID: Int64", "order: QueryOrder = .indexOrder"],
                                     returnType: "Query<Warning, Access>", body: [.code("fetch()")])
        #expect(SwiftPrinter(width: 60).lines(.function(function), indent: 0) == [
            "public func byGuildID(",
            "    guildID: Int64,",
            "    order: QueryOrder = .indexOrder",
            ") -> Query<Warning, Access> { fetch() }",
        ])
        let type = SwiftTypeDeclaration(keyword: "public enum", name: "Mode", conformances: ["String", "Sendable", "Hashable"],
                                        members: [.enumCase(doc: [], name: "on", rawValue: nil)])
        #expect(SwiftPrinter(width: 30).lines(.type(type), indent: 0)
            == ["public enum Mode:", "    String, Sendable, Hashable", "{", "    case on", "}"])
    }

    @Test func docCommentsAreEscapedAndWrapped() {
        let printer = SwiftPrinter(width: 24)
        #expect(printer.doc(["one two three four five", "", "- six seven eight nine", "a\u{202E}b"], indent: 0) == [
            "/// one two three four", "/// five", "///", "/// - six seven eight", "///   nine", #"/// a\u{202E}b"#,
        ])
    }

    @Test func membersAreSeparatedExceptRunsOfStoredProperties() {
        let members: [SwiftDeclaration] = [
            .property(SwiftProperty(keyword: "let", name: "a", type: "Int")),
            .property(SwiftProperty(keyword: "let", name: "b", type: "Int")),
            .function(SwiftFunction(modifiers: "", name: "f", body: [.code("g()")])),
        ]
        #expect(SwiftPrinter().members(members, indent: 0) == ["let a: Int", "let b: Int", "", "func f() { g() }"])
    }

    static let dictionary = SwiftExpression.dictionary([
        SwiftDictionaryEntry(.string("users"), .call(".column", [.string("user_name")])),
        SwiftDictionaryEntry(.string("posts"), .dictionary([])),
    ])

    @Test func aDictionaryThatFitsStaysOnOneLine() {
        #expect(SwiftPrinter().lines(.expression("let d = ", Self.dictionary), indent: 0)
            == [#"let d = ["users": .column("user_name"), "posts": [:]]"#])
        #expect(SwiftExpression.dictionary([]).inline == "[:]")
    }

    @Test func aLongDictionaryPutsOneEntryPerLineAndBreaksLongValues() {
        #expect(SwiftPrinter(width: 40).lines(.expression("let d = ", Self.dictionary), indent: 0) == [
            "let d = [",
            #"    "users": .column("user_name"),"#,
            #"    "posts": [:],"#,
            "]",
        ])
        #expect(SwiftPrinter(width: 24).lines(.expression("let d = ", Self.dictionary), indent: 0) == [
            "let d = [",
            #"    "users": .column("#,
            #"        "user_name""#,
            "    ),",
            #"    "posts": [:],"#,
            "]",
        ])
    }
}
