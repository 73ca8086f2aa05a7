import Foundation
import Retrieval
import Testing

/// The lines of `text` as the chunkers number them: split at "\n", a "\r" before it dropped,
/// no extra empty line after a final line break.
func numberedLines(_ text: String) -> [Substring] {
    // Split the bytes: as Characters, "\r\n" is one grapheme and never equals "\n".
    var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { bytes in
        let line = Substring(bytes)
        return line.utf8.last == 0x0D ? Substring(line.utf8.dropLast()) : line
    }
    if text.utf8.last == 0x0A || text.isEmpty { lines.removeLast() }
    return lines
}

/// Checks what every chunker promises for every chunk: text not blank, at most
/// `maxCharacters` Unicode scalars, 1 <= start <= end <= line count, and (when the chunker
/// copies source text) each chunk line found, in order, in the source lines it claims.
func expectValidChunks(
    _ document: ChunkedDocument, source: String, limits: ChunkLimits = ChunkLimits(), textFromSource: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let lines = numberedLines(source)
    for (index, chunk) in document.chunks.enumerated() {
        let label = "chunk \(index) [\(chunk.startLine)-\(chunk.endLine)]"
        let isBlank = chunk.text.allSatisfy { $0.isWhitespace }
        #expect(!isBlank, "\(label) is blank", sourceLocation: sourceLocation)
        #expect(
            chunk.text.unicodeScalars.count <= limits.maxCharacters,
            "\(label) has \(chunk.text.unicodeScalars.count) characters", sourceLocation: sourceLocation)
        #expect(
            1 <= chunk.startLine && chunk.startLine <= chunk.endLine && chunk.endLine <= lines.count,
            "\(label) is outside 1...\(lines.count)", sourceLocation: sourceLocation)
        guard textFromSource, chunk.startLine >= 1, chunk.endLine <= lines.count, chunk.startLine <= chunk.endLine else {
            continue
        }
        var cursor = chunk.startLine - 1
        for piece in chunk.text.split(separator: "\n") {
            let wanted = piece.trimmingCharacters(in: .whitespaces)
            if wanted.isEmpty { continue }
            while cursor < chunk.endLine && !lines[cursor].contains(wanted) { cursor += 1 }
            #expect(cursor < chunk.endLine, "\(label): \"\(wanted.prefix(60))\" is not in its lines", sourceLocation: sourceLocation)
            if cursor >= chunk.endLine { break }
        }
    }
}

/// Checks that every non-blank line of `source` (outside `skipping`) lies in some chunk's range.
func expectCoverage(
    _ document: ChunkedDocument, source: String, skipping: Set<Int> = [], sourceLocation: SourceLocation = #_sourceLocation
) {
    let lines = numberedLines(source)
    var covered = [Bool](repeating: false, count: lines.count + 2)
    for chunk in document.chunks where chunk.startLine >= 1 && chunk.endLine <= lines.count {
        for line in chunk.startLine...chunk.endLine { covered[line] = true }
    }
    let missing = lines.indices.filter { index in
        !covered[index + 1] && !skipping.contains(index + 1) && !lines[index].allSatisfy(\.isWhitespace)
    }
    #expect(missing.isEmpty, "lines not in any chunk: \(missing.prefix(10).map { $0 + 1 })", sourceLocation: sourceLocation)
}

/// Each chunk's (startLine, endLine), for exact comparisons.
func ranges(_ document: ChunkedDocument) -> [ClosedRange<Int>] {
    document.chunks.map { $0.startLine...$0.endLine }
}
