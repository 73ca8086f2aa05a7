/// YAML front matter at the top of a Markdown file ("---" ... "---"): where it ends and
/// the title it declares.
struct FrontMatter: Sendable, Equatable {
    /// Index of the first line after the closing delimiter.
    var endIndex: Int
    /// The `title:` value, without quotes, if there is one.
    var title: String?

    /// The front matter at the start of `lines`, or nil when the file has none (a leading
    /// "---" with no closing delimiter is a thematic break, not front matter).
    init?(_ lines: [TextLine]) {
        guard let first = lines.first, first.text.trimmingASCIIWhitespace() == "---" else { return nil }
        var title: String?
        for index in 1..<max(1, lines.count) {
            let text = lines[index].text
            let trimmed = text.trimmingASCIIWhitespace()
            if trimmed == "---" || trimmed == "..." {
                self.endIndex = index + 1
                self.title = title
                return
            }
            if title == nil, text.hasPrefix("title:") {
                let value = text.dropFirst("title:".count).trimmingASCIIWhitespace()
                let unquoted = Self.unquoted(value)
                if !unquoted.isEmpty { title = unquoted }
            }
        }
        return nil
    }

    /// `value` without one pair of surrounding single or double quotes.
    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }
}
