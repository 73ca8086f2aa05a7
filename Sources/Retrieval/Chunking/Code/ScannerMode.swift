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
}
