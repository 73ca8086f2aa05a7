import AgentCore
import COpenSSL

/// SHA-256 digests as transcripts record them (lowercase hex).
public enum Digest {
    /// SHA-256 of `bytes`, in hex.
    public static func sha256(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { raw in
            digest.withUnsafeMutableBufferPointer { out in
                ra_sha256(raw.baseAddress, raw.count, out.baseAddress)
            }
        }
        return hex(digest)
    }

    /// Bytes in lowercase hex.
    static func hex(_ digest: [UInt8]) -> String {
        let hex: [Character] = Array("0123456789abcdef")
        var s = ""
        s.reserveCapacity(digest.count * 2)
        for b in digest {
            s.append(hex[Int(b >> 4)])
            s.append(hex[Int(b & 0x0f)])
        }
        return s
    }

    /// SHA-256 of a JSON value's canonical form (RFC 8785): the `sha256` of llm.request.
    public static func sha256(_ value: JSONValue) -> String { sha256(value.canonicalBytes) }

    /// The run.start digest of a tool's schema.
    public static func toolDigest(_ manifest: ToolManifest) -> ToolDigest {
        let schema: JSONValue = [
            "name": .string(manifest.schema.name), "description": .string(manifest.schema.description),
            "parameters": manifest.schema.parameters,
        ]
        // An MCP tool's schema is kept whole: replay has no server to ask for it.
        return ToolDigest(
            name: manifest.name, schemaSHA256: sha256(schema), server: manifest.server,
            schema: manifest.server == nil ? nil : manifest.schema)
    }
}
