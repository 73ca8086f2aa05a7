import AgentCore
import HTTP

/// A hosted search API: how to ask it and how to read its answers.
///
/// Only the wire format differs between providers; `LiveSearch` does the transport, retries
/// and caching once for all of them.
public protocol SearchAPI: Sendable {
    /// The provider's name in messages, e.g. "Brave".
    var name: String { get }
    /// A short id for cache keys and configuration, e.g. "brave".
    var id: String { get }
    /// The URL requests go to.
    var endpoint: String { get }
    /// What to check when the provider refuses the credentials, e.g. "check BRAVE_API_KEY".
    var credentialHint: String { get }
    /// The request for `query` asking for `k` results (timeouts are set by the caller).
    func request(query: String, k: Int) -> HTTPRequest
    /// The results in a successful response's JSON; nil when it does not have the provider's shape.
    func results(from json: JSONValue) -> [SearchResult]?
    /// The provider's own explanation in an error response's JSON, if it gives one.
    func errorDetail(from json: JSONValue) -> String?
}

extension SearchAPI {
    /// `text` made safe for a URL query component (RFC 3986 unreserved characters kept).
    static func queryEscaped(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// A string field, or nil when it is missing, empty or not a string.
    static func text(_ value: JSONValue?) -> String? {
        guard let s = value?.stringValue, !s.isEmpty else { return nil }
        return s
    }
}
