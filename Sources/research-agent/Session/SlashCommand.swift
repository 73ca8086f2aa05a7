import AgentCore
import Foundation

/// A line of an interactive session that starts with "/": a command to the session, not a
/// question to the agent.
enum SlashCommand: Equatable {
    case help
    case new
    case sources
    case open(Int)
    case steps
    case cost
    case model(String?)
    case budget(BudgetChange)
    case tools(ToolsChange)
    case memory(String)
    case remember(String)
    case forget(String)
    case export(String)
    case quit
    /// A line the session cannot use, with the one line that says why and what to do.
    case invalid(String)

    /// Changes `/budget` makes to the per-question budget: nil leaves a limit as it is,
    /// `.some(nil)` goes back to the default (no limit for cost and time).
    struct BudgetChange: Equatable {
        var steps: Int??
        var cost: Double??
        var time: Double??
        var isEmpty: Bool { steps == nil && cost == nil && time == nil }
    }

    /// What `/tools` does.
    enum ToolsChange: Equatable {
        case list
        case enable(String)
        case disable(String)
    }

    /// Each command with its arguments and what it does, in the order `/help` lists them.
    static let catalog: [(name: String, arguments: String, summary: String)] = [
        ("/help", "", "this list"),
        ("/new", "", "start a fresh session (earlier questions are no longer in view)"),
        ("/sources", "", "the last answer's sources in full"),
        ("/open", "N", "the text the agent read from source N"),
        ("/steps", "", "the last run's steps, as replay shows them"),
        ("/cost", "", "the session's tokens, dollars and time, and the budget per question"),
        ("/model", "[NAME]", "show the model, or use NAME for the next questions"),
        ("/budget", "[steps=N] [cost=USD|none] [time=S|none]", "show or change the budget of each question"),
        ("/tools", "[enable|disable NAME]", "list the tools, or turn one on or off for the session"),
        ("/memory", "QUERY", "the memories most related to QUERY"),
        ("/remember", "TEXT", "save TEXT as a memory"),
        ("/forget", "ID", "remove a memory"),
        ("/export", "FILE.md", "write the session as Markdown: questions, answers, sources"),
        ("/quit", "", "end the session (Ctrl-D too)"),
    ]

    /// The command names, "/help" first.
    static var names: [String] { catalog.map(\.name) }

    /// The command `line` (which starts with "/") asks for.
    static func parse(_ line: String) -> SlashCommand {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = String(trimmed.prefix { !$0.isWhitespace }).lowercased()
        let rest = String(trimmed.dropFirst(name.count)).trimmingCharacters(in: .whitespacesAndNewlines)
        func needs(_ what: String) -> SlashCommand { .invalid("\(name) needs \(what); see /help") }
        func noArguments(_ command: SlashCommand) -> SlashCommand {
            rest.isEmpty ? command : .invalid("\(name) takes no arguments (got \"\(rest)\")")
        }
        switch name {
        case "/help", "/?": return .help
        case "/new": return noArguments(.new)
        case "/sources": return noArguments(.sources)
        case "/steps": return noArguments(.steps)
        case "/cost": return noArguments(.cost)
        case "/quit", "/exit": return noArguments(.quit)
        case "/open":
            guard let n = Int(rest.hasPrefix("[") && rest.hasSuffix("]") ? String(rest.dropFirst().dropLast()) : rest), n >= 1 else {
                return needs("a source number, e.g. /open 3")
            }
            return .open(n)
        case "/model": return .model(rest.isEmpty ? nil : rest)
        case "/budget": return budget(rest)
        case "/tools": return tools(rest)
        case "/memory": return rest.isEmpty ? needs("a query, e.g. /memory vector search") : .memory(rest)
        case "/remember": return rest.isEmpty ? needs("the text to save") : .remember(rest)
        case "/forget": return rest.isEmpty ? needs("a memory id (see /memory)") : .forget(rest)
        case "/export": return rest.isEmpty ? needs("a file name, e.g. /export notes.md") : .export(rest)
        default:
            let near = nearest(to: name)
            let hint = near.isEmpty ? "" : "; did you mean \(near.joined(separator: " or "))?"
            return .invalid("unknown command \(name)\(hint) (/help lists them)")
        }
    }

    private static func budget(_ text: String) -> SlashCommand {
        var change = BudgetChange()
        for part in text.split(whereSeparator: \.isWhitespace) {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return .invalid("/budget takes steps=N, cost=USD or time=S (got \"\(part)\")") }
            let value = pair[1].lowercased()
            let reset = value == "none" || value == "default"
            switch pair[0].lowercased() {
            case "steps":
                guard reset || (Int(value).map { $0 >= 1 } ?? false) else {
                    return .invalid("/budget steps must be a whole number of at least 1, or default (got \(pair[1]))")
                }
                change.steps = .some(Int(value))
            case "cost":
                let dollars = Double(value.hasPrefix("$") ? String(value.dropFirst()) : value)
                guard reset || (dollars.map { $0 > 0 && $0.isFinite } ?? false) else {
                    return .invalid("/budget cost must be a positive number of dollars, or none (got \(pair[1]))")
                }
                change.cost = .some(reset ? nil : dollars)
            case "time":
                let seconds = Double(value.hasSuffix("s") ? String(value.dropLast()) : value)
                guard reset || (seconds.map { $0 > 0 && $0 <= Budget.longestTime } ?? false) else {
                    return .invalid(
                        "/budget time must be a positive number of seconds up to \(Int(Budget.longestTime)), or none (got \(pair[1]))")
                }
                change.time = .some(reset ? nil : seconds)
            default:
                return .invalid("/budget knows steps, cost and time (got \(pair[0]))")
            }
        }
        return .budget(change)
    }

    private static func tools(_ text: String) -> SlashCommand {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        switch (words.first?.lowercased(), words.count) {
        case (nil, _): return .tools(.list)
        case ("enable", 2): return .tools(.enable(words[1]))
        case ("disable", 2): return .tools(.disable(words[1]))
        default: return .invalid("/tools takes nothing, or enable NAME, or disable NAME")
        }
    }

    /// The command names within two edits of `name` (or that it starts), nearest first.
    static func nearest(to name: String) -> [String] {
        let scored = names.map { ($0, distance(name, $0)) }.filter { $0.1 <= 2 || ($0.0.hasPrefix(name) && name.count > 1) }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// Levenshtein distance: a dozen short names need no library.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }

    /// What Tab offers for `text` (everything before the cursor): command names for the
    /// first word, tool names after "/tools enable" or "/tools disable".
    static func completions(for text: String, tools: [String]) -> [String] {
        guard text.hasPrefix("/") else { return [] }
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.count == 1 { return names.filter { $0.hasPrefix(text.lowercased()) } }
        if words.count == 2, words[0] == "/tools" { return ["enable", "disable"].filter { $0.hasPrefix(words[1]) } }
        if words.count == 3, words[0] == "/tools", ["enable", "disable"].contains(words[1]) {
            return tools.filter { $0.hasPrefix(words[2]) }
        }
        return []
    }
}
