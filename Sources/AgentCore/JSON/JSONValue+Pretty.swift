extension JSONValue {
    /// Indented text with sorted keys, one value per line: for people and line diffs.
    public var prettyText: String {
        var out = ""
        writePretty(to: &out, indent: "")
        return out
    }

    private func writePretty(to out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.writePretty(to: &out, indent: inner)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let fields) where !fields.isEmpty:
            out += "{\n"
            for (i, field) in fields.fields.enumerated() {
                out += inner
                out += JSONValue.string(field.key).canonicalText + ": "
                field.value.writePretty(to: &out, indent: inner)
                out += i + 1 < fields.count ? ",\n" : "\n"
            }
            out += indent + "}"
        default:
            out += canonicalText
        }
    }
}
