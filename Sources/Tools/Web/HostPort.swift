import Foundation
import HTTP

/// An exact host and port, as `allowed_hosts` and `--allow-host` name them ("127.0.0.1:8080").
///
/// Hosts are compared in a canonical form: names in lower case without a trailing dot, IPv4
/// in dotted-quad form and IPv6 in brackets, so `[::FFFF:7f00:1]:80` and `[::ffff:127.0.0.1]:80`
/// are the same entry.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    /// The canonical host.
    public let host: String
    /// The port, 1 to 65535.
    public let port: Int

    /// A host and port; the host is put in canonical form.
    public init(host: String, port: Int) {
        self.host = Self.canonical(host)
        self.port = port
    }

    /// The host and port a URL connects to.
    public init(_ url: WebURL) {
        self.init(host: url.host, port: url.port)
    }

    /// Parses "HOST:PORT" or "[IPv6]:PORT".
    /// - Throws: a one-line message saying what the form is.
    public init(parsing text: String) throws(ToolConfigError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let example = "expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080, not '\(text)'"
        guard let colon = trimmed.lastIndex(of: ":") else { throw ToolConfigError(example) }
        let host = String(trimmed[..<colon])
        guard let port = Int(trimmed[trimmed.index(after: colon)...]), (1...65535).contains(port), !host.isEmpty,
            host.hasPrefix("[") == host.hasSuffix("]"), host.hasPrefix("[") || !host.contains(":")
        else { throw ToolConfigError(example) }
        self.init(host: host, port: port)
    }

    /// "host:port".
    public var description: String { "\(host):\(port)" }

    private static func canonical(_ host: String) -> String {
        if let address = IPAddress(host: host) { return address.urlHost }
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }
}
