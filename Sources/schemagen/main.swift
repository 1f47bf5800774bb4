import Foundation
import SchemaLanguage

let arguments = Array(CommandLine.arguments.dropFirst())
var files = arguments.filter { !$0.hasPrefix("-") && $0 != "check" }
if files.isEmpty { files = (try? FileManager.default.contentsOfDirectory(atPath: "schema"))?.filter { $0.hasSuffix(".schema") }.sorted().map { "schema/" + $0 } ?? [] }
var failed = false
for path in files {
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    let result = SchemaCompiler.compile(path: path, text: text)
    for d in result.diagnostics { print(d) }
    if result.schema == nil { failed = true }
}
exit(failed ? 1 : 0)
