/// Cleans text that came from outside before anyone sees it.
enum UntrustedText {
    /// Removes what can hide or disguise text: control characters (terminal escapes), Unicode
    /// tag characters (invisible instructions), bidirectional overrides and stray byte-order
    /// marks. Tabs and line breaks stay; CR LF and lone CR become LF.
    ///
    /// Works on UTF-8 bytes, and returns the string untouched when there is nothing to remove,
    /// which is the common case: pages run to megabytes.
    static func clean(_ text: String) -> String {
        var copy = text
        let cleaned: String? = copy.withUTF8 { bytes in
            guard let first = firstHidden(bytes, from: 0) else { return nil }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            out.append(contentsOf: bytes[..<first])
            var i = first
            while i < bytes.count {
                let length = hiddenLength(bytes, at: i)
                if length == 0 {
                    out.append(bytes[i])
                    i += 1
                } else {
                    if bytes[i] == 0x0D {
                        out.append(0x0A)
                        if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                    }
                    i += length
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return cleaned ?? text
    }

    private static func firstHidden(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            // Printable ASCII and UTF-8 continuation/lead bytes that cannot start a hidden sequence.
            if (b >= 0x20 && b < 0x7F) || b == 0x09 || b == 0x0A || (b >= 0x80 && b != 0xC2 && b != 0xE2 && b != 0xEF && b != 0xF3) {
                i += 1
                continue
            }
            if hiddenLength(bytes, at: i) > 0 { return i }
            i += 1
        }
        return nil
    }

    /// How many bytes at `i` form a hidden character (0 when none does).
    private static func hiddenLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        func next(_ k: Int) -> UInt8 { i + k < bytes.count ? bytes[i + k] : 0 }
        switch b {
        case 0x09, 0x0A: return 0
        case 0x00..<0x20, 0x7F: return 1  // C0 controls (CR included, turned into LF) and DEL
        case 0xC2: return (0x80...0x9F).contains(next(1)) ? 2 : 0  // C1 controls
        case 0xE2:
            // U+202A-U+202E and U+2066-U+2069: bidirectional embeddings, overrides, isolates.
            if next(1) == 0x80 && (0xAA...0xAE).contains(next(2)) { return 3 }
            if next(1) == 0x81 && (0xA6...0xA9).contains(next(2)) { return 3 }
            return 0
        case 0xEF: return next(1) == 0xBB && next(2) == 0xBF ? 3 : 0  // U+FEFF
        case 0xF3:
            // U+E0000-U+E007F: tag characters.
            return next(1) == 0xA0 && (0x80...0x81).contains(next(2)) ? 4 : 0
        default: return 0
        }
    }
}
