import Foundation

/// A response whose status the caller treats as failure (non-2xx), with what is needed to decide on a retry.
public struct HTTPStatusError: Error, Sendable, CustomStringConvertible {
    /// The response status, e.g. 429.
    public var status: Int
    /// Parsed Retry-After header, if the server sent a usable one.
    public var retryAfter: Duration?
    /// The start of the body on one line, for diagnostics (provider error JSON usually fits).
    public var bodySnippet: String
    /// The request URL; only its host appears in `description`, since URLs may carry keys.
    public var url: String

    /// Creates a status error from its parts.
    public init(status: Int, retryAfter: Duration? = nil, bodySnippet: String = "", url: String) {
        self.status = status
        self.retryAfter = retryAfter
        self.bodySnippet = bodySnippet
        self.url = url
    }

    /// Builds the error from a response: parses Retry-After and keeps up to `snippetLimit` characters of body.
    public init(response: HTTPResponse, url: String, now: Date = Date(), snippetLimit: Int = 300) {
        let text = String(decoding: response.body.prefix(snippetLimit * 4), as: UTF8.self)
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        self.init(
            status: response.head.status,
            retryAfter: response.head.value("Retry-After").flatMap { parseRetryAfter($0, now: now) },
            bodySnippet: String(oneLine.prefix(snippetLimit)),
            url: url
        )
    }

    /// "HTTP 429 from api.example.com (retry after 2 s): <snippet>".
    public var description: String {
        var text = "HTTP \(status) from \(HTTPError.hostForMessage(url))"
        if let retryAfter { text += " (retry after \(retryAfter.shortDescription))" }
        if !bodySnippet.isEmpty { text += ": \(bodySnippet)" }
        return text
    }
}
