import Foundation

/// One incoming message, as a Telegram-style API delivers it.
public struct Update: Sendable, Hashable {
    /// The chat it was written in.
    public var chatID: Int64
    /// The chat's kind as the API names it (`private`, `group`, …).
    public var chatKind: String
    /// Who wrote it.
    public var userID: Int64
    /// The writer's first name.
    public var firstName: String
    /// The writer's `@username`, if any.
    public var username: String?
    /// The message text.
    public var text: String

    /// An update.
    public init(chatID: Int64, chatKind: String = "group", userID: Int64, firstName: String, username: String? = nil,
                text: String) {
        self.chatID = chatID
        self.chatKind = chatKind
        self.userID = userID
        self.firstName = firstName
        self.username = username
        self.text = text
    }
}

/// A message the bot sends.
public struct Reply: Sendable, Hashable {
    /// The chat to send it to.
    public var chatID: Int64
    /// Its text.
    public var text: String

    /// A reply.
    public init(chatID: Int64, text: String) {
        self.chatID = chatID
        self.text = text
    }
}
