/// Where the code scanner is: in code, a comment, a string, or code interpolated into a string.
enum ScannerMode: Sendable {
    case code
    case lineComment
    /// A block comment; `depth` counts nested openers in Swift and Rust.
    case blockComment(depth: Int)
    case string(StringLiteral)
    /// Code inside a string (`\(...)` in Swift, `${...}` in a JavaScript template) that ends
    /// at `closer` once `depth` nested openers are closed.
    case interpolation(closer: UInt8, depth: Int)

    /// Whether this is plain code or interpolated code.
    var isCode: Bool {
        switch self {
        case .code, .interpolation: true
        default: false
        }
    }
}

/// How a string literal ends and what may appear inside it.
struct StringLiteral: Sendable {
    /// The bytes that close the literal: `"`, `"""`, `"#`, `)delim"`, a backtick.
    var terminator: [UInt8]
    /// Whether a backslash escapes the next byte.
    var escapes: Bool
    /// Whether a line break may appear inside; otherwise the line's end closes the literal.
    var multiline: Bool
    /// The byte after `\` (Swift) or `$` (JavaScript) that opens interpolated code, if any.
    var interpolation: Interpolation?

    /// How a string switches to interpolated code.
    enum Interpolation: Sendable {
        /// `\(` ... `)`.
        case backslashParenthesis
        /// `${` ... `}`.
        case dollarBrace
    }
}
