import Foundation
import Testing

/// `schemagen build` as a process: output is the same in every run, only changed files are
/// rewritten, and every error in every file is reported in one run.
@Suite struct BuildOutputTests {
    /// Every regular file under `root`, by relative path.
    static func files(under root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: root.path) {
            var isDirectory: ObjCBool = false
            let url = root.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            result[path] = try Data(contentsOf: url)
        }
        return result
    }

    /// Inode and modification date: a rewrite (even of the same bytes, or by rename) changes one of them.
    static func identity(of url: URL) throws -> [String] {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        let inode = try #require(attributes[.systemFileNumber] as? NSNumber)
        let modified = try #require(attributes[.modificationDate] as? Date)
        return [inode.stringValue, String(modified.timeIntervalSince1970)]
    }

    /// Two processes building the repository's seed schemas into two directories write the same bytes
    /// (a determinism test inside one process would miss per-process hash seeds and dictionary order).
    @Test func twoProcessesWriteIdenticalBytes() throws {
        let root = CLIRunner.repositoryRoot
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-determinism-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var outputs: [[String: Data]] = []
        for run in ["first", "second"] {
            let out = scratch.appendingPathComponent(run)
            let result = try CLIRunner.run(["build", "--out", out.path], in: root)
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try Self.files(under: out))
        }
        #expect(outputs[0].count > 50)
        #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
        let differing = outputs[0].keys.filter { outputs[0][$0] != outputs[1][$0] }.sorted()
        #expect(differing.isEmpty, "differ between runs: \(differing)")
    }

    /// Changing one schema rewrites only the files whose bytes change: the other schema's files and the
    /// changed schema's unaffected files keep their inode and modification date.
    @Test func onlyChangedFilesAreRewritten() throws {
        let other = """
        schema other {
          targets sqlite
        }

        table things {
          id int64 primary auto
        }
        """
        let directory = try CLIRunner.workspace(["schema/tiny.schema": validSchema, "schema/other.schema": other])
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = directory.appendingPathComponent("generated")
        #expect(try CLIRunner.run(["build"], in: directory).status == 0)
        let before = try Self.files(under: generated)
        var identities: [String: [String]] = [:]
        for path in before.keys { identities[path] = try Self.identity(of: generated.appendingPathComponent(path)) }
        // Modification dates have at least one-second resolution on some file systems.
        Thread.sleep(forTimeInterval: 1.1)

        // A new collection field changes tiny's MongoDB, docs and Swift output, not its SQL.
        let changed = validSchema.replacingOccurrences(of: "  body  text\n", with: "  body  text\n  pinned bool = false\n")
        #expect(changed != validSchema)
        try Data(changed.utf8).write(to: directory.appendingPathComponent("schema/tiny.schema"))
        let result = try CLIRunner.run(["build"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let after = try Self.files(under: generated)
        #expect(after.keys.sorted() == before.keys.sorted())

        var rewritten: [String] = []
        for path in after.keys.sorted() where try Self.identity(of: generated.appendingPathComponent(path)) != identities[path] {
            rewritten.append(path)
        }
        let changedBytes = after.keys.filter { after[$0] != before[$0] }.sorted()
        #expect(!changedBytes.isEmpty)
        #expect(changedBytes.allSatisfy { $0.hasPrefix("tiny/") })
        #expect(changedBytes.contains("tiny/mongo/setup.js"))
        #expect(!changedBytes.contains("tiny/sql/sqlite.sql"))
        #expect(rewritten == changedBytes)
        #expect(result.stdout.contains("wrote \(changedBytes.count) of \(after.count) files"))
    }

    /// Errors in several files are all reported in one run, each with its own file name, and nothing is built.
    @Test func errorsInSeveralFilesAreReportedInOneRun() throws {
        let second = """
        schema second {
          targets postgres
        }

        table items {
          id    int64 primary
          price decimal(5
        }
        """
        let third = """
        schema third {
          targets sqlite
        }

        table logs {
          id   int64 primary
          id   text
        }
        """
        let directory = try CLIRunner.workspace(["schema/tiny.schema": brokenSchema, "schema/second.schema": second,
                                                 "schema/third.schema": third])
        defer { try? FileManager.default.removeItem(at: directory) }
        for command in [["check"], ["build"]] {
            let result = try CLIRunner.run(command, in: directory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("schema/tiny.schema:7:18: error: foreign key to unknown entity 'persons'"))
            #expect(result.stderr.contains("schema/tiny.schema:8:9: error: unknown type 'strng'"))
            #expect(result.stderr.contains("schema/second.schema:7:18: error: expected ')' to close the type's arguments"))
            #expect(result.stderr.contains("schema/third.schema:7:3: error: 'logs' has two fields named 'id'"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("generated").path))
    }
}
