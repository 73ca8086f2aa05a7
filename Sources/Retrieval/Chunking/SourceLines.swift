/// A document's text split into lines in one pass over its UTF-8 bytes, so chunkers index
/// lines by number instead of walking `String.Index`es.
struct SourceLines: Sendable {
    /// The document's UTF-8 bytes, for scanners that work byte by byte.
    let bytes: [UInt8]
    /// The lines in order; `lines[i].number == i + 1`.
    let lines: [TextLine]

    /// Splits `text` at "\n", dropping a "\r" before it; a final line break does not start
    /// an extra empty line.
    init(_ text: String) {
        var text = text
        // Native contiguous storage makes the UTF-8 offsets below O(1).
        text.makeContiguousUTF8()
        let bytes = Array(text.utf8)
        var lines: [TextLine] = []
        lines.reserveCapacity(bytes.count / 32 + 1)
        var start = 0
        var scalars = 0
        var blank = true

        func addLine(endingAt newline: Int) {
            var end = newline
            var length = scalars
            if end > start && bytes[end - 1] == 0x0D {
                end -= 1
                length -= 1
            }
            let utf8 = text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: start)
            let upper = utf8.index(lower, offsetBy: end - start)
            let slice = Substring(text.unicodeScalars[lower..<upper])
            lines.append(TextLine(slice, number: lines.count + 1, length: length, isBlank: blank))
        }

        bytes.withUnsafeBufferPointer { buffer in
            for position in 0..<buffer.count {
                let byte = buffer[position]
                if byte == 0x0A {
                    addLine(endingAt: position)
                    start = position + 1
                    scalars = 0
                    blank = true
                } else {
                    // Every byte that does not continue a multi-byte sequence starts a scalar.
                    if byte & 0xC0 != 0x80 { scalars += 1 }
                    if blank && !byte.isASCIIWhitespace { blank = false }
                }
            }
        }
        if start < bytes.count { addLine(endingAt: bytes.count) }
        self.bytes = bytes
        self.lines = lines
    }

    /// How many lines the document has.
    var count: Int { lines.count }
}
