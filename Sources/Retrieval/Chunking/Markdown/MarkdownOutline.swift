/// The stack of headings enclosing the current line.
struct MarkdownOutline {
    private var stack: [(level: Int, title: String)] = []
    /// The first level-1 heading seen.
    private(set) var firstTopLevelTitle: String?

    /// The enclosing headings' titles, outermost first.
    private(set) var path: [String] = []

    /// Enters a heading: it replaces every open heading of its level or deeper.
    mutating func enter(level: Int, title: String) {
        while let last = stack.last, last.level >= level { stack.removeLast() }
        stack.append((level, title))
        path = stack.map(\.title)
        if level == 1 && firstTopLevelTitle == nil { firstTopLevelTitle = title }
    }
}
