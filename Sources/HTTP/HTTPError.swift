import Foundation

/// A transport-level failure: the request produced no complete response.
///
/// HTTP error statuses are not `HTTPError`s; they arrive as normal responses
/// (see `HTTPStatusError` for turning them into errors).
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, coarse enough to decide on retries.
    public enum Kind: Sendable, Equatable {
        /// Name resolution failed or the connection was refused/unreachable.
        case connect
        /// The connection was not established within `connectTimeout`.
        case connectTimeout
        /// No byte arrived for `stallTimeout` after connecting.
        case stalled
        /// The transfer exceeded `totalTimeout`.
        case totalTimeout
        /// The caller cancelled (task cancelled or stream consumer gone).
        case cancelled
        /// The body exceeded `maxResponseBytes`.
        case tooLarge
        /// Any other transfer failure, including a connection cut mid-body; `curlCode` says which.
        case transfer
        /// The request could not be formed: malformed URL, unsupported scheme or invalid header.
        case badURL
        /// The request's `AddressPolicy` refused every address the host resolved to.
        case refused
    }

    /// Failure category.
    public var kind: Kind
    /// One line, human readable, starting with "<METHOD> <host>:".
    public var message: String
    /// libcurl's CURLcode when curl reported the failure; nil when this module detected it.
    public var curlCode: Int?
    /// For `.refused`: why the address policy refused, e.g. "127.0.0.1 is a loopback address".
    public var refusalReason: String?

    /// Creates an error; `message` should already be a single line.
    public init(kind: Kind, message: String, curlCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.curlCode = curlCode
    }

    /// The message, which already names the method and host.
    public var description: String { message }

    /// Builds "<METHOD> <host>: <detail>" on one line so logs stay greppable.
    static func make(_ kind: Kind, method: String, url: String, detail: String, curlCode: Int? = nil) -> HTTPError {
        let oneLine = detail.split(whereSeparator: \.isNewline).joined(separator: " ")
        let suffix = curlCode.map { " (curl \($0))" } ?? ""
        return HTTPError(kind: kind, message: "\(method) \(hostForMessage(url)): \(oneLine)\(suffix)", curlCode: curlCode)
    }

    /// Host (and port) only: full URLs can carry credentials or API keys in the query.
    static func hostForMessage(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            return "<no host>"
        }
        if let port = components.port { return "\(host):\(port)" }
        return host
    }
}
