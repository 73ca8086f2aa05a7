extension CodeScanState {
    /// Handles one token in code: comments and literals switch mode, braces and brackets count.
    mutating func scanCode() {
        let current = bytes[index]
        if !special[Int(current)] {
            skipPlainCode()
            return
        }
        switch current {
        case UInt8(ascii: "/") where language.usesBraces:
            slash()
        case UInt8(ascii: "#"):
            hash()
        case UInt8(ascii: "\""):
            doubleQuote()
        case UInt8(ascii: "'"):
            apostrophe()
        case UInt8(ascii: "`"):
            backtick()
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"):
            bracket(current)
        case UInt8(ascii: "r") where language == .rust && rustRawString():
            break
        default:
            code(current)
            index += 1
        }
    }

    /// Skips a run of bytes that neither open a literal or comment nor change a depth,
    /// remembering the last one that is not whitespace.
    private mutating func skipPlainCode() {
        var last: UInt8 = 0
        while index < bytes.count {
            let current = bytes[index]
            if special[Int(current)] { break }
            if !current.isASCIIWhitespace { last = current }
            index += 1
        }
        if last != 0 { code(last) }
    }

    private mutating func slash() {
        if byte(1) == UInt8(ascii: "/") {
            line.hasComment = true
            modes.append(.lineComment)
            index += 2
        } else if byte(1) == UInt8(ascii: "*") {
            line.hasComment = true
            modes.append(.blockComment(depth: 1))
            index += 2
        } else if language.hasRegexLiterals && Self.regexMayFollow(previousCode), let end = regexEnd() {
            code(UInt8(ascii: "/"))
            index = end
        } else {
            code(UInt8(ascii: "/"))
            index += 1
        }
    }

    /// Whether a `/` after this code byte starts a regex literal rather than dividing.
    private static func regexMayFollow(_ previous: UInt8) -> Bool {
        previous == 0 || "(,=:[!&|?{};+-*%<>~^".utf8.contains(previous)
    }

    /// The offset just past a regex literal (and its flags) starting here, or nil when no
    /// closing `/` follows on this line within a kilobyte (the bound keeps a long minified
    /// line from being rescanned at every slash).
    private func regexEnd() -> Int? {
        var position = index + 1
        var inClass = false
        let limit = min(bytes.count, index + 1024)
        while position < limit {
            let current = bytes[position]
            if current == 0x0A { return nil }
            if current == UInt8(ascii: "\\") {
                position += 2
                continue
            }
            if current == UInt8(ascii: "[") {
                inClass = true
            } else if current == UInt8(ascii: "]") {
                inClass = false
            } else if current == UInt8(ascii: "/") && !inClass {
                position += 1
                while position < bytes.count && Self.isIdentifier(bytes[position]) { position += 1 }
                return position
            }
            position += 1
        }
        return nil
    }

    private mutating func hash() {
        if language == .python {
            line.hasComment = true
            modes.append(.lineComment)
            index += 1
            return
        }
        if language == .swift {
            var hashes = 0
            while byte(hashes) == UInt8(ascii: "#") { hashes += 1 }
            if byte(hashes) == UInt8(ascii: "\"") {
                let triple = byte(hashes + 1) == UInt8(ascii: "\"") && byte(hashes + 2) == UInt8(ascii: "\"")
                let quotes = [UInt8](repeating: UInt8(ascii: "\""), count: triple ? 3 : 1)
                let terminator = quotes + [UInt8](repeating: UInt8(ascii: "#"), count: hashes)
                push(StringLiteral(terminator: terminator, escapes: false, multiline: triple), skipping: hashes + quotes.count)
                return
            }
        }
        code(UInt8(ascii: "#"))
        index += 1
    }

    private mutating func doubleQuote() {
        let quote = UInt8(ascii: "\"")
        let interpolation: StringLiteral.Interpolation? = language == .swift ? .backslashParenthesis : nil
        if language.hasTripleQuotedStrings && byte(1) == quote && byte(2) == quote {
            let literal = StringLiteral(terminator: [quote, quote, quote], escapes: true, multiline: true, interpolation: interpolation)
            push(literal, skipping: 3)
        } else if language == .cpp, let raw = cppRawString() {
            push(StringLiteral(terminator: raw.terminator, escapes: false, multiline: true), skipping: raw.skip)
        } else {
            let literal = StringLiteral(terminator: [quote], escapes: true, multiline: language == .rust, interpolation: interpolation)
            push(literal, skipping: 1)
        }
    }

    /// A C++ raw string `R"delim(...)delim"` starting at this quote: its terminator and how
    /// many bytes its opening takes.
    private func cppRawString() -> (terminator: [UInt8], skip: Int)? {
        guard byte(-1) == UInt8(ascii: "R") else { return nil }
        let before = byte(-2)
        guard !Self.isIdentifier(before) || "8LuU".utf8.contains(before) else { return nil }
        var position = index + 1
        while position < bytes.count && position - index <= 17 {
            let current = bytes[position]
            if current == UInt8(ascii: "(") {
                let delimiter = Array(bytes[(index + 1)..<position])
                return ([UInt8(ascii: ")")] + delimiter + [UInt8(ascii: "\"")], position - index + 1)
            }
            if current == 0x20 || current == 0x0A || current == UInt8(ascii: ")") || current == UInt8(ascii: "\\") { return nil }
            position += 1
        }
        return nil
    }

    private mutating func apostrophe() {
        let apostrophe = UInt8(ascii: "'")
        if language.quotesStringsWithApostrophe {
            if language == .python && byte(1) == apostrophe && byte(2) == apostrophe {
                push(StringLiteral(terminator: [apostrophe, apostrophe, apostrophe], escapes: true, multiline: true), skipping: 3)
            } else {
                push(StringLiteral(terminator: [apostrophe], escapes: true, multiline: false), skipping: 1)
            }
        } else if language == .rust {
            rustApostrophe()
        } else if language.hasCharacterLiterals && !(language == .cpp && Self.isDigit(byte(-1)) && Self.isIdentifier(byte(1))) {
            // (A digit before and a digit after is C++14's separator, as in 1'000'000.)
            push(StringLiteral(terminator: [apostrophe], escapes: true, multiline: false), skipping: 1)
        } else {
            code(apostrophe)
            index += 1
        }
    }

    /// A Rust character literal, or the apostrophe of a lifetime or loop label.
    private mutating func rustApostrophe() {
        let apostrophe = UInt8(ascii: "'")
        let lead = byte(1)
        if lead == UInt8(ascii: "\\") {
            push(StringLiteral(terminator: [apostrophe], escapes: true, multiline: false), skipping: 1)
            return
        }
        let width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        code(apostrophe)
        if lead != 0 && lead != apostrophe && lead != 0x0A && byte(1 + width) == apostrophe {
            index += width + 2
        } else {
            index += 1
        }
    }

    /// A Rust raw string `r"..."`, `r#"..."#`, `br"..."` starting at this `r`; false if it is not one.
    private mutating func rustRawString() -> Bool {
        let previous = byte(-1)
        guard !Self.isIdentifier(previous) || (previous == UInt8(ascii: "b") && !Self.isIdentifier(byte(-2))) else { return false }
        var hashes = 0
        while byte(1 + hashes) == UInt8(ascii: "#") { hashes += 1 }
        guard byte(1 + hashes) == UInt8(ascii: "\"") else { return false }
        let terminator = [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "#"), count: hashes)
        push(StringLiteral(terminator: terminator, escapes: false, multiline: true), skipping: 2 + hashes)
        return true
    }

    private mutating func backtick() {
        let backtick = UInt8(ascii: "`")
        if language == .go {
            push(StringLiteral(terminator: [backtick], escapes: false, multiline: true), skipping: 1)
        } else if language == .javascript || language == .typescript {
            push(StringLiteral(terminator: [backtick], escapes: true, multiline: true, interpolation: .dollarBrace), skipping: 1)
        } else {
            code(backtick)
            index += 1
        }
    }

    private mutating func bracket(_ current: UInt8) {
        index += 1
        if case .interpolation(let closer, let nesting) = modes[modes.count - 1] {
            // Brackets inside interpolated code belong to the string, not to the file's depth.
            let opener = closer == UInt8(ascii: ")") ? UInt8(ascii: "(") : UInt8(ascii: "{")
            if current == opener {
                modes[modes.count - 1] = .interpolation(closer: closer, depth: nesting + 1)
            } else if current == closer {
                if nesting == 0 {
                    modes.removeLast()
                } else {
                    modes[modes.count - 1] = .interpolation(closer: closer, depth: nesting - 1)
                }
            }
            code(current)
            return
        }
        code(current)
        let isBrace = language.usesBraces && (current == UInt8(ascii: "{") || current == UInt8(ascii: "}"))
        if isBrace && current == UInt8(ascii: "{") {
            depth += 1
            line.maxDepth = max(line.maxDepth, depth)
        } else if isBrace {
            depth -= 1
            if depth < 0 {
                balanced = false
                depth = 0
            }
            line.minDepth = min(line.minDepth, depth)
        } else if current == UInt8(ascii: "(") || current == UInt8(ascii: "[") || current == UInt8(ascii: "{") {
            brackets += 1
        } else {
            brackets -= 1
            if brackets < 0 {
                balanced = false
                brackets = 0
            }
        }
    }

    /// Whether a byte can be part of an identifier (non-ASCII bytes count, for Unicode names).
    static func isIdentifier(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    /// Whether a byte is an ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
