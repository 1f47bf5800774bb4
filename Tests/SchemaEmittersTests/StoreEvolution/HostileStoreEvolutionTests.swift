import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// The evolution file of the hostile schemas (names that shadow runtime and Swift names, text
/// with quotes, backslashes, interpolations and line separators) compiles beside the rest of the
/// generated library, with a step from an empty version so every change summary is rendered.
@Suite struct HostileStoreEvolutionTests {
    static func files(_ schema: Schema) throws -> [EmittedFile] {
        let versions = [VersionedSchema(number: 1, name: "initial", schema: Schema.empty(like: schema)),
                        VersionedSchema(number: 2, name: "current", schema: schema)]
        let result = StoreEvolutionEmitter().emit(versions)
        #expect(!result.diagnostics.contains { $0.severity == .error })
        let file = try #require(result.files.first)
        #expect(file.contents.contains("steps: [step2]"))
        for line in file.contents.split(separator: "\n") where line.count > 120 {
            #expect(line.contains("\""), "a line without a string literal is wider than 120: \(line)")
        }
        // The Swift emitter writes the same evolution file when given the same versions.
        let library = SwiftEmitter(versions: versions).emit(schema)
        #expect(library.contains(file))
        return library
    }

    @Test func hostileCorpusCompiles() throws {
        let output = try GeneratedSwiftCompiler.typecheck(try Self.files(try HostileSchema.schema(token: "evolution")),
                                                          moduleName: "HostileEvolutionData")
        #expect(output.isEmpty, "compiler output:\n\(output)")
    }

    @Test func hostileNamesCompile() throws {
        let output = try GeneratedSwiftCompiler.typecheck(try Self.files(try HostileNamesSchema.schema()),
                                                          moduleName: "NamesEvolutionData")
        #expect(output.isEmpty, "compiler output:\n\(output)")
    }
}
