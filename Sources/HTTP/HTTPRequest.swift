/// Everything needed to perform one HTTP request, including its limits.
public struct HTTPRequest: Sendable {
    /// Request method, e.g. "GET" or "POST"; other tokens are sent as a custom method.
    public var method: String
    /// Absolute http or https URL.
    public var url: String
    /// Extra request headers; a header with an empty value is sent empty, not dropped.
    public var headers: [HTTPHeader]
    /// Request body, copied into libcurl before the transfer starts.
    public var body: [UInt8]
    /// Limit for establishing the connection (TCP plus TLS handshake).
    public var connectTimeout: Duration
    /// Abort when no byte arrives for this long once connected; nil disables the check.
    public var stallTimeout: Duration?
    /// Limit for the whole transfer from start to last byte; nil means unlimited.
    public var totalTimeout: Duration?
    /// Abort with `HTTPError.Kind.tooLarge` once the (decoded) body would exceed this.
    public var maxResponseBytes: Int?
    /// Number of redirects to follow; 0 returns the 3xx response itself.
    public var followRedirects: Int
    /// When set, every address curl is about to connect to must pass it (checked after DNS
    /// resolution, for each attempt), and proxies are not used, so the policy sees the real peer.
    /// Nil by default; set it after creating the request.
    public var addressPolicy: AddressPolicy?

    /// Creates a request; defaults are a GET with a 10 s connect and 60 s stall timeout.
    public init(
        method: String = "GET",
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8] = [],
        connectTimeout: Duration = .seconds(10),
        stallTimeout: Duration? = .seconds(60),
        totalTimeout: Duration? = nil,
        maxResponseBytes: Int? = nil,
        followRedirects: Int = 0
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
        self.followRedirects = followRedirects
    }
}
