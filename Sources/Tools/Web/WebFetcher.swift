import AgentCore
import HTTP

/// GETs untrusted URLs: follows redirects itself so each hop passes the SSRF guard, takes
/// turns per host, honours robots.txt, and stops reading at the size cap.
final class WebFetcher: Sendable {
    private let client: HTTPClient
    private let settings: FetchSettings
    private let gate: HostGate
    private let robots = RobotsCache()

    /// A fetcher with its own client, per-host gate and robots.txt cache.
    init(settings: FetchSettings) {
        self.settings = settings
        client = HTTPClient(userAgent: settings.userAgent)
        gate = HostGate(minimumDelay: settings.minimumDelayPerHost)
    }

    /// The body at `url` after redirects.
    /// - Throws: `FetchError` (refusals, statuses, timeouts, network failures) or `CancellationError`.
    func fetch(_ url: WebURL, limits: FetchLimits) async throws -> FetchedBody {
        var current = url
        var redirects: [WebURL] = []
        while true {
            let policy = try admit(current, redirectedFrom: redirects.last)
            let target = current
            let hop = try await gate.withTurn(host: target.host.lowercased()) {
                if settings.respectRobotsTxt { try await checkRobots(target, policy: policy, limits: limits) }
                return try await get(target, policy: policy, limits: limits, maxBytes: limits.maxBytes)
            }
            guard let location = hop.location else {
                guard (200..<300).contains(hop.status) else { throw FetchError(.status, "HTTP \(hop.status) from \(current)") }
                return FetchedBody(
                    finalURL: current, redirects: redirects, contentType: hop.contentType, body: hop.body, cutAtBytes: hop.cutAtBytes)
            }
            guard redirects.count < limits.maxRedirects else {
                throw FetchError(
                    .unreadable, "stopped after \(limits.maxRedirects) redirects, the limit (started at \(url), last at \(current))")
            }
            guard let next = current.resolving(location) else {
                throw FetchError(.unreadable, "\(current) redirects to \"\(location.prefix(200))\", which is not a URL")
            }
            redirects.append(current)
            current = next
        }
    }

    /// The SSRF guard before connecting: scheme, allowed pairs, and hosts that need no lookup to
    /// refuse. Returns the address policy the connection itself must pass (nil for an allowed pair).
    func admit(_ url: WebURL, redirectedFrom previous: WebURL?) throws(FetchError) -> AddressPolicy? {
        let via = previous.map { "redirect from \($0) to \(url): " } ?? ""
        guard url.scheme == "http" || url.scheme == "https" else {
            throw FetchError(.refused, "refused: \(via)scheme \"\(url.scheme)\" is not allowed; fetch_url reads http and https URLs only")
        }
        guard !url.host.isEmpty else { throw FetchError(.unreadable, "\(url) has no host") }
        if settings.allowedHosts.contains(HostPort(url)) { return nil }
        if let reason = AddressPolicy.publicOnly.refusal(forHost: url.host) {
            throw FetchError(.refused, "refused: \(via)\(reason); \(Self.publicOnlyNote)")
        }
        return .publicOnly
    }

    /// The second half of an address refusal: what is allowed and how to allow more.
    static let publicOnlyNote =
        "fetch_url reaches public addresses only (allow a host with --allow-host HOST:PORT or allowed_hosts in config.toml)"

    // MARK: robots.txt

    private func checkRobots(_ url: WebURL, policy: AddressPolicy?, limits: FetchLimits) async throws {
        let rules: RobotsTxt
        if let cached = robots.rules(for: url.origin) {
            rules = cached
        } else {
            let (fetched, lifetime) = try await fetchRobots(url, limits: limits)
            robots.store(fetched, for: url.origin, lifetime: lifetime)
            rules = fetched
        }
        if let rule = rules.refusingRule(for: url.pathAndQuery) {
            let path = url.pathAndQuery.prefix(200)
            throw FetchError(
                .refused,
                "refused: robots.txt of \(url.origin) disallows \(path) for \(settings.robotsToken) (Disallow: \(rule)); "
                    + "set respect_robots_txt = false in config.toml to ignore robots.txt")
        }
    }

    /// Fetches and parses robots.txt the way RFC 9309 says: up to five redirects, 4xx means no
    /// rules, 5xx means keep out for now. A hop the SSRF guard refuses counts as unavailable.
    private func fetchRobots(_ page: WebURL, limits: FetchLimits) async throws -> (RobotsTxt, Duration) {
        guard var current = page.resolving("/robots.txt") else { return (.allowAll, .seconds(86_400)) }
        for hop in 0...5 {
            let policy: AddressPolicy?
            do { policy = try admit(current, redirectedFrom: hop == 0 ? nil : page) } catch { return (.allowAll, .seconds(86_400)) }
            let response: Hop
            do {
                response = try await get(current, policy: policy, limits: limits, maxBytes: 512 * 1024)
            } catch let error as FetchError where hop > 0 && error.kind == .refused {
                return (.allowAll, .seconds(86_400))
            }
            if let location = response.location, let next = current.resolving(location) {
                current = next
                continue
            }
            switch response.status {
            case 200..<300:
                return (RobotsTxt(parsing: String(decoding: response.body, as: UTF8.self), agent: settings.robotsToken), .seconds(86_400))
            case 500...:
                return (.disallowAll, .seconds(300))
            default:
                return (.allowAll, .seconds(86_400))
            }
        }
        return (.allowAll, .seconds(86_400))
    }

    // MARK: one GET

    /// One response: its status and, for a redirect, where to; the body is read only for a 2xx.
    /// Any status is returned, so robots.txt can tell 4xx from 5xx.
    private struct Hop: Sendable {
        var status: Int
        var location: String?
        var contentType: String?
        var body: [UInt8]
        var cutAtBytes: Int?
    }

    private func get(_ url: WebURL, policy: AddressPolicy?, limits: FetchLimits, maxBytes: Int) async throws -> Hop {
        let remaining = limits.deadline - .now
        guard remaining > .milliseconds(10) else {
            throw FetchError(.timeout, "timed out fetching \(url): the call's time limit was used up")
        }
        var request = HTTPRequest(
            url: url.text,
            headers: [HTTPHeader(name: "Accept", value: Self.accept)],
            connectTimeout: min(limits.connectTimeout, remaining), stallTimeout: min(.seconds(30), remaining),
            totalTimeout: remaining, followRedirects: 0)
        request.addressPolicy = policy
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        var cut: Int?
        do {
            // Leaving the loop early cancels the transfer: nothing more is downloaded.
            reading: for try await part in client.stream(request) {
                switch part {
                case .head(let value):
                    head = value
                    if !(200..<300).contains(value.status) || Self.isUnreadable(value.value("Content-Type")) { break reading }
                case .body(let chunk):
                    if body.count + chunk.count > maxBytes {
                        body += chunk.prefix(maxBytes - body.count)
                        cut = maxBytes
                        break reading
                    }
                    body += chunk
                }
            }
        } catch let error as HTTPError {
            throw translate(error, url: url, limits: limits)
        }
        guard let head else { throw FetchError(.network, "\(url) sent no response") }
        let location = [301, 302, 303, 307, 308].contains(head.status) ? head.value("Location") : nil
        return Hop(status: head.status, location: location, contentType: head.value("Content-Type"), body: body, cutAtBytes: cut)
    }

    private static let accept = "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.9,application/pdf;q=0.8,*/*;q=0.5"

    /// A declared type fetch_url cannot read (image, video, archive): no need to download it.
    private static func isUnreadable(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        return MediaType(header: contentType, prefix: [UInt8]()).kind == .unreadable
    }

    private func translate(_ error: HTTPError, url: WebURL, limits: FetchLimits) -> any Error {
        switch error.kind {
        case .refused:
            let reason = error.refusalReason ?? "the address is not public"
            let literal = IPAddress(host: url.host) != nil
            return FetchError(.refused, "refused: \(reason)\(literal ? "" : " (\(url.host) resolved to it)"); \(Self.publicOnlyNote)")
        case .cancelled:
            return CancellationError()
        case .connectTimeout:
            return FetchError(.timeout, "timed out connecting to \(url.hostAndPort) (limit \(limits.connectTimeout.spoken))")
        case .stalled, .totalTimeout:
            return FetchError(.timeout, "timed out fetching \(url): \(error.message)")
        case .connect:
            return FetchError(.network, error.message)
        case .badURL:
            return FetchError(.unreadable, "cannot fetch \(url): \(error.message)")
        case .transfer, .tooLarge:
            return FetchError(.network, "fetching \(url) failed: \(error.message)")
        }
    }
}

extension Duration {
    /// "250 ms" below a second, else "1.5 s", for messages.
    var spoken: String {
        let (seconds, attoseconds) = components
        let total = Double(seconds) + Double(attoseconds) / 1e18
        if total < 1 { return "\(Int((total * 1000).rounded())) ms" }
        return "\(JSONValue.format(number: (total * 10).rounded() / 10)) s"
    }
}
