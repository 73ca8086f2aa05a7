/// Splits a run of Python lines at one indentation into statements: each `def`, `class` or
/// other statement at that indentation starts one, together with the decorators and
/// comments directly above it; `else`, `elif`, `except` and `finally` continue the one before.
struct IndentSegmenter {
    /// The document's lines.
    let lines: [TextLine]
    /// The scanner's facts about each line.
    let code: [CodeLine]

    /// The statements among `range`, at the indentation of its first statement.
    func declarations(in range: Range<Int>) -> [Range<Int>] {
        var starts: [Int] = []
        var indent: Int?
        var afterBackslash = false
        var afterDecorator = false
        for index in range where code[index].hasCode {
            let info = code[index]
            let continuation = afterBackslash || info.startsInLiteral || info.bracketsAtStart > 0
            afterBackslash = info.lastCode == UInt8(ascii: "\\") && !info.endsInLiteral
            if continuation { continue }
            let base = indent ?? info.indent
            indent = base
            if info.indent > base { continue }
            let text = lines[index].text.drop { $0 == " " || $0 == "\t" }
            let word = text.prefix { $0.isLetter }
            if ["else", "elif", "except", "finally"].contains(word) {
                afterDecorator = false
                continue
            }
            if !afterDecorator { starts.append(index) }
            afterDecorator = text.hasPrefix("@")
        }

        // Comments directly above a statement, not indented past it, introduce it.
        var lowest = range.lowerBound
        for position in starts.indices {
            var start = starts[position]
            while start - 1 >= lowest, !lines[start - 1].isBlank, code[start - 1].isCommentOnly,
                !code[start - 1].startsInLiteral, code[start - 1].indent <= indent ?? 0
            {
                start -= 1
            }
            starts[position] = start
            lowest = starts[position] + 1
        }

        var declarations: [Range<Int>] = []
        var previous = range.lowerBound
        for start in starts where start > previous {
            declarations.append(previous..<start)
            previous = start
        }
        declarations.append(previous..<range.upperBound)
        return declarations
    }
}
