/// Text gathered from the inline content of one HTML block: whitespace collapsed to single
/// spaces (or kept, inside `<pre>`), with the source lines its visible characters came from.
struct InlineText {
    /// Whether whitespace is kept as it is (`<pre>`).
    var preservesWhitespace = false
    /// The text so far.
    private(set) var text = ""
    /// Visible (non-whitespace) characters appended so far; a link uses it to see if it had text.
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
    mutating func append(_ content: String, reportedLine: Int, parentLine: Int) {
        let newlines = content.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        var line = max(1, parentLine, reportedLine - newlines)
        for scalar in content.unicodeScalars {
            if scalar == "\n" { line += 1 }
            if preservesWhitespace {
                if scalar == "\r" { continue }
                text.unicodeScalars.append(scalar)
                if !Self.isSpace(scalar) { see(line) }
                continue
            }
            if Self.isSpace(scalar) {
                if !atLineStart { pendingSpace = true }
                continue
            }
            if pendingSpace { text.append(" ") }
            pendingSpace = false
            atLineStart = false
            text.unicodeScalars.append(scalar)
            see(line)
        }
    }

    /// Records a visible character on `line`.
    private mutating func see(_ line: Int) {
        visibleCount += 1
        if firstLine == nil { firstLine = line }
        lastLine = max(lastLine, line)
    }

    /// Appends a link's reference number after its text: "the manual [3]".
    mutating func appendReference(_ number: Int) {
        text += " [\(number)]"
        pendingSpace = false
        atLineStart = false
    }

    /// A `<br>`: a line break, never doubled into trailing spaces.
    mutating func lineBreak() {
        if preservesWhitespace || !text.isEmpty {
            text.append("\n")
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
        var scalars = Substring(text).unicodeScalars
        // Keep the first visible line's indentation inside <pre>; drop the blank lines above it.
        while let last = scalars.last, Self.isSpace(last) { scalars.removeLast() }
        if let firstVisible = scalars.firstIndex(where: { !Self.isSpace($0) }) {
            let lineStart = scalars[..<firstVisible].lastIndex(of: "\n").map { scalars.index(after: $0) }
            scalars = scalars[(preservesWhitespace ? lineStart ?? scalars.startIndex : firstVisible)...]
        }
        return (String(scalars), firstLine, lastLine)
    }

    /// Whether a scalar is whitespace to collapse; a no-break space counts, as browsers
    /// render it as a space.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}" || scalar == "\u{A0}"
            || (!scalar.isASCII && scalar.properties.isWhitespace)
    }
}
