import Foundation

/// Decodes a response body to Unicode the way browsers choose the encoding.
///
/// Order (WHATWG "determine the character encoding"): a byte-order mark, then the HTTP
/// charset, then for HTML a `<meta charset>` or `<meta http-equiv>` near the top, then UTF-8
/// when the bytes are valid UTF-8, else windows-1252. Conversion is Foundation's.
enum CharsetDecoder {
    /// The text and the name of the encoding used.
    static func decode(_ bytes: [UInt8], declared: String?, html: Bool) -> (text: String, charset: String) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (String(decoding: bytes.dropFirst(3), as: UTF8.self), "UTF-8") }
        if bytes.starts(with: [0xFF, 0xFE]), let text = String(bytes: bytes.dropFirst(2), encoding: .utf16LittleEndian) {
            return (text, "UTF-16LE")
        }
        if bytes.starts(with: [0xFE, 0xFF]), let text = String(bytes: bytes.dropFirst(2), encoding: .utf16BigEndian) {
            return (text, "UTF-16BE")
        }
        let label = declared ?? (html ? metaCharset(bytes) : nil)
        if let label, let encoding = encoding(label: label) {
            if encoding == .utf8 { return (String(decoding: bytes, as: UTF8.self), "UTF-8") }
            if let text = String(bytes: bytes, encoding: encoding) { return (text, encoding.ianaName ?? label) }
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, "UTF-8") }
        // windows-1252 leaves five bytes undefined; Latin-1 maps every byte, so it is the last resort.
        if let text = String(bytes: bytes, encoding: .windowsCP1252) { return (text, "windows-1252") }
        return (String(bytes: bytes, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self), "ISO-8859-1")
    }

    /// The encoding a label names, with the WHATWG aliases: Latin-1 and ASCII labels mean
    /// windows-1252 on the web, and a page cannot declare itself UTF-16 from inside.
    static func encoding(label: String) -> String.Encoding? {
        let name = label.trimmed.trimmingQuotes.lowercased()
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be": return .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "cp819", "ibm819", "us-ascii", "ascii", "iso-ir-100",
            "windows-1252", "cp1252", "x-cp1252":
            return .windowsCP1252
        case "sjis", "shift-jis", "x-sjis", "ms_kanji", "windows-31j": return .shiftJIS
        default: return String.Encoding(ianaName: name)
        }
    }

    /// The charset a `<meta>` tag in the first 4 KiB declares, if any.
    ///
    /// Browsers look at the first 1024 bytes; pages that put long scripts first are common
    /// enough that a few more cost nothing.
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        var rest = Substring(head)
        while let meta = rest.range(of: "<meta") {
            let tagEnd = rest[meta.upperBound...].firstIndex(of: ">") ?? rest.endIndex
            let tag = rest[meta.upperBound..<tagEnd]
            if let charset = tag.range(of: "charset") {
                var value = tag[charset.upperBound...].drop { $0 == " " }
                if value.first == "=" {
                    value = value.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
                    let name = value.prefix { $0.isLetter || $0.isNumber || "-_.:".contains($0) }
                    if !name.isEmpty { return String(name) }
                }
            }
            rest = rest[tagEnd...]
        }
        return nil
    }
}
