/// A JSON tree that serializes with keys in insertion order, so the fakes emit fields in the
/// same order as the real APIs (JSONSerialization would reorder them).
enum WireJSON: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([WireJSON])
    case members([(String, WireJSON)])
    /// Already-serialized JSON text inserted verbatim (scripted tool arguments).
    case raw(String)

    /// A string literal becomes a JSON string.
    init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal becomes a JSON number.
    init(integerLiteral value: Int) { self = .int(value) }
    /// A boolean literal becomes a JSON boolean.
    init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `nil` becomes JSON null.
    init(nilLiteral: ()) { self = .null }

    /// An object whose keys keep the literal's order.
    static func object(_ pairs: KeyValuePairs<String, WireJSON>) -> WireJSON {
        .members(pairs.map { ($0.key, $0.value) })
    }

    /// A string or null.
    static func optional(_ text: String?) -> WireJSON {
        text.map { .string($0) } ?? .null
    }

    /// Compact serialization; non-ASCII text stays raw UTF-8 as the real APIs send it.
    var serialized: String {
        var out = ""
        write(into: &out)
        return out
    }

    /// Serialized UTF-8 bytes.
    var bytes: [UInt8] { Array(serialized.utf8) }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): Self.escape(value, into: &out)
        case .raw(let text): out += text
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .members(let pairs):
            out += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out += "," }
                Self.escape(pair.0, into: &out)
                out += ":"
                pair.1.write(into: &out)
            }
            out += "}"
        }
    }

    /// Escapes quotes, backslashes and control characters per RFC 8259.
    private static func escape(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
