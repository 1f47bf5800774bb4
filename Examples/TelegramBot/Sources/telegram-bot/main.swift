import BotLogic
import Foundation

// Reads updates from standard input, one per line: `<chat id> <user id> <first name> <text>`,
// and prints the replies. A real bot would poll the Telegram API here instead.
let path = CommandLine.arguments.dropFirst().first ?? "telegram-bot-data"
let bot = try Bot(path: path, administrators: [1])
defer { bot.close() }
while let line = readLine() {
    let fields = line.split(separator: " ", maxSplits: 3).map(String.init)
    guard fields.count == 4, let chat = Int64(fields[0]), let user = Int64(fields[1]) else {
        print("expected: <chat id> <user id> <first name> <text>")
        continue
    }
    if let reply = try bot.handle(Update(chatID: chat, userID: user, firstName: fields[2], text: fields[3])) {
        print("[\(reply.chatID)] \(reply.text)")
    }
    for reply in try bot.deliverDueReminders() { print("[\(reply.chatID)] \(reply.text)") }
}
