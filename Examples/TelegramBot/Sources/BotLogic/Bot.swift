import BotData
import Foundation

/// The bot: records every update, answers commands, delivers due reminders and runs retention.
///
/// Commands: `/remind <minutes> <text>`, `/note <title>: <body>`, `/notes`, `/lang <code>`
/// (administrators only; audited), `/stats` (cached for the schema's ten minutes).
public final class Bot: Sendable {
    let db: TelegramBotDatabase
    let administrators: Set<Int64>

    /// A bot on the database in directory `path`; `clock` is the time every write and rule uses.
    public init(path: String, administrators: Set<Int64> = [],
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        db = try TelegramBotDatabase.open(at: path, clock: clock)
        self.administrators = administrators
    }

    /// Closes the database.
    public func close() { db.close() }

    /// Records `update` (chat, user and message in one transaction) and answers it if it is a command.
    public func handle(_ update: Update) throws -> Reply? {
        let now = db.access.now
        try db.write { tx in
            let kind = ChatKind(rawValue: update.chatKind) ?? .group
            if try tx.chats.get(chatID: update.chatID) == nil {
                _ = try tx.chats.insert(Chat(chatID: update.chatID, kind: kind, createdAt: now))
            }
            _ = try tx.users.upsert(User(userID: update.userID, username: update.username, firstName: update.firstName,
                                         createdAt: try tx.users.get(userID: update.userID)?.createdAt ?? now))
            _ = try tx.messages.insert(Message(chatID: update.chatID, userID: update.userID, text: update.text, sentAt: now))
        }
        guard let command = Command(update.text) else { return nil }
        return Reply(chatID: update.chatID, text: try answer(command, to: update, now: now))
    }

    private func answer(_ command: Command, to update: Update, now: Date) throws -> String {
        switch command {
        case .remind(let minutes, let text):
            let due = now.addingTimeInterval(Double(minutes) * 60)
            _ = try db.reminders.insert(Reminder(chatID: update.chatID, userID: update.userID, text: text, dueAt: due))
            return "I'll remind you in \(minutes) min."
        case .note(let title, let body):
            let notes = db.notesWriter.notes(ownedBy: update.userID)
            _ = try notes.insert(Note(title: title, body: body))   // the owner comes from the scope
            return "Saved \"\(title)\"."
        case .notes:
            let notes = try db.notes(ownedBy: update.userID).byCreatedAt(order: .indexOrder).fetch(limit: 10).items
            return notes.isEmpty ? "No notes yet." : notes.map { "• \($0.title)" }.joined(separator: "\n")
        case .language(let code):
            guard administrators.contains(update.userID) else { return "Only administrators can change the language." }
            try db.write { tx in
                _ = try tx.chats.update(chatID: update.chatID) { chat in
                    var settings = chat.settings ?? ChatSettings()
                    settings.language = code
                    chat.settings = settings
                }
                _ = try tx.admin.auditLog.insert(AuditLog(chatID: update.chatID, actorID: update.userID,
                                                          action: "language \(code)", at: now))
            }
            return "Language set to \(code)."
        case .stats:
            if let cached = try db.caches.replies.get(chatID: update.chatID, command: "stats") { return cached }
            let count = try db.messages.byChatIDSentAt(chatID: update.chatID).count()
            let text = "\(count) messages in the last 30 days."
            try db.caches.replies.set(text, chatID: update.chatID, command: "stats")
            return text
        }
    }

    /// Reminders due by now, marked delivered, as the replies to send.
    public func deliverDueReminders() throws -> [Reply] {
        let now = db.access.now
        return try db.write { tx in
            let due = try tx.reminders.byDeliveredDueAt(delivered: false, dueAt: .through(now)).all()
            return try due.map { reminder in
                _ = try tx.reminders.update(id: reminder.id) { $0.delivered = true }
                return Reply(chatID: reminder.chatID, text: "⏰ \(reminder.text)")
            }
        }
    }

    /// Runs every retention rule of the schema (old messages and delivered reminders go).
    public func sweep() throws -> DatabaseSweepReport { try db.sweep() }

    /// The chat's settings, if any were saved.
    public func settings(of chatID: Int64) throws -> ChatSettings? { try db.chats.get(chatID: chatID)?.settings }

    /// The audit trail of a chat, oldest first.
    public func auditTrail(of chatID: Int64) throws -> [AuditLog] {
        try db.auditLog.byChatIDAt(chatID: chatID).all()
    }

    /// How many messages of a chat are stored.
    public func messageCount(in chatID: Int64) throws -> Int { try db.messages.byChatIDSentAt(chatID: chatID).count() }
}
