import Foundation
import SchemaGenRuntime
import SyncaraBotData
import Testing

/// Seed 000 (syncara_bot): canvas files, image history, capped conversation history, todos per chat.
@Suite struct SyncaraBotTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func open() throws -> SyncaraBotDatabase {
        try SyncaraBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
    }

    @Test func canvasFilesAreUniquePerChatAndFilename() throws {
        let db = try open()
        let canvas = db.database.canvasFiles
        let file = try canvas.insert(CanvasFile(filename: "main.py", filetype: "py", content: "print(1)", chatID: 5, createdAt: clock.now))
        try canvas.insert(CanvasFile(filename: "main.py", content: "other chat", chatID: 6, createdAt: clock.now))
        #expect(throws: StoreError.self) {
            try canvas.insert(CanvasFile(filename: "main.py", content: "dup", chatID: 5, createdAt: clock.now))
        }
        // update_file: every update keeps the old content in history.
        let updated = try canvas.update(id: file.id) { file in
            file.history = (file.history ?? []) + [CanvasHistoryEntry(content: file.content, timestamp: clock.now)]
            file.content = "print(2)"
            file.updatedAt = clock.now
        }
        #expect(updated?.history?.first?.content == "print(1)")
        #expect(try db.canvasFiles.get(chatID: 5, filename: "main.py")?.content == "print(2)")
        #expect(try db.canvasFiles.byChatIDFilename(chatID: 5).count() == 1)
    }

    @Test func imageHistoryOfAUser() throws {
        let db = try open()
        for n in 0..<5 {
            try db.database.imageGenerations.insert(ImageGeneration(userID: n % 2 == 0 ? 1 : 2, chatID: 9, prompt: "cat \(n)",
                                                                   advancedParams: ImageParams(seed: Int64(n), aspectRatio: "1:1"),
                                                                   createdAt: clock.now))
            clock.advance(days: 0.01)
        }
        let history = try db.imageGenerations.byUserID(userID: 1, order: .reverse).fetch(limit: 10).items
        #expect(Set(history.map(\.prompt)) == ["cat 0", "cat 2", "cat 4"])
        #expect(history.first?.advancedParams?.aspectRatio == "1:1")
    }

    @Test func conversationHistoryKeepsTheNewestFifty() throws {
        let db = try open()
        let user = try db.database.users.insert(User(userID: 42, firstSeen: clock.now, preferences: Preferences(responseLength: .short)))
        for n in 0..<60 {
            try db.database.users.appendToConversationHistory([ConversationEntry(timestamp: clock.now, message: "q\(n)", response: "a\(n)")], id: user.id)
        }
        let stored = try #require(try db.users.get(userID: 42))
        #expect(stored.conversationHistory?.count == 50 && stored.conversationHistory?.first?.message == "q10")
        #expect(stored.preferences?.responseLength == .short)
        // Writing more than the cap directly is invalid, with the field path.
        var tooLong = stored
        tooLong.conversationHistory = (0..<51).map { ConversationEntry(timestamp: clock.now, message: "\($0)", response: "") }
        let error = try #require(throws: ValidationError.self) { try db.database.users.update(tooLong) }
        #expect(error.paths == ["conversation_history"])
    }

    @Test func todosArePartitionedByChat() throws {
        let db = try open()
        let chat5 = db.database.todos(chatID: 5)
        let todo = try chat5.insert(Todo(description: "buy milk", status: .pending, createdAt: clock.now, createdBy: 1, chatID: 5))
        try chat5.insert(Todo(description: "ship it", status: .pending, createdAt: clock.now, createdBy: 1, chatID: 5))
        try db.database.todos(chatID: 6).insert(Todo(description: "other", status: .pending, createdAt: clock.now, createdBy: 2, chatID: 6))
        #expect(throws: RecordError.ownerMismatch(entity: "todos", expected: .int(5), got: .int(6))) {
            try chat5.insert(Todo(description: "wrong chat", status: .pending, createdAt: clock.now, createdBy: 1, chatID: 6))
        }
        #expect(try db.todos(chatID: 5).count() == 2 && db.todos(chatID: 6).count() == 1)
        #expect(try db.todos(chatID: 6).get(id: todo.id) == nil)
        try chat5.update(id: todo.id) { $0.status = .completed; $0.completedBy = 1 }
        #expect(try db.todos(chatID: 5).all().all().filter { $0.status == .completed }.count == 1)
    }

    @Test func workflowValidationAndRetention() throws {
        let db = try open()
        let bad = WorkflowExecution(executionID: "e1", workflowID: "w", status: .running, startedAt: clock.now, userID: 1, chatID: 1, progress: 150)
        let error = try #require(throws: ValidationError.self) { try db.database.workflowExecutions.insert(bad) }
        #expect(error.failures.map(\.description) == ["progress: must be at most 100, is 150"])
        // Progress is a percentage with a fraction (Number in the seed).
        let partial = try db.database.workflowExecutions.insert(
            WorkflowExecution(executionID: "e0", workflowID: "w", status: .running, startedAt: clock.now, userID: 1, chatID: 1, progress: 42.5))
        #expect(try db.workflowExecutions.get(id: partial.id)?.progress == 42.5)
        #expect(try db.database.workflowExecutions.delete(id: partial.id))
        try db.database.workflowExecutions.insert(WorkflowExecution(executionID: "e2", workflowID: "w", status: .completed, startedAt: clock.now,
                                                                    completedAt: clock.now, userID: 1, chatID: 1))
        try db.database.workflowExecutions.insert(WorkflowExecution(executionID: "e3", workflowID: "w", status: .running, startedAt: clock.now,
                                                                    completedAt: clock.now, userID: 1, chatID: 1))
        try db.database.systemLogs.insert(SystemLog(timestamp: clock.now, level: .info, module: "core", message: "hi"))
        clock.advance(days: 31)
        let report = try db.sweep()
        #expect(report["workflow_executions"]?.expired == 1 && report["system_logs"]?.expired == 1)
        #expect(try db.workflowExecutions.count() == 1)
    }

    /// "Canvas History: 30 days retention": a sweep removes history entries older than `days_old`
    /// (30 days unless given) from every file and keeps the files, their content and newer entries.
    @Test func sweepsDropCanvasHistoryEntriesOlderThanThePeriod() throws {
        let db = try open()
        let canvas = db.database.canvasFiles
        let start = clock.now
        let entries = [40.0, 31, 29, 2].map { age in
            CanvasHistoryEntry(content: "v\(Int(age))", timestamp: start.addingTimeInterval(-age * 86_400))
        }
        let file = try canvas.insert(CanvasFile(filename: "a.py", content: "now", chatID: 1, createdAt: start, history: entries))
        let untouched = try canvas.insert(CanvasFile(filename: "b.py", content: "new", chatID: 1, createdAt: start,
                                                     history: [entries[3]]))
        let bare = try canvas.insert(CanvasFile(filename: "c.py", content: "none", chatID: 1, createdAt: start))
        let report = try db.sweep()
        #expect(report["canvas_files"]?.expiredEntries == 2)
        #expect(try canvas.get(id: file.id)?.history?.map(\.content) == ["v29", "v2"])
        #expect(try canvas.get(id: file.id)?.content == "now")
        #expect(try canvas.get(id: untouched.id) == untouched)
        #expect(try canvas.get(id: bare.id) == bare)
        // A shorter period for one sweep reaches the 29-day-old entry too; a second sweep finds nothing.
        #expect(try db.sweep(periods: SyncaraBotRetentionPeriods(daysOld: 10 * 86_400))["canvas_files"]?.expiredEntries == 1)
        #expect(try canvas.get(id: file.id)?.history?.map(\.content) == ["v2"])
        #expect(try db.sweep(periods: SyncaraBotRetentionPeriods(daysOld: 10 * 86_400))["canvas_files"]?.expiredEntries == 0)
    }
}
