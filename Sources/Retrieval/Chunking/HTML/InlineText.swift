/// Text gathered from the inline content of one HTML block: whitespace collapsed to single
/// spaces (or kept, inside `<pre>`), with the source lines its visible characters came from.
/// Works on UTF-8 bytes straight from libxml2's tree, so no string is built per text node.
struct InlineText {
    /// Whether whitespace is kept as it is (`<pre>`).
    var preservesWhitespace = false
    /// The text so far, as UTF-8.
    private var bytes: [UInt8] = []
    /// Visible (non-whitespace) bytes appended so far; a link uses it to see if it had text.
    private(set) var visibleCount = 0
    /// The source line of the first visible character.
    private(set) var firstLine: Int?
    /// The source line of the last visible character.
    private(set) var lastLine = 0
    private var pendingSpace = false
    private var atLineStart = true

    /// An empty buffer.
    init(preservesWhitespace: Bool = false) {
        self.preservesWhitespace = preservesWhitespace
    }

    /// Appends a text node's content. libxml2 numbers a short text node by the line it ends
    /// on (a long one by where its first kilobyte ends), so its first line is counted back
    /// from there, and is never before `parentLine`, where its element starts.
    mutating func append(_ content: UnsafeBufferPointer<UInt8>, reportedLine: Int, parentLine: Int) {
        var newlines = 0
        for byte in content where byte == 0x0A { newlines += 1 }
        var line = max(1, parentLine, reportedLine - newlines)
        var index = 0
        while index < content.count {
            let byte = content[index]
            if byte == 0x0A { line += 1 }
            let space = Self.spaceWidth(content, at: index)
            if preservesWhitespace {
                if byte != 0x0D { bytes.append(byte) }
                if space == 0 { see(line) }
                index += 1
                continue
            }
            if space > 0 {
                if !atLineStart { pendingSpace = true }
                index += space
                continue
            }
            if pendingSpace { bytes.append(0x20) }
            pendingSpace = false
            atLineStart = false
            bytes.append(byte)
            // Continuation bytes of a multi-byte character are not separate characters.
            if byte & 0xC0 != 0x80 { see(line) }
            index += 1
        }
    }

    /// How many bytes of whitespace start at `index`: 1 for ASCII whitespace, 2 or 3 for the
    /// no-break, typographic and ideographic spaces browsers render as spaces, else 0.
    private static func spaceWidth(_ content: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = content[index]
        if byte < 0x80 { return byte.isASCIIWhitespace ? 1 : 0 }
        let second = index + 1 < content.count ? content[index + 1] : 0
        if byte == 0xC2 { return second == 0xA0 || second == 0x85 ? 2 : 0 }
        guard index + 2 < content.count else { return 0 }
        let third = content[index + 2]
        if byte == 0xE2 && second == 0x80 && (third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF) { return 3 }
        if byte == 0xE2 && second == 0x81 && third == 0x9F { return 3 }
        if byte == 0xE3 && second == 0x80 && third == 0x80 { return 3 }
        return 0
    }

    /// Records a visible character on `line`.
    private mutating func see(_ line: Int) {
        visibleCount += 1
        if firstLine == nil { firstLine = line }
        lastLine = max(lastLine, line)
    }

    /// Appends a link's reference number after its text: "the manual [link 3]", never a bare
    /// "[3]", which is how answers cite their sources.
    mutating func appendReference(_ number: Int) {
        bytes += Array(" [link \(number)]".utf8)
        pendingSpace = false
        atLineStart = false
    }

    /// A `<br>`: a line break, never doubled into trailing spaces.
    mutating func lineBreak() {
        if preservesWhitespace || !bytes.isEmpty {
            bytes.append(0x0A)
            pendingSpace = false
            atLineStart = true
        }
    }

    /// A block boundary met while gathering one block's text (a `<p>` in a table cell): a space.
    mutating func blockBoundary() {
        if !atLineStart { pendingSpace = true }
    }

    /// The gathered text, trimmed, with its first and last source lines, or nil when nothing
    /// visible was gathered; the buffer is emptied.
    mutating func take() -> (text: String, firstLine: Int, lastLine: Int)? {
        defer { self = InlineText(preservesWhitespace: preservesWhitespace) }
        guard let firstLine, visibleCount > 0 else { return nil }
        var end = bytes.count
        while end > 0 && bytes[end - 1].isASCIIWhitespace { end -= 1 }
        var start = 0
        while start < end && bytes[start].isASCIIWhitespace { start += 1 }
        // Inside <pre>, keep the first visible line's indentation; drop the blank lines above it.
        if preservesWhitespace {
            while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        }
        // Only ASCII whitespace was trimmed, so the cut falls between whole characters.
        return (String(decoding: bytes[start..<end], as: UTF8.self), firstLine, lastLine)
    }
}
