// Times `schemagen diff` on a large schema: 1,000 tables of 12 fields and 3 indexes each, against
// a copy where every tenth table gained a field, lost one, renamed one (with `was`) and changed an
// index. Prints median and spread (min–max) of several rounds for checking both versions, diffing
// them, and planning the SQL of every dialect. Run: swift run -c release DiffBenchmark [--tables N] [--rounds R]
import Dispatch
import Foundation
import SchemaEmitters
import SchemaLanguage

let arguments = CommandLine.arguments
func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else { return value }
    return number
}
let tableCount = option("--tables", default: 1_000)
let rounds = option("--rounds", default: 5)

func schemaText(changed: Bool) -> String {
    var lines = ["schema big {", "  targets sqlite, postgres, mysql", "}", ""]
    for table in 0..<tableCount {
        let touched = changed && table % 10 == 0
        lines.append("table t\(table) {")
        lines.append("  id int64 primary auto")
        if table > 0 { lines.append("  parent_id int64? -> t\(table - 1).id on delete set null") }
        for field in 0..<10 {
            if touched && field == 3 { continue }
            if touched && field == 4 { lines.append("  renamed_4 text? was f4"); continue }
            lines.append("  f\(field) \(field % 2 == 0 ? "int64 = 0" : "text?")")
        }
        if touched { lines.append("  added int32 = 1") }
        lines.append("  index (f0)")
        lines.append(touched ? "  index (f2, f0)" : "  index (f2)")
        if table > 0 { lines.append("  index (parent_id)") }
        lines.append("}")
        lines.append("")
    }
    return lines.joined(separator: "\n")
}

func time(_ work: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let oldText = schemaText(changed: false)
let newText = schemaText(changed: true)
var compile: [Double] = [], diffing: [Double] = [], planning: [Double] = []
var changeCount = 0
for _ in 0..<rounds {
    var old: Schema?, new: Schema?
    compile.append(time {
        old = SchemaCompiler.compile(path: "old.schema", text: oldText).schema
        new = SchemaCompiler.compile(path: "new.schema", text: newText).schema
    })
    guard let old, let new else { fatalError("benchmark schemas do not compile") }
    var diff: SchemaDiff?
    diffing.append(time { diff = SchemaDiff.compare(old, new).diff })
    guard let diff else { fatalError("benchmark diff failed: \(SchemaDiff.compare(old, new).diagnostics)") }
    changeCount = diff.changes.count
    planning.append(time { for dialect in SQLDialect.allCases { _ = diff.migration(for: dialect).render() } })
}

func row(_ name: String, _ values: [Double]) -> String {
    let sorted = values.sorted()
    let median = sorted[sorted.count / 2]
    return "| \(name) | \(String(format: "%.3f", median)) s | \(String(format: "%.3f", sorted.first!))–\(String(format: "%.3f", sorted.last!)) s |"
}
print("schemagen diff benchmark: \(tableCount) tables, \(changeCount) changes, \(rounds) rounds")
print("| step | median | spread (min–max) |")
print("|---|---:|---:|")
print(row("check both versions (parse + check)", compile))
print(row("diff (match + compare)", diffing))
print(row("plan and render SQL, 3 dialects", planning))
