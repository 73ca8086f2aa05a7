import Foundation

extension JSONValue: Codable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? container.decode(Double.self) {
            self = .number(n)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(JSONObject(try container.decode([String: JSONValue].self)))
        }
    }

    /// Encodes the value as JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n): try container.encode(n)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(Dictionary(uniqueKeysWithValues: o.fields.map { ($0.key, $0.value) }))
        }
    }
}

/// Why a text could not be read as JSON, in words a model or a user can act on.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line: what was wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}

extension JSONValue {
    /// Parses JSON text (any value at the top level).
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Data(text.utf8))
    }

    /// Parses JSON bytes (any value at the top level).
    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw JSONParseError(message: "invalid JSON: \(detail ?? reason(data))")
        } catch {
            throw JSONParseError(message: "invalid JSON: \(error)")
        }
    }
}

extension JSONValue {
    /// Why `data` is not JSON, in the common cases, for when the decoder says only that it
    /// is not (Foundation on Linux gives no detail): a model's arguments cut short by its
    /// reply limit end inside a string or before their brackets close.
    static func reason(_ data: Data) -> String {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: "\""): inString = true
            default: break
            }
        }
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return "there is no value" }
        if inString { return "it ends inside a string" }
        if depth > 0 { return "it ends before every { and [ is closed" }
        return "it is not well-formed"
    }
}
