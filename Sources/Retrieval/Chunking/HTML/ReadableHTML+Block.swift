extension ReadableHTML {
    /// One block of readable text: a heading, paragraph, list item, preformatted text,
    /// quotation or table row.
    public struct Block: Sendable, Equatable {
        /// What kind of element the text came from.
        public var kind: Kind
        /// The text: whitespace collapsed (kept in preformatted blocks), list items prefixed
        /// "- ", table cells joined by " | ", each link followed by its reference "[n]".
        public var text: String
        /// The source line the text starts on, 1-based.
        public var line: Int
        /// The source line the text ends on.
        public var endLine: Int
        /// The headings above the block, outermost first; a heading block includes itself.
        public var headingPath: [String]

        /// A block.
        public init(kind: Kind, text: String, line: Int, endLine: Int, headingPath: [String]) {
            self.kind = kind
            self.text = text
            self.line = line
            self.endLine = endLine
            self.headingPath = headingPath
        }
    }
}

extension ReadableHTML.Block {
    /// The element a block's text came from.
    public enum Kind: Sendable, Equatable {
        /// `<h1>` to `<h6>`.
        case heading(level: Int)
        /// A paragraph or any other run of text.
        case paragraph
        /// `<li>`.
        case listItem
        /// `<pre>`.
        case preformatted
        /// Text inside `<blockquote>`.
        case quote
        /// `<tr>`.
        case tableRow
    }
}
