/// A programming language the code chunker understands.
public enum SourceLanguage: String, CaseIterable, Sendable {
    case swift, python, c, cpp, javascript, typescript, go, rust, java

    /// The language of files with this extension (without the dot, any case), or nil.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "swift": self = .swift
        case "py": self = .python
        case "c", "h": self = .c
        case "cc", "cpp", "cxx", "hpp", "hh", "hxx": self = .cpp
        case "js", "mjs", "cjs", "jsx": self = .javascript
        case "ts", "tsx": self = .typescript
        case "go": self = .go
        case "rs": self = .rust
        case "java": self = .java
        default: return nil
        }
    }

    /// Whether blocks are delimited by braces (everything but Python).
    var usesBraces: Bool { self != .python }

    /// Whether block comments nest, as in Swift and Rust.
    var nestsBlockComments: Bool { self == .swift || self == .rust }

    /// Whether `'` opens a string rather than a character literal or nothing.
    var quotesStringsWithApostrophe: Bool { self == .python || self == .javascript || self == .typescript }

    /// Whether `'x'` is a character literal (C family, Java, Go; Rust also has lifetimes).
    var hasCharacterLiterals: Bool { self == .c || self == .cpp || self == .java || self == .go || self == .rust }

    /// Whether `"""` opens a multi-line string.
    var hasTripleQuotedStrings: Bool { self == .swift || self == .java || self == .python }

    /// Whether a JavaScript-style `/regex/` literal can appear.
    var hasRegexLiterals: Bool { self == .javascript || self == .typescript }
}
