import Foundation
import Testing

/// Typed filters are checked by the compiler: a misspelled field or a value of the wrong type
/// does not compile. Each snippet is type-checked by `swiftc` against `GryagBotData`.
@Suite struct TypedQueryCompileTests {
    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"))
    func wellTypedFiltersCompile() throws {
        let output = try SnippetCompiler.typecheck("""
            import GryagBotData
            import Foundation
            func allowed(_ db: GryagBotDatabase) throws {
                _ = try db.messages.filter { $0.chatID == 5 && ($0.userID.isIn([1, 2]) || $0.content.hasPrefix("hi")) }.count()
                _ = try db.messages.filter { $0.createdAt >= Date() }.group(byDayOf: { $0.createdAt }).count(order: .valueDescending, limit: 10)
            }
            """)
        #expect(output.status == 0 && !output.text.contains("error:") && !output.text.contains("warning:"), "\(output.text)")
    }

    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"),
          arguments: [
              ("_ = db.messages.filter { $0.chatId == 5 }", "has no member 'chatId'"),
              ("_ = db.messages.filter { $0.chatID == \"5\" }", "error:"),
              ("_ = db.messages.filter { $0.content.hasPrefix(5) }", "error:"),
              ("_ = db.messages.filter { $0.chatID.hasPrefix(\"5\") }", "error:"),
              ("_ = try db.messages.all().sum { $0.content }", "error:"),
          ])
    func illTypedFiltersDoNotCompile(_ statement: String, _ message: String) throws {
        let output = try SnippetCompiler.typecheck("""
            import GryagBotData
            func forbidden(_ db: GryagBotDatabase) throws {
                \(statement)
            }
            """)
        #expect(output.status != 0)
        #expect(output.text.contains("snippet.swift:3:") && output.text.contains(message), "\(output.text)")
    }

    /// Decimals, arrays, JSON and nested documents offer what their type supports.
    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"))
    func fieldsBeyondScalarsCompile() throws {
        let output = try SnippetCompiler.typecheck("""
            import SetaiBotData
            import MozaiksCoreData
            import SchemaGenRuntime
            import Foundation
            func allowed(_ setai: SetaiBotDatabase, _ mozaiks: MozaiksCoreDatabase) throws {
                _ = try setai.templates.filter { $0.rating >= 4.5 && $0.rating != Decimal(string: "4.555")! && $0.rating.isIn([1, 2.5]) }.count()
                _ = try setai.templates.filter { $0.variables.isEmpty && $0.usageStats.isNull && $0.metadata.isNotNull && !$0.rating.isNull }.count()
                _ = try mozaiks.users.filter { $0.roles.contains(.admin) && !$0.roles.isEmpty && $0.profile.isNull }.count()
                let rated = setai.templates.filter { $0.rating.isNotNull }
                let sum: Decimal? = try rated.sum { $0.rating }
                let mean: Decimal? = try rated.average { $0.rating }
                let lowest: Decimal? = try rated.min { $0.rating }
                let byRating: [QueryGroup<Decimal?, Int>] = try rated.group { $0.rating }.count(order: .valueDescending, limit: 3)
                let perServer: [QueryGroup<Int64, Decimal?>] = try setai.commandHistory.all().group { $0.serverID }.average(order: .valueDescending) { $0.executionTime }
                let pairs: [QueryGroup<(TemplateCategory, Decimal?), Int>] = try rated.group(by: { ($0.category, $0.rating) }).count()
                let pairSums: [QueryGroup<(Decimal?, TemplateStatus), Decimal?>] = try rated.group(by: { ($0.rating, $0.status) }).sum { $0.rating }
                _ = (sum, mean, lowest, byRating, perServer, pairs, pairSums)
                _ = try setai.commandHistory.filter { $0.aiInterpretation.intent.hasPrefix("mod") && $0.aiInterpretation.confidenceScore >= 0.5 }.count()
                _ = try setai.commandHistory.filter { $0.aiInterpretation.structuredCommand.action == "ban" && $0.aiInterpretation.cached.isIn([true]) }.count()
                _ = try setai.commandHistory.filter { $0.parameters == ["a": 1] && $0.results.count > 2 && $0.aiInterpretation.entities.isNotNull }.count()
                _ = try setai.templates.filter { $0.usageStats == JSONValue.null || $0.usageStats != [1, "x"] }.count()
                _ = try setai.templates.filter { $0.variables.contains(TemplateVariable(name: "n", type: .string, description: "d", required: true)) }.count()
            }
            """)
        #expect(output.status == 0 && !output.text.contains("error:") && !output.text.contains("warning:"), "\(output.text)")
    }

    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"),
          arguments: [
              "_ = setai.templates.filter { $0.rating == \"4.5\" }",
              "_ = setai.templates.filter { $0.rating.hasPrefix(\"4\") }",
              "_ = setai.templates.filter { $0.rating == Int64(4) }",
              "let _: Double? = try setai.templates.filter { $0.rating.isNotNull }.sum { $0.rating }",
              "let _: Double? = try setai.templates.all().average { $0.rating }",
              "_ = try setai.templates.all().sum { $0.metadata }",
              "_ = try setai.templates.all().group { $0.rating }.sum { $0.variables }",
              "_ = try setai.templates.all().group(byDayOf: { $0.rating }).count()",
              "let _: [QueryGroup<Decimal, Int>] = try setai.templates.all().group { $0.rating }.count()",
              "let _: [QueryGroup<(TemplateCategory, Decimal), Int>] = try setai.templates.all().group(by: { ($0.category, $0.rating) }).count()",
              "_ = setai.templates.filter { $0.usageStats < JSONValue.null }",
              "_ = setai.commandHistory.filter { $0.aiInterpretation.intnet == \"x\" }",
              "_ = setai.commandHistory.filter { $0.aiInterpretation.structuredCommand.acton == \"ban\" }",
              "_ = setai.commandHistory.filter { $0.aiInterpretation.confidenceScore == \"high\" }",
              "_ = setai.commandHistory.filter { $0.aiInterpretation.intent > 3 }",
              "_ = setai.commandHistory.filter { $0.aiInterpretation.confidenceScore.hasPrefix(\"0\") }",
              "_ = setai.commandHistory.filter { $0.aiInterpretation == \"x\" }",
              "_ = setai.commandHistory.filter { $0.parameters.name == \"x\" }",
              "_ = setai.commandHistory.filter { $0.results.count == \"2\" }",
              "_ = setai.commandHistory.filter { $0.parameters.count > 1 }",
              "_ = setai.templates.filter { $0.metadata < 3 }",
              "_ = setai.templates.filter { $0.variables.contains(\"x\") }",
              "_ = mozaiks.users.filter { $0.roles.contains(\"admin\") }",
              "_ = mozaiks.users.filter { $0.roles == [.admin] }",
              "_ = mozaiks.users.filter { $0.roles < [.admin] }",
              "_ = mozaiks.users.filter { $0.email.isEmpty }",
          ])
    func misusedFieldsBeyondScalarsDoNotCompile(_ statement: String) throws {
        let output = try SnippetCompiler.typecheck("""
            import SetaiBotData
            import MozaiksCoreData
            import SchemaGenRuntime
            import Foundation
            func forbidden(_ setai: SetaiBotDatabase, _ mozaiks: MozaiksCoreDatabase) throws {
                \(statement)
            }
            """)
        #expect(output.status != 0)
        #expect(output.text.contains("snippet.swift:6:") && output.text.contains("error:"), "\(output.text)")
    }

    /// Sub-fields inside documents that are decimals, arrays or JSON, decimal array elements and
    /// JSON membership (hostile-names `every_types`, whose nested type holds each kind).
    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"))
    func membersBeyondScalarsCompile() throws {
        let output = try SnippetCompiler.typecheck("""
            import NamesData
            import SchemaGenRuntime
            import Foundation
            func allowed(_ db: NamesDatabase) throws {
                _ = try db.everyTypes.filter { $0.nested.amount >= 4.5 && $0.nestedOpt.amount != Decimal(string: "4.555")! && $0.nested.amount.isIn([1, 2.5]) }.count()
                _ = try db.everyTypes.filter { $0.nested.tags.contains("x") && $0.nested.tags.count > 1 && !$0.nestedOpt.days.isEmpty && $0.nested.days.isNotNull }.count()
                _ = try db.everyTypes.filter { $0.nested.doc == ["a": 1] && $0.nestedOpt.doc.isIn([.null, 2]) && $0.doc.isIn([1]) && $0.nested.doc.isNull }.count()
                _ = try db.everyTypes.filter { $0.amounts.contains(Decimal(1)) && $0.amounts.contains(2.5) && $0.nested.amount.isNotNull }.count()
            }
            """)
        #expect(output.status == 0 && !output.text.contains("error:") && !output.text.contains("warning:"), "\(output.text)")
    }

    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"),
          arguments: [
              "_ = db.everyTypes.filter { $0.nested.amount == \"4.5\" }",
              "_ = db.everyTypes.filter { $0.nested.amount == Int64(4) }",
              "_ = db.everyTypes.filter { $0.nested.amount.hasPrefix(\"4\") }",
              "_ = db.everyTypes.filter { $0.nestedOpt.amount.isIn([\"1\"]) }",
              "_ = try db.everyTypes.all().sum { $0.nested.amount }",
              "_ = try db.everyTypes.all().group { $0.nested.amount }.count()",
              "_ = db.everyTypes.filter { $0.nested.tags.contains(5) }",
              "_ = db.everyTypes.filter { $0.nested.tags == [\"x\"] }",
              "_ = db.everyTypes.filter { $0.nested.tags.count == \"2\" }",
              "_ = db.everyTypes.filter { $0.nested.days.contains(\"2024-01-01\") }",
              "_ = db.everyTypes.filter { $0.nested.doc < 3 }",
              "_ = db.everyTypes.filter { $0.nested.doc.isIn([Decimal(1)]) }",
              "_ = db.everyTypes.filter { $0.nested.doc.hasPrefix(\"a\") }",
              "_ = db.everyTypes.filter { $0.doc.isIn([Date()]) }",
              "_ = db.everyTypes.filter { $0.amounts.contains(\"1\") }",
              "_ = db.everyTypes.filter { $0.amounts.contains(Int64(1)) }",
          ])
    func misusedMembersBeyondScalarsDoNotCompile(_ statement: String) throws {
        let output = try SnippetCompiler.typecheck("""
            import NamesData
            import SchemaGenRuntime
            import Foundation
            func forbidden(_ db: NamesDatabase) throws {
                \(statement)
            }
            """)
        #expect(output.status != 0)
        #expect(output.text.contains("snippet.swift:5:") && output.text.contains("error:"), "\(output.text)")
    }
}
