/// Serialisation in the canonical form of RFC 8785 (JSON Canonicalization Scheme).
///
/// Every request body is sent in this form, so the bytes a transcript records, the bytes
/// sent and the bytes hashed are one and the same; replay compares them exactly.
extension JSONValue {
    /// The canonical UTF-8 text: keys sorted by UTF-16 code units, no insignificant
    /// whitespace, numbers as ECMAScript prints them.
    public var canonicalText: String {
        var out = ""
        out.reserveCapacity(64)
        write(to: &out)
        return out
    }

    /// The canonical text as bytes.
    public var canonicalBytes: [UInt8] { Array(canonicalText.utf8) }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += JSONValue.format(number: n)
        case .string(let s): JSONValue.writeQuoted(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            let keys = fields.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeQuoted(key, to: &out)
                out += ":"
                fields[key]?.write(to: &out)
            }
            out += "}"
        }
    }

    /// Appends `s` as a JSON string literal, escaping only what RFC 8785 escapes.
    static func writeQuoted(_ s: String, to out: inout String) {
        out += "\""
        var needsEscape = false
        for byte in s.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Formats a number as ECMAScript's Number.prototype.toString does (RFC 8785 §3.2.2.3).
    /// A number as canonical JSON text.
    public static func format(number n: Double) -> String {
        guard n.isFinite else { return "null" }  // JSON has no NaN or infinity
        if n == 0 { return "0" }
        if n.rounded() == n && abs(n) < 1e15 { return String(Int64(n)) }
        // Swift's description gives the shortest round-trip digits; re-lay them out
        // with ECMAScript's thresholds for exponent notation.
        let text = String(n.magnitude)
        var digits = ""
        var exponent = 0
        var pointSeen = false
        var digitsBeforePoint = 0
        var mantissa = Substring(text)
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            mantissa = text[..<e]
        }
        for ch in mantissa {
            if ch == "." { pointSeen = true; continue }
            digits.append(ch)
            if !pointSeen { digitsBeforePoint += 1 }
        }
        // Normalise to digits d1 d2 ... dk with value 0.d1d2...dk × 10^pointPos.
        var pointPos = digitsBeforePoint + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPos -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let k = digits.count
        var result = n < 0 ? "-" : ""
        if k <= pointPos && pointPos <= 21 {
            result += digits + String(repeating: "0", count: pointPos - k)
        } else if 0 < pointPos && pointPos <= 21 {
            let idx = digits.index(digits.startIndex, offsetBy: pointPos)
            result += digits[..<idx] + "." + digits[idx...]
        } else if -6 < pointPos && pointPos <= 0 {
            result += "0." + String(repeating: "0", count: -pointPos) + digits
        } else {
            let e = pointPos - 1
            let sign = e < 0 ? "-" : "+"
            let head = digits.prefix(1)
            let tail = digits.dropFirst()
            result += head + (tail.isEmpty ? "" : "." + tail) + "e" + sign + String(abs(e))
        }
        return result
    }
}
