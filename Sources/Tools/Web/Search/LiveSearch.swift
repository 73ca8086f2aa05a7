import AgentCore
import Foundation
import HTTP
import Synchronization

/// Searches a hosted API through libcurl: retries transient failures (waiting as long as a
/// 429's Retry-After says, when the call's time allows), keeps responses in the http cache,
/// and turns every failure into one line that says what to do.
public struct LiveSearch: SearchEngine {
    /// The provider.
    public let api: any SearchAPI
    let client: HTTPClient
    let cache: (any ResponseCache)?
    let cacheMode: CacheMode
    let cacheMaxAge: Duration
    let retry: RetryPolicy

    /// A search of `api`; responses are kept in `cache` as `cacheMode` says.
    public init(
        api: any SearchAPI, client: HTTPClient = HTTPClient(userAgent: FetchSettings.defaultUserAgent), cache: (any ResponseCache)? = nil,
        cacheMode: CacheMode = .use, cacheMaxAge: Duration = .seconds(86_400), retry: RetryPolicy = RetryPolicy(maxAttempts: 3)
    ) {
        self.api = api
        self.client = client
        self.cache = cache
        self.cacheMode = cacheMode
        self.cacheMaxAge = cacheMaxAge
        self.retry = retry
    }

    /// The http_cache key: provider, endpoint and the query, never the key.
    func cacheKey(query: String, k: Int) -> String {
        let arguments: JSONValue = ["k": .int(k), "query": .string(query)]
        return "web_search \(api.id) \(api.endpoint) \(arguments.canonicalText)"
    }

    /// Up to `k` results for `query`, within `deadline`.
    public func search(_ query: String, k: Int, deadline: ContinuousClock.Instant) async throws -> SearchPage {
        let origin = "\(api.name) (live web search)"
        let key = cacheKey(query: query, k: k)
        if let cache, cacheMode == .use || cacheMode == .only {
            let hit: CachedResponse?
            do { hit = try await cache.response(forKey: key) } catch {
                guard cacheMode != .only else { throw WebSearchError("web_search: the http cache could not be read: \(error)") }
                hit = nil
            }
            if let hit, cacheMode == .only || isFresh(hit) {
                return SearchPage(
                    results: try results(hit.body, k: k), origin: origin,
                    notes: ["From the http cache: searched \(hit.fetchedAt.rfc3339)"])
            }
            if cacheMode == .only {
                throw WebSearchError(
                    "web_search: \"\(query.prefix(200))\" (k = \(k)) is not in the http cache for \(api.name), and --cache only does not search; "
                        + "run once without it to record the results")
            }
        }
        let body = try await fetch(query: query, k: k, deadline: deadline)
        let found = try results(body, k: k)
        if let cache, cacheMode != .off {
            // A cache that cannot be written must not cost the results.
            try? await cache.store(
                CachedResponse(
                    url: api.endpoint, status: 200, headers: ["content-type": "application/json"], body: body, fetchedAt: Self.now()),
                forKey: key)
        }
        return SearchPage(results: found, origin: origin)
    }

    private func results(_ body: [UInt8], k: Int) throws -> [SearchResult] {
        let json: JSONValue
        do { json = try JSONValue.parse(Data(body)) } catch {
            throw WebSearchError("web_search: \(api.name) sent a response that is not JSON (\(error.message)); try again later")
        }
        guard let found = api.results(from: json) else {
            throw WebSearchError(
                "web_search: \(api.name) sent JSON without the expected results; try again later, or choose another search provider")
        }
        return Array(found.prefix(k))
    }

    /// The body of a 2xx response, after retries.
    private func fetch(query: String, k: Int, deadline: ContinuousClock.Instant) async throws -> [UInt8] {
        let lastFailure = Mutex<(any Error)?>(nil)
        let attempts = Mutex(0)
        let api = api, client = client
        do {
            return try await withRetries(
                policy: retry,
                sleep: { delay in
                    // Waiting past the call's time limit helps no one: report what the server said.
                    if ContinuousClock.now + delay >= deadline, let failure = lastFailure.withLock({ $0 }) { throw failure }
                    try await Task.sleep(for: delay)
                },
                onRetry: { _, error, _ in lastFailure.withLock { $0 = error } }
            ) { _ in
                attempts.withLock { $0 += 1 }
                let remaining = deadline - .now
                guard remaining > .milliseconds(50) else {
                    throw HTTPError(kind: .totalTimeout, message: "the call's time limit was used up")
                }
                var request = api.request(query: query, k: k)
                request.connectTimeout = min(.seconds(10), remaining)
                request.stallTimeout = min(.seconds(30), remaining)
                request.totalTimeout = remaining
                request.maxResponseBytes = 16 << 20
                let response = try await client.send(request)
                guard (200..<300).contains(response.head.status) else { throw HTTPStatusError(response: response, url: request.url) }
                return response.body
            }
        } catch let error as HTTPStatusError {
            throw explain(error, attempts: attempts.withLock { $0 })
        } catch let error as HTTPError {
            if error.kind == .cancelled { throw CancellationError() }
            throw explain(error)
        }
    }

    private func explain(_ error: HTTPStatusError, attempts: Int) -> WebSearchError {
        let detail = (try? JSONValue.parse(error.bodySnippet)).flatMap(api.errorDetail) ?? String(error.bodySnippet.prefix(200))
        let said = detail.isEmpty ? "" : " (\(detail))"
        let tries = attempts > 1 ? " \(attempts) times" : ""
        switch error.status {
        case 401, 403:
            return WebSearchError("web_search: \(api.name) returned HTTP \(error.status)\(said): \(api.credentialHint)")
        case 429:
            let wait = error.retryAfter.map { ", asking to wait \($0.spoken)" } ?? ""
            return WebSearchError(
                "web_search: \(api.name) returned HTTP 429 (rate limited\(wait))\(tries)\(said); try again later or check the plan's limits"
            )
        default:
            return WebSearchError("web_search: \(api.name) returned HTTP \(error.status)\(tries)\(said); try again later")
        }
    }

    private func explain(_ error: HTTPError) -> WebSearchError {
        switch error.kind {
        case .totalTimeout, .stalled, .connectTimeout:
            return WebSearchError(
                "web_search: \(api.name) did not answer in time (\(error.message)); try again, or raise limits.timeout_s in <home>/tools/web_search.json"
            )
        case .connect:
            return WebSearchError(
                "web_search: cannot reach \(api.name) at \(api.endpoint) (\(error.message)); check the network, or the provider's URL")
        default:
            return WebSearchError("web_search: \(api.name) failed: \(error.message)")
        }
    }

    private func isFresh(_ hit: CachedResponse) -> Bool {
        let age = Self.now().milliseconds(since: hit.fetchedAt)
        return age >= 0 && Duration.milliseconds(age) <= cacheMaxAge
    }

    private static func now() -> Instant { Instant(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded())) }
}
