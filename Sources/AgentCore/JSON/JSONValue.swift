/// A JSON document as a value: what requests, tool arguments and events are made of.
///
/// Objects keep no key order: every serialisation sorts keys, so equal values always
/// produce equal bytes (see `JSONValue+Canonical.swift`).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The value at `key` when this is an object, else nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The string inside, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number inside, if this is a number.
    public var doubleValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The number inside as an integer, if it is a whole number that fits.
    public var intValue: Int? {
        guard case .number(let n) = self, n.rounded() == n, abs(n) < 9.0e15 else { return nil }
        return Int(n)
    }

    /// The Boolean inside, if this is a Boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements inside, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The fields inside, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name used in schema errors ("object", "integer", ...).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return intValue != nil ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A JSON value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A JSON value from a literal.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A JSON value from a literal.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A JSON value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A JSON value from a literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A JSON value from a literal.
    public init(nilLiteral: ()) { self = .null }
    /// An object from a dictionary literal, in canonical key order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(pairs: elements))
    }
}

extension JSONValue {
    /// A number value from an integer.
    public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// `.string(value)` or `.null` when the value is nil.
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// `.number(value)` or `.null` when the value is nil.
    public static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
}
