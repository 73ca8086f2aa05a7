import HTTP
import Logging

/// Where and how a provider is reached: endpoint, key, timeouts and retries.
public struct ProviderSettings: Sendable {
    /// The API's base URL (`https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`, ...).
    public var baseURL: String
    /// The API key; nil for local servers that need none.
    public var apiKey: String?
    /// The model's name.
    public var model: String
    /// How long to wait for a connection.
    public var connectTimeout: Duration
    /// How long a response may go without a byte before it is given up as stalled.
    public var stallTimeout: Duration
    /// Retries for rate limits, server errors, timeouts and cut streams.
    public var retry: RetryPolicy

    /// Provider settings with the defaults that suit remote APIs.
    public init(
        baseURL: String, apiKey: String?, model: String, connectTimeout: Duration = .seconds(10),
        stallTimeout: Duration = .seconds(120), retry: RetryPolicy = RetryPolicy()
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.model = model
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.retry = retry
    }
}
