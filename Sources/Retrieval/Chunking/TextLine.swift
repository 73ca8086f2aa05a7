/// One line of a document as the chunkers handle it: the text without its line break and
/// the line's 1-based number in the source.
struct TextLine: Sendable {
    /// The line's text, without "\n" or "\r\n".
    var text: Substring
    /// The 1-based line number in the source file.
    var number: Int
    /// Unicode scalars in `text`: the unit `ChunkLimits` counts in.
    var length: Int
    /// Whether the line holds only spaces, tabs and other ASCII whitespace.
    var isBlank: Bool

    /// A line whose length and blankness are computed from its text.
    init(_ text: Substring, number: Int) {
        var length = 0
        var blank = true
        for byte in text.utf8 {
            // Every byte that does not continue a multi-byte sequence starts a scalar.
            if byte & 0xC0 != 0x80 { length += 1 }
            if blank && !byte.isASCIIWhitespace { blank = false }
        }
        self.init(text, number: number, length: length, isBlank: blank)
    }

    /// A line whose length and blankness are already known.
    init(_ text: Substring, number: Int, length: Int, isBlank: Bool) {
        self.text = text
        self.number = number
        self.length = length
        self.isBlank = isBlank
    }
}
