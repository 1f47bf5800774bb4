import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// Anything `schemagen check` accepts compiles: names that shadow runtime, facade, keyword and
/// standard-library names, acronyms and namespaces (issue 10).
@Suite struct HostileNamesTests {
    @Test func swiftCompilesWithoutWarnings() throws {
        let files = SwiftEmitter().emit(try HostileNamesSchema.schema())
        let output = try GeneratedSwiftCompiler.typecheck(files, moduleName: "NamesData")
        #expect(output.isEmpty, "compiler output:\n\(output)")
    }

    /// The checked-in output (the `NamesData` target compiles its `Swift/`) is what the
    /// emitters write now.
    @Test func checkedInOutputIsCurrent() throws {
        let folder = SeedSchemas.packageRoot.appendingPathComponent(HostileNamesSchema.outputFolder)
        let schema = try HostileNamesSchema.schema()
        let files = EmitterRegistry.all.flatMap { $0.emit(schema) }
        #expect(files.contains { $0.path.hasPrefix("Swift/") } && files.contains { $0.path.hasPrefix("sql/") })
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            #expect(FileManager.default.fileExists(atPath: url.path), "missing \(file.path)")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            #expect(try String(contentsOf: url, encoding: .utf8) == file.contents, "stale \(file.path): run the build in names.schema's header")
        }
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]))
        let onDisk = try enumerator.compactMap { $0 as? URL }.filter { try $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true }
            .filter { $0.lastPathComponent != ".schemagen-manifest" }  // the build's list of what it wrote
        #expect(onDisk.count == files.count)
    }

    /// Every public runtime type has an entity named after it in the corpus.
    @Test func corpusNamesEveryRuntimeType() throws {
        let names = SwiftSchemaNames(try HostileNamesSchema.schema())
        let covered = Set(names.entityTypes.map { $0.hasSuffix("Record") ? String($0.dropLast(6)) : $0 })
        let missing = SwiftNaming.runtimeTypeNames.filter { !covered.contains($0) && !covered.contains($0 + "Record") }
        #expect(missing.sorted() == HostileNamesSchema.runtimeTypesSpelledOtherwise, "add a table per runtime type")
    }

    /// A table named like a facade member gets its own accessor instead of being hidden by it.
    @Test func facadeMembersKeepTheirMeaning() throws {
        let files = SwiftEmitter().emit(try HostileNamesSchema.schema())
        let database = try #require(files.first { $0.path == "Swift/Names+Database.swift" }?.contents)
        #expect(database.contains("public var store: Store { access.store }"))
        #expect(database.contains("public var readRecords: ReadRepository<Access>"))
        #expect(database.contains("public var writeRecords: WriteRepository<Access>"))
        let writers = try #require(files.first { $0.path == "Swift/Names+Writers.swift" }?.contents)
        #expect(writers.contains("public var selfValue: SelfWriter<Access>"))
        #expect(writers.contains("public var `default`: SelfDefaultWriter<Base>"))
        #expect(writers.contains("public var nowWriter: NowWriter<Access>"))
        #expect(writers.contains("public var baseWriter: NowBaseWriter<Base>"))
        #expect(writers.contains("public var storeWriter: StoreWriter<Access>"))
        let orders = try #require(files.first { $0.path == "Swift/Repositories/OrderRepository.swift" }?.contents)
        #expect(SwiftEmitterTests.containsCode(orders, "public func byOrderScope(orderValue: Int64, scopeValue: KeyRange<String>? = nil, order: QueryOrder = .indexOrder)"))
        let caches = try #require(files.first { $0.path == "Swift/Names+Caches.swift" }?.contents)
        #expect(caches.contains("public var storeRecords: StoreCache { StoreCache(store: store) }"))
        #expect(caches.contains("public static func key(key: String, store: Int64, spaceKey: Int64, ttlKey: Int64, selfValue: UUID) -> String"))
        let model = try #require(files.first { $0.path == "Swift/Models/SweepReportRecord.swift" }?.contents)
        #expect(model.contains("public var selfValue: String") && model.contains("public var initValue: Int32"))
    }

    /// SwiftPM compiles each file to an object named after its base name: two files with one base
    /// name in a target stop the build with "multiple producers".
    @Test func swiftFileBaseNamesAreUnique() throws {
        let files = SwiftEmitter().emit(try HostileNamesSchema.schema())
        let baseNames = files.map { $0.path.split(separator: "/").last.map { $0.lowercased() } ?? "" }
        let repeated = Dictionary(baseNames.map { ($0, 1) }, uniquingKeysWith: +).filter { $0.value > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "repeated file names: \(repeated)")
    }
}

/// The naming authority knows every public type of the runtime, read from its sources: a type
/// added to `SchemaGenRuntime` without being reserved fails here, not in a user's build.
@Suite struct RuntimeTypeNamesTests {
    @Test func everyPublicRuntimeTypeIsReserved() throws {
        let root = SeedSchemas.packageRoot.appendingPathComponent("Sources/SchemaGenRuntime")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 10, "read \(files.count) runtime files")
        let declaration = /public\s+(?:final\s+|indirect\s+)?(?:struct|class|enum|protocol|typealias|actor)\s+([A-Za-z_][A-Za-z0-9_]*)/
        var declared: Set<String> = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: declaration) { declared.insert(String(match.output.1)) }
        }
        #expect(declared.contains("SweepReport") && declared.contains("StoreError"))
        #expect(declared.subtracting(SwiftNaming.runtimeTypeNames).sorted() == [])
        #expect(declared.isSubset(of: SwiftNaming.importedTypeNames))
    }
}
