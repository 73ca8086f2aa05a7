/// What the scanner learned about one source line: brace and bracket depth around it and
/// whether it holds code, only comments, or continues a string or comment.
struct CodeLine: Sendable {
    /// Brace depth before the line's first byte.
    var depthAtStart = 0
    /// The lowest brace depth reached on the line, its start included.
    var minDepth = 0
    /// The highest brace depth reached on the line, its start included.
    var maxDepth = 0
    /// Brace depth after the line's last byte.
    var depthAtEnd = 0
    /// Parenthesis and bracket depth (and, in Python, brace depth) before the line.
    var bracketsAtStart = 0
    /// Parenthesis and bracket depth after the line.
    var bracketsAtEnd = 0
    /// Whether the line begins inside a string or block comment.
    var startsInLiteral = false
    /// Whether the line ends inside a string or block comment.
    var endsInLiteral = false
    /// Whether the line holds code or string text outside comments.
    var hasCode = false
    /// Whether the line holds comment text.
    var hasComment = false
    /// The last code byte on the line (a string's closing quote counts), or 0.
    var lastCode: UInt8 = 0
    /// Leading whitespace width, a tab reaching the next multiple of 8.
    var indent = 0

    /// Whether the line holds a comment and no code.
    var isCommentOnly: Bool { hasComment && !hasCode }
}
