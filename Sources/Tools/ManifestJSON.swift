import AgentCore

/// Manifests as JSON: the files in tools/ and `<home>/tools/`, and `tools list --json`.
public enum ManifestJSON {
    /// The manifest as DESIGN.md "Tools" spells it.
    public static func json(_ manifest: ToolManifest) -> JSONValue {
        var limits: JSONObject = [
            "timeout_s": .number(manifest.limits.timeoutSeconds), "max_output_bytes": .int(manifest.limits.maxOutputBytes),
        ]
        for (key, value) in manifest.limits.extra { limits[key] = .number(value) }
        return [
            "name": .string(manifest.name), "description": .string(manifest.schema.description),
            "parameters": manifest.schema.parameters, "limits": .object(limits), "enabled": .bool(manifest.enabled),
        ]
    }

    /// The keys an override file may set.
    static let overridableKeys: Set<String> = ["name", "description", "limits", "enabled"]

    /// Applies an override file's JSON to `base`, clamping limits to `caps`.
    /// - Throws: a one-line message naming the first key that is wrong.
    public static func apply(_ override: JSONValue, to base: ToolManifest, caps: ToolLimits) throws(ToolConfigError) -> ToolManifest {
        guard let fields = override.objectValue else { throw ToolConfigError("the file must hold a JSON object") }
        var manifest = base
        for key in fields.keys.sorted() where !overridableKeys.contains(key) {
            // A manifest copied whole from the repository's tools/ (the repository is a valid
            // home) carries the program's own parameters: harmless, so accepted as they are.
            if key == "parameters", fields[key] == base.schema.parameters { continue }
            let hint = key == "parameters" ? " (a tool's parameters are fixed by the program)" : ""
            throw ToolConfigError("unknown key '\(key)'\(hint); allowed: description, limits, enabled")
        }
        if let name = fields["name"], name.stringValue != base.name {
            throw ToolConfigError("'name' is \(name.canonicalText) but the file overrides '\(base.name)'")
        }
        if let description = fields["description"] {
            guard let text = description.stringValue, !text.isEmpty else {
                throw ToolConfigError("'description' must be a non-empty string")
            }
            manifest.schema.description = text
        }
        if let enabled = fields["enabled"] {
            guard let on = enabled.boolValue else { throw ToolConfigError("'enabled' must be true or false") }
            manifest.enabled = on
        }
        if let limits = fields["limits"] {
            guard let entries = limits.objectValue else { throw ToolConfigError("'limits' must be an object") }
            for key in entries.keys.sorted() {
                guard let value = entries[key]?.doubleValue, value > 0 else {
                    throw ToolConfigError("'limits.\(key)' must be a positive number")
                }
                switch key {
                case "timeout_s": manifest.limits.timeoutSeconds = min(value, caps.timeoutSeconds)
                case "max_output_bytes": manifest.limits.maxOutputBytes = min(Int(value), caps.maxOutputBytes)
                default:
                    guard let cap = caps.extra[key] else {
                        let known = (["timeout_s", "max_output_bytes"] + caps.extra.keys.sorted()).joined(separator: ", ")
                        throw ToolConfigError("unknown limit 'limits.\(key)'; this tool takes: \(known)")
                    }
                    manifest.limits.extra[key] = min(value, cap)
                }
            }
        }
        return manifest
    }
}

/// A tool override or tool call that cannot be used, in one line.
public struct ToolConfigError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// A tool configuration error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
