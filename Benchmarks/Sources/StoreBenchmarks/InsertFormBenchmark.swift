import Foundation
import SchemaGenPostgres

/// `--insert-forms`: which statement form loads rows into PostgreSQL faster, through the same
/// client on one server, forms interleaved and rotated per round: one multi-row
/// `INSERT … VALUES (…), (…) RETURNING id` per batch (what the generated repositories' `insertAll`
/// sends, up to 65,535 parameters a statement), the same with 1,000 rows a statement, and one
/// `INSERT … SELECT * FROM unnest($1::int8[], …)` per batch (the raw-SQL engine's bulk load).
/// Each batch of `Workload.batch` rows is a transaction, as in the bulk-load workload.
enum InsertFormBenchmark {
    enum Form: String, CaseIterable {
        case values = "multi-row VALUES, up to 65,535 parameters a statement"
        case values1000 = "multi-row VALUES, 1,000 rows a statement"
        case unnest = "unnest of array parameters, one statement a batch"
    }

    static let table = """
        CREATE TABLE messages (id bigint PRIMARY KEY, chat bigint NOT NULL, time bigint NOT NULL, author bigint NOT NULL, text text NOT NULL);
        CREATE INDEX by_chat_time ON messages (chat, time);
        CREATE INDEX by_author ON messages (author, time);
        """

    static func run(_ w: Workload, rounds: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-insert-forms-\(getpid())").path
        let cluster = try PostgresCluster(directory: directory)
        defer {
            try? cluster.stop(immediate: true)
            cluster.remove()
        }
        let connection = try PostgresConnection.connectBlocking(cluster.conninfo)
        defer { connection.close() }
        print("rows: \(w.rows), rounds: \(rounds), batch: \(w.batch) rows a transaction, PostgreSQL \(try PostgresCluster.serverVersion()), "
            + "load average at the start: \(loadAverage)")
        var rates: [Form: [Double]] = [:]
        for round in 0..<rounds {
            let forms = Form.allCases
            for k in forms.indices {
                let form = forms[(k + round) % forms.count]
                try connection.runScriptBlocking("DROP TABLE IF EXISTS messages; " + table)
                let seconds = try measure { try load(w, form, connection) }
                let rate = Double(w.rows) / seconds
                rates[form, default: []].append(rate)
                print("round \(round + 1) \(form.rawValue): \(Int(rate)) rows/s")
            }
        }
        print("load average at the end: \(loadAverage)")
        for form in Form.allCases {
            let sorted = (rates[form] ?? []).sorted()
            guard let low = sorted.first, let high = sorted.last else { continue }
            print("median \(form.rawValue): \(Int(sorted[sorted.count / 2])) rows/s (\(Int(low))–\(Int(high)))")
        }
    }

    static var loadAverage: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func load(_ w: Workload, _ form: Form, _ connection: PostgresConnection) throws {
        var i = 0
        while i < w.rows {
            let end = min(i + w.batch, w.rows)
            try connection.runScriptBlocking("BEGIN")
            switch form {
            case .unnest:
                let messages = (i..<end).map(w.message)
                _ = try connection.queryBlocking("""
                    INSERT INTO messages (id, chat, time, author, text)
                    SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[], $5::text[]) RETURNING id
                    """, [
                        .array((i..<end).map { .int64(Int64($0)) }, element: .int64),
                        .array(messages.map { .int64(Int64($0.chat)) }, element: .int64),
                        .array(messages.map { .int64($0.time) }, element: .int64),
                        .array(messages.map { .int64(Int64($0.author)) }, element: .int64),
                        .array(messages.map { .text($0.text) }, element: .text),
                    ])
            case .values, .values1000:
                let perStatement = form == .values ? 65_535 / 5 : 1_000
                var start = i
                while start < end {
                    let stop = min(start + perStatement, end)
                    var parameters: [PostgresValue] = []
                    var tuples: [String] = []
                    for j in start..<stop {
                        let m = w.message(j)
                        let n = parameters.count
                        parameters += [.int64(Int64(j)), .int64(Int64(m.chat)), .int64(m.time), .int64(Int64(m.author)), .text(m.text)]
                        tuples.append("($\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4), $\(n + 5))")
                    }
                    _ = try connection.queryBlocking("INSERT INTO messages (id, chat, time, author, text) VALUES "
                        + tuples.joined(separator: ", ") + " RETURNING id", parameters)
                    start = stop
                }
            }
            try connection.runScriptBlocking("COMMIT")
            i = end
        }
    }
}
