/// Serialisation in the canonical form of RFC 8785 (JSON Canonicalization Scheme).
///
/// Every request body is sent in this form, so the bytes a transcript records, the bytes
/// sent and the bytes hashed are one and the same; replay compares them exactly.
extension JSONValue {
    /// The canonical UTF-8 text: keys sorted by UTF-16 code units, no insignificant
    /// whitespace, numbers as ECMAScript prints them.
    public var canonicalText: String { String(decoding: canonicalBytes, as: UTF8.self) }

    /// The canonical text as bytes: what is sent, recorded and hashed.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        writeCanonical(to: &out)
        return out
    }

    /// Appends the canonical bytes to `out`. Bytes rather than String appends: this runs
    /// over every request body at every step, and byte appends are several times faster.
    public func writeCanonical(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: JSONValue.nullBytes)
        case .bool(let b): out.append(contentsOf: b ? JSONValue.trueBytes : JSONValue.falseBytes)
        case .number(let n): out.append(contentsOf: JSONValue.format(number: n).utf8)
        case .string(let s): JSONValue.writeQuoted(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.writeCanonical(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, field) in fields.fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeQuoted(field.key, to: &out)
                out.append(UInt8(ascii: ":"))
                field.value.writeCanonical(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    /// Appends `s` as a JSON string literal, escaping only what RFC 8785 escapes.
    static func writeQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { appendEscaped($0, to: &out) }
        if done == nil { Array(s.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &out) } }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
                i += 1
                continue
            }
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            default:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            }
            i += 1
            runStart = i
        }
        if count > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

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
