import Glibc

/// The .gitignore-style rules of one folder tree: `#` comments, `!` negation, a trailing
/// `/` for folders only, a leading or inner `/` anchoring to the ignore file's folder,
/// `*`, `?`, `[...]` within a path segment and `**` across segments. The last matching
/// rule wins, as in git.
public struct IgnoreRules: Sendable {
    struct Rule: Sendable {
        var segments: [String]
        var negated: Bool
        var directoryOnly: Bool
        var anchored: Bool
        /// The folder the rule's file is in, relative to the walk's root ("" at the root).
        var base: String
    }

    private(set) var rules: [Rule] = []

    /// The names of ignore files read in every folder.
    public static let fileNames = [".gitignore", ".ignore", ".research-agent-ignore"]

    /// No rules.
    public init() {}

    /// Adds the rules of an ignore file's `text`, found in folder `base` (relative to the
    /// walk's root, "" for the root itself).
    public mutating func add(_ text: String, base: String) {
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = String(raw)
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var negated = false
            if line.hasPrefix("!") { negated = true; line.removeFirst() }
            if line.hasPrefix("\\") { line.removeFirst() }
            var directoryOnly = false
            if line.hasSuffix("/") { directoryOnly = true; line.removeLast() }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line.removeFirst() }
            guard !line.isEmpty else { continue }
            rules.append(
                Rule(
                    segments: line.split(separator: "/").map(String.init), negated: negated,
                    directoryOnly: directoryOnly, anchored: anchored, base: base))
        }
    }

    /// Whether `path` (relative to the walk's root, "/" between segments) is ignored.
    public func ignores(_ path: String, isDirectory: Bool) -> Bool {
        var ignored = false
        for rule in rules where !(rule.directoryOnly && !isDirectory) {
            guard let relative = Self.relative(path, to: rule.base) else { continue }
            let parts = relative.split(separator: "/").map(String.init)
            let hit =
                rule.anchored
                ? Self.match(rule.segments[...], parts[...])
                : parts.last.map { Self.segment(rule.segments[0], $0) } ?? false
            if hit { ignored = !rule.negated }
        }
        return ignored
    }

    static func relative(_ path: String, to base: String) -> String? {
        if base.isEmpty { return path }
        guard path.hasPrefix(base + "/") else { return nil }
        return String(path.dropFirst(base.count + 1))
    }

    /// Matches pattern segments against path segments; `**` matches any number of them.
    static func match(_ pattern: ArraySlice<String>, _ parts: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return parts.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            for start in parts.indices where match(rest, parts[start...]) { return true }
            return false
        }
        guard let part = parts.first, segment(first, part) else { return false }
        return match(pattern.dropFirst(), parts.dropFirst())
    }

    /// One segment against a glob: fnmatch(3) does `*`, `?` and `[...]` as git does.
    static func segment(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
