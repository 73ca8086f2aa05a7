/// The rules of one robots.txt file for one user agent (RFC 9309).
///
/// Groups naming the agent's product token apply (all of them, merged); when none does,
/// the `*` groups apply; when there are none, everything is allowed. The most specific
/// (longest) matching rule wins, and Allow wins a tie. `*` matches any run of characters
/// and a trailing `$` anchors a pattern to the end of the path.
struct RobotsTxt: Sendable, Equatable {
    /// One Allow or Disallow line.
    struct Rule: Sendable, Equatable {
        var allow: Bool
        var pattern: String
    }

    /// The rules that apply to the agent.
    private(set) var rules: [Rule]

    /// Rules that allow everything: a missing robots.txt.
    static let allowAll = RobotsTxt(rules: [])
    /// Rules that refuse everything: a server error where robots.txt should be (RFC 9309 2.3.1.4).
    static let disallowAll = RobotsTxt(rules: [Rule(allow: false, pattern: "/")])

    private init(rules: [Rule]) {
        self.rules = rules
    }

    /// Parses `text` and keeps the rules for `agent` (a product token such as "research-agent").
    init(parsing text: String, agent: String) {
        let token = agent.lowercased()
        var mine: [Rule] = []
        var anyAgent: [Rule] = []
        var namedMe = false
        var groupAgents: [String] = []
        var groupHasRules = false
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.prefix { $0 != "#" }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmed.lowercased()
            let value = line[line.index(after: colon)...].trimmed
            switch key {
            case "user-agent":
                if groupHasRules {
                    groupAgents = []
                    groupHasRules = false
                }
                groupAgents.append(value.lowercased())
                if value.lowercased() == token { namedMe = true }
            case "allow", "disallow":
                groupHasRules = true
                // An empty Disallow allows everything: it adds no rule.
                guard !value.isEmpty else { continue }
                let rule = Rule(allow: key == "allow", pattern: value)
                if groupAgents.contains(token) {
                    mine.append(rule)
                } else if groupAgents.contains("*") {
                    anyAgent.append(rule)
                }
            default:
                continue  // sitemap, crawl-delay and unknown keys do not end a group
            }
        }
        rules = namedMe ? mine : anyAgent
    }

    /// Whether `path` (path and query, percent-encoded as sent) may be fetched.
    func allows(_ path: String) -> Bool {
        if path == "/robots.txt" { return true }
        var best: (length: Int, allow: Bool)?
        for rule in rules where Self.matches(pattern: Array(rule.pattern.utf8), path: Array(path.utf8)) {
            let length = rule.pattern.utf8.count
            if let current = best, current.length > length || (current.length == length && current.allow) { continue }
            best = (length, rule.allow)
        }
        return best?.allow ?? true
    }

    /// The most specific rule that refuses `path`, for the refusal message.
    func refusingRule(for path: String) -> String? {
        guard !allows(path) else { return nil }
        return rules.filter { !$0.allow && Self.matches(pattern: Array($0.pattern.utf8), path: Array(path.utf8)) }
            .max { $0.pattern.utf8.count < $1.pattern.utf8.count }?.pattern
    }

    /// Prefix match with `*` wildcards and an optional `$` end anchor, over bytes.
    static func matches(pattern: [UInt8], path: [UInt8]) -> Bool {
        var pattern = pattern[...]
        var anchored = false
        if pattern.last == UInt8(ascii: "$") {
            anchored = true
            pattern = pattern.dropLast()
        }
        let pieces = pattern.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false)
        guard let first = pieces.first, path.starts(with: first) else { return false }
        var position = first.count
        if pieces.count == 1 { return !anchored || position == path.count }
        for (index, piece) in pieces.enumerated().dropFirst() {
            let isLast = index == pieces.count - 1
            if isLast && anchored {
                // The last piece must sit at the very end, after what was matched so far.
                return path.count - piece.count >= position && path[(path.count - piece.count)...].elementsEqual(piece)
            }
            if piece.isEmpty { continue }
            guard let found = firstIndex(of: piece, in: path, from: position) else { return false }
            position = found + piece.count
        }
        return true
    }

    private static func firstIndex(of needle: ArraySlice<UInt8>, in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count - start else { return nil }
        for i in start...(haystack.count - needle.count) where haystack[i..<i + needle.count].elementsEqual(needle) {
            return i
        }
        return nil
    }
}
