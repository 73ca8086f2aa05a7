/// Checks tool arguments against the JSON Schema subset tool manifests use.
///
/// Supported keywords: type, properties, required, additionalProperties, enum, const,
/// items, minItems, maxItems, minLength, maxLength, minimum, maximum, anyOf, oneOf.
/// Written here because AgentCore takes no dependencies and the subset is small; every
/// problem is named by its path so the model can correct the call.
public struct SchemaValidator: Sendable {
    /// A validator.
    public init() {}

    /// The problems with `value` under `schema`, each one line; empty when valid.
    public func problems(_ value: JSONValue, schema: JSONValue, path: String = "arguments") -> [String] {
        var out: [String] = []
        check(value, schema, path, &out)
        return out
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, _ path: String, _ out: inout [String]) {
        guard case .object(let s) = schema else { return }
        if let type = s["type"], !matches(value, type: type) {
            let expected = type.stringValue ?? (type.arrayValue?.compactMap(\.stringValue).joined(separator: " or ") ?? "?")
            out.append("\(path): expected \(expected), got \(value.typeName)")
            return
        }
        if let options = s["enum"]?.arrayValue, !options.contains(value) {
            out.append("\(path): must be one of \(options.map(\.canonicalText).joined(separator: ", "))")
        }
        if let constant = s["const"], constant != value {
            out.append("\(path): must be \(constant.canonicalText)")
        }
        if let alternatives = s["anyOf"]?.arrayValue ?? s["oneOf"]?.arrayValue,
            !alternatives.contains(where: { problems(value, schema: $0, path: path).isEmpty })
        {
            out.append("\(path): matches none of the allowed forms")
        }
        switch value {
        case .string(let text):
            let length = text.count
            if let min = s["minLength"]?.intValue, length < min { out.append("\(path): shorter than \(min) characters") }
            if let max = s["maxLength"]?.intValue, length > max { out.append("\(path): longer than \(max) characters") }
        case .number(let n):
            if let min = s["minimum"]?.doubleValue, n < min { out.append("\(path): must be at least \(JSONValue.format(number: min))") }
            if let max = s["maximum"]?.doubleValue, n > max { out.append("\(path): must be at most \(JSONValue.format(number: max))") }
        case .array(let items):
            if let min = s["minItems"]?.intValue, items.count < min { out.append("\(path): needs at least \(min) items") }
            if let max = s["maxItems"]?.intValue, items.count > max { out.append("\(path): allows at most \(max) items") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { check(item, itemSchema, "\(path)[\(i)]", &out) }
            }
        case .object(let fields):
            let properties = s["properties"]?.objectValue ?? [:]
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where fields[name] == nil {
                out.append("\(path).\(name): required but missing")
            }
            for name in fields.keys.sorted() {
                guard let field = fields[name] else { continue }
                if let propertySchema = properties[name] {
                    check(field, propertySchema, "\(path).\(name)", &out)
                } else if let extra = s["additionalProperties"] {
                    if extra == .bool(false) {
                        let known = properties.keys.sorted().joined(separator: ", ")
                        out.append("\(path).\(name): unknown field (allowed: \(known))")
                    } else {
                        check(field, extra, "\(path).\(name)", &out)
                    }
                }
            }
        default:
            break
        }
    }

    private func matches(_ value: JSONValue, type: JSONValue) -> Bool {
        if let many = type.arrayValue { return many.contains { matches(value, type: $0) } }
        switch (type.stringValue, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .number):
            return true
        // Only whole numbers a tool can read as an Int (`intValue`): a larger one would be read as absent.
        case ("integer", .number): return value.intValue != nil
        default: return false
        }
    }
}
