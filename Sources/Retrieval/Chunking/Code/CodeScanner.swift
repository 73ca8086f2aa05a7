/// Scans source code once, byte by byte, skipping comments, strings and character literals
/// so that only real braces and brackets count, and records a `CodeLine` per line.
struct CodeScanner {
    /// The language whose comment and string syntax applies.
    let language: SourceLanguage

    /// The per-line facts, and whether every brace and bracket closed and every literal ended.
    func scan(_ source: SourceLines) -> (lines: [CodeLine], balanced: Bool) {
        var state = CodeScanState(bytes: source.bytes, language: language)
        return state.run(lineCount: source.count)
    }
}
