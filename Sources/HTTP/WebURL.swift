import CCurl

/// An absolute URL as libcurl parses it: the same parser that later picks the host to connect to.
///
/// Checking a URL with a different parser than the one that fetches it is a classic way
/// to let `http://a@127.0.0.1/` or `http://0x7f.1/` through; using curl's URL API for both
/// means the host judged is the host dialled. curl also normalises IPv4 numbers
/// (2130706433, 0177.0.0.1, 127.1 all become 127.0.0.1).
public struct WebURL: Sendable, Hashable, CustomStringConvertible {
    /// The normalised URL text.
    public let text: String
    /// Lower-case scheme, e.g. "https".
    public let scheme: String
    /// Host as curl reports it: a name, a dotted quad, or a bracketed IPv6 literal; empty when none.
    public let host: String
    /// The port, explicit or the scheme's default; 0 when the scheme has none.
    public let port: Int

    /// Parses an absolute URL; nil when curl cannot parse it or it has no scheme.
    public init?(_ string: String) {
        guard let parsed = Self.parse(string, base: nil) else { return nil }
        self = parsed
    }

    /// Resolves `reference` (e.g. a Location header) against this URL; nil when it cannot be parsed.
    public func resolving(_ reference: String) -> WebURL? {
        Self.parse(reference, base: text)
    }

    /// The URL text.
    public var description: String { text }

    /// "host:port" with the host in lower case, the key for allow-lists and politeness.
    public var hostAndPort: String { "\(host.lowercased()):\(port)" }

    /// The origin: scheme, host and port, the scope robots.txt applies to.
    public var origin: String {
        let defaultPort = (scheme == "http" && port == 80) || (scheme == "https" && port == 443)
        return defaultPort ? "\(scheme)://\(host.lowercased())" : "\(scheme)://\(host.lowercased()):\(port)"
    }

    /// Path plus query ("/" when the path is empty), still percent-encoded: what robots.txt rules match.
    public let pathAndQuery: String

    private init(text: String, scheme: String, host: String, port: Int, pathAndQuery: String) {
        self.text = text
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathAndQuery = pathAndQuery
    }

    private static func parse(_ string: String, base: String?) -> WebURL? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        if let base, curl_url_set(handle, CURLUPART_URL, base, 0) != CURLUE_OK { return nil }
        guard curl_url_set(handle, CURLUPART_URL, string, 0) == CURLUE_OK,
            let text = part(handle, CURLUPART_URL, 0), let scheme = part(handle, CURLUPART_SCHEME, 0)
        else { return nil }
        let host = part(handle, CURLUPART_HOST, 0) ?? ""
        let port = part(handle, CURLUPART_PORT, ccurl_url_default_port).flatMap { Int($0) } ?? 0
        var path = part(handle, CURLUPART_PATH, 0) ?? "/"
        if path.isEmpty { path = "/" }
        if let query = part(handle, CURLUPART_QUERY, 0) { path += "?" + query }
        return WebURL(text: text, scheme: scheme.lowercased(), host: host, port: port, pathAndQuery: path)
    }

    private static func part(_ handle: OpaquePointer, _ what: CURLUPart, _ flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, what, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
