/// The code scanner's moving parts: the mode stack, depths, and the line being recorded.
struct CodeScanState {
    let bytes: [UInt8]
    let language: SourceLanguage
    var modes: [ScannerMode] = [.code]
    var depth = 0
    var brackets = 0
    var balanced = true
    var line = CodeLine()
    var lines: [CodeLine] = []
    /// The last code byte before the current position, across lines (for regex detection).
    var previousCode: UInt8 = 0
    /// Set when a backslash ends a line inside a one-line string, which then goes on.
    var escapedLineBreak = false
    var index = 0
    /// The bytes that can change the scanner's mode or depth in code; runs of other bytes
    /// are skipped in a tight loop.
    let special: [Bool]

    init(bytes: [UInt8], language: SourceLanguage) {
        self.bytes = bytes
        self.language = language
        var special = [Bool](repeating: false, count: 256)
        for byte in "\n#\"'`{}()[]".utf8 { special[Int(byte)] = true }
        if language.usesBraces { special[Int(UInt8(ascii: "/"))] = true }
        if language == .rust { special[Int(UInt8(ascii: "r"))] = true }
        self.special = special
    }

    func byte(_ offset: Int) -> UInt8 {
        let position = index + offset
        return position >= 0 && position < bytes.count ? bytes[position] : 0
    }

    mutating func run(lineCount: Int) -> (lines: [CodeLine], balanced: Bool) {
        lines.reserveCapacity(lineCount)
        beginLine()
        while index < bytes.count {
            if bytes[index] == 0x0A {
                endLine()
                index += 1
                beginLine()
                continue
            }
            switch modes[modes.count - 1] {
            case .code, .interpolation: scanCode()
            case .lineComment: skipLineComment()
            case .blockComment(let nesting): scanBlockComment(nesting: nesting)
            case .string(let literal): scanString(literal)
            }
        }
        if lines.count < lineCount { endLine() }
        let finished = modes.count == 1 && depth == 0 && brackets == 0
        return (lines, balanced && finished)
    }

    mutating func beginLine() {
        var indent = 0
        var position = index
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 {
            indent = bytes[position] == 0x09 ? (indent / 8 + 1) * 8 : indent + 1
            position += 1
        }
        let mode = modes[modes.count - 1]
        line = CodeLine(
            depthAtStart: depth, minDepth: depth, maxDepth: depth, depthAtEnd: depth, bracketsAtStart: brackets,
            bracketsAtEnd: brackets, startsInLiteral: !(modes.count == 1), indent: indent)
        if case .blockComment = mode { line.hasComment = true }
        if case .string = mode { line.hasCode = true }
    }

    mutating func endLine() {
        switch modes[modes.count - 1] {
        case .lineComment:
            modes.removeLast()
        case .string(let literal) where !literal.multiline && !escapedLineBreak:
            // An unterminated one-line string ends with its line rather than swallowing the file.
            modes.removeLast()
        default:
            break
        }
        escapedLineBreak = false
        line.depthAtEnd = depth
        line.bracketsAtEnd = brackets
        line.endsInLiteral = modes.count > 1
        lines.append(line)
    }

    mutating func code(_ byte: UInt8) {
        line.hasCode = true
        line.lastCode = byte
        previousCode = byte
    }

    mutating func skipLineComment() {
        while index < bytes.count && bytes[index] != 0x0A { index += 1 }
    }

    mutating func scanBlockComment(nesting: Int) {
        line.hasComment = true
        if byte(0) == UInt8(ascii: "*") && byte(1) == UInt8(ascii: "/") {
            modes.removeLast()
            if nesting > 1 { modes.append(.blockComment(depth: nesting - 1)) }
            index += 2
        } else if language.nestsBlockComments && byte(0) == UInt8(ascii: "/") && byte(1) == UInt8(ascii: "*") {
            modes[modes.count - 1] = .blockComment(depth: nesting + 1)
            index += 2
        } else {
            index += 1
        }
    }

    mutating func scanString(_ literal: StringLiteral) {
        // Most string bytes are plain text: skip them without going back to the mode switch.
        let opener = literal.terminator[0]
        while index < bytes.count {
            let current = bytes[index]
            if current == 0x0A || current == UInt8(ascii: "\\") || current == opener || current == UInt8(ascii: "$") { break }
            index += 1
        }
        guard index < bytes.count, bytes[index] != 0x0A else { return }
        let current = bytes[index]
        if current == UInt8(ascii: "\\") && literal.escapes {
            if literal.interpolation == .backslashParenthesis && byte(1) == UInt8(ascii: "(") {
                modes.append(.interpolation(closer: UInt8(ascii: ")"), depth: 0))
                index += 2
            } else if byte(1) == 0x0A {
                escapedLineBreak = true
                index += 1
            } else {
                index += 2
            }
            return
        }
        if literal.interpolation == .dollarBrace && current == UInt8(ascii: "$") && byte(1) == UInt8(ascii: "{") {
            modes.append(.interpolation(closer: UInt8(ascii: "}"), depth: 0))
            index += 2
            return
        }
        if current == literal.terminator[0] && matches(literal.terminator) {
            modes.removeLast()
            index += literal.terminator.count
            code(UInt8(ascii: "\""))
            return
        }
        index += 1
    }

    func matches(_ expected: [UInt8]) -> Bool {
        guard index + expected.count <= bytes.count else { return false }
        for offset in expected.indices where bytes[index + offset] != expected[offset] { return false }
        return true
    }

    mutating func push(_ literal: StringLiteral, skipping count: Int) {
        code(UInt8(ascii: "\""))
        modes.append(.string(literal))
        index += count
    }
}
