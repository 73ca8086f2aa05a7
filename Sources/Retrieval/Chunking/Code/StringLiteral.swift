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
