import Foundation

extension Store {
    /// Calls `line` with each row of `table` as one line of JSON (without the newline), in
    /// primary-key order, from one snapshot (see ``exportJSONLines(table:to:)`` for the format).
    /// - Returns: the number of rows.
    @discardableResult
    public func exportJSONLines(table: String, line: (String) throws -> Void) throws -> Int {
        let snapshot = self.snapshot
        let columns = try schema.table(table).definition.columns
        var cursor = try snapshot.cursor(table)
        var count = 0
        while let row = cursor.next() {
            try line(JSONLinesCodec.line(row, columns: columns))
            count += 1
        }
        if let failure = cursor.failure { throw failure }
        return count
    }

    /// Writes every row of `table` to the file `path` as JSON Lines: one object per row, column
    /// name → value in column order; integers and timestamps (microseconds since 1970) as exact
    /// JSON integers, doubles as numbers (`"NaN"`, `"Infinity"`, `"-Infinity"` as strings), uuids
    /// as strings, bytes as base64, null as `null`. The file appears whole or not at all.
    /// - Returns: the number of rows.
    @discardableResult
    public func exportJSONLines(table: String, to path: String) throws -> Int {
        var text = ""
        let count = try exportJSONLines(table: table) { text += $0 + "\n" }
        try DurableFile.write(Array(text.utf8), to: path, fileSystem: options.fileSystem, sync: options.durability != .unsynced)
        return count
    }

    /// Inserts the rows of `text` (JSON Lines as ``exportJSONLines(table:to:)`` writes them; a
    /// column left out is null, blank lines are skipped) into `table` in one transaction: every
    /// row or none.
    ///
    /// - Throws: ``StoreOperationError/importRejected(line:reason:)`` for a line that is not
    ///   valid UTF-8 or JSON, names an unknown column, has a value of the wrong type, or that the
    ///   store refuses (a duplicate key, a unique or foreign-key violation, a missing value).
    /// - Returns: the number of rows inserted.
    @discardableResult
    public func importJSONLines(table: String, text: [UInt8]) throws -> Int {
        let columns = try schema.table(table).definition.columns
        let string = String(decoding: text, as: UTF8.self)
        // Decoding replaces bad sequences, so a changed byte count means the text was not UTF-8.
        guard string.utf8.count == text.count, Array(string.utf8) == text else {
            let line = Self.lineOfInvalidUTF8(text)
            throw StoreOperationError.importRejected(line: line, reason: "not valid UTF-8")
        }
        var rows: [(line: Int, row: Row)] = []
        for (index, line) in string.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            do {
                rows.append((index + 1, try JSONLinesCodec.row(trimmed, columns: columns)))
            } catch let error as JSONLinesCodec.LineError {
                throw StoreOperationError.importRejected(line: index + 1, reason: error.reason)
            }
        }
        try write { tx in
            for (line, row) in rows {
                do {
                    try tx.insert(row, into: table)
                } catch let error as StoreError {
                    throw StoreOperationError.importRejected(line: line, reason: error.description)
                }
            }
        }
        return rows.count
    }

    /// ``importJSONLines(table:text:)`` reading the file `path`.
    @discardableResult
    public func importJSONLines(table: String, from path: String) throws -> Int {
        try importJSONLines(table: table, text: try options.fileSystem.readFile(path))
    }

    /// The 1-based line holding the first byte sequence that is not UTF-8.
    private static func lineOfInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var line = 1, start = 0
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if !text.utf8.elementsEqual(bytes[start..<i]) { return line }
            line += 1
            start = i + 1
        }
        return line
    }
}
