/// A run of lines that stays in one chunk when it fits: a paragraph, a fenced code block, a
/// declaration, an HTML text block.
struct Block: Sendable {
    /// The lines, with no blank line first or last.
    var lines: ArraySlice<TextLine>
    /// The headings or declarations above the block, outermost first.
    var headingPath: [String]
    /// The last source line the block's text comes from, when that is past its last line's
    /// number (an HTML paragraph collapsed onto one line).
    var lastLine: Int
    /// The block's size in Unicode scalars once its lines are joined by line breaks.
    var length: Int

    /// A block of `lines` with leading and trailing blank lines dropped; nil when nothing is left.
    init?(_ lines: ArraySlice<TextLine>, headingPath: [String], lastLine: Int? = nil) {
        var lower = lines.startIndex
        var upper = lines.endIndex
        while lower < upper && lines[lower].isBlank { lower += 1 }
        while upper > lower && lines[upper - 1].isBlank { upper -= 1 }
        guard lower < upper else { return nil }
        self.lines = lines[lower..<upper]
        self.headingPath = headingPath
        self.lastLine = max(lines[upper - 1].number, lastLine ?? 0)
        self.length = self.lines.reduce(-1) { $0 + $1.length + 1 }
    }

    /// The first source line of the block.
    var firstLine: Int { lines.first?.number ?? lastLine }
}
