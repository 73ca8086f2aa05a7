import AgentCore
import Foundation
import HTTP

extension FetchURLTool {
    /// The http_cache key of a fetch.
    static func cacheKey(_ url: WebURL) -> String { "fetch_url GET \(url.text)" }

    /// The body at `url` from the http cache or the web, as the cache mode says.
    /// - Throws: `FetchError` (including a miss in `.only` mode) or `CancellationError`.
    func fetchOrRecall(_ url: WebURL, limits: FetchLimits) async throws -> FetchedBody {
        guard let cache, cacheMode != .off else { return try await fetcher.fetch(url, limits: limits) }
        let key = Self.cacheKey(url)
        if cacheMode == .use || cacheMode == .only {
            // The SSRF guard applies to cached pages too: one fetched under another allow-list is not served.
            _ = try fetcher.admit(url, redirectedFrom: nil)
            let hit: CachedResponse?
            do { hit = try await cache.response(forKey: key) } catch {
                // Only a run that must not fetch depends on the cache; any other run goes to the web.
                guard cacheMode == .only else { return try await fetchAndStore(url, key: key, limits: limits) }
                throw FetchError(.unreadable, "the http cache could not be read: \(error)")
            }
            if let hit, cacheMode == .only || isFresh(hit) { return body(from: hit, requested: url) }
            if cacheMode == .only {
                throw FetchError(
                    .unreadable, "\(url) is not in the http cache, and --cache only does not fetch; run once without it to record the page")
            }
        }
        return try await fetchAndStore(url, key: key, limits: limits)
    }

    private func fetchAndStore(_ url: WebURL, key: String, limits: FetchLimits) async throws -> FetchedBody {
        let fetched = try await fetcher.fetch(url, limits: limits)
        // A cache that cannot be written must not cost the page: the run goes on without it.
        try? await cache?.store(record(fetched), forKey: key)
        return fetched
    }

    private func isFresh(_ hit: CachedResponse) -> Bool {
        let age = Self.now().milliseconds(since: hit.fetchedAt)
        return age >= 0 && Duration.milliseconds(age) <= cacheMaxAge
    }

    private func body(from hit: CachedResponse, requested: WebURL) -> FetchedBody {
        let final = WebURL(hit.url) ?? requested
        return FetchedBody(
            finalURL: final, redirects: final == requested ? [] : [requested], contentType: hit.headers["content-type"],
            body: hit.body, cutAtBytes: hit.headers["x-cut-at-bytes"].flatMap { Int($0) }, cachedAt: hit.fetchedAt)
    }

    private func record(_ fetched: FetchedBody) -> CachedResponse {
        var headers: [String: String] = [:]
        if let type = fetched.contentType { headers["content-type"] = type }
        if let cut = fetched.cutAtBytes { headers["x-cut-at-bytes"] = String(cut) }
        return CachedResponse(url: fetched.finalURL.text, status: 200, headers: headers, body: fetched.body, fetchedAt: Self.now())
    }

    private static func now() -> Instant { Instant(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded())) }
}
