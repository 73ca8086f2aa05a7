import Synchronization

/// robots.txt rules per origin, kept for a day (RFC 9309 asks for no longer) or, after a
/// server error, for a few minutes so a passing outage does not close a site for the run.
final class RobotsCache: Sendable {
    private struct Entry {
        var robots: RobotsTxt
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Rules cached for `origin` that have not expired.
    func rules(for origin: String) -> RobotsTxt? {
        entries.withLock { entries in
            guard let entry = entries[origin], entry.expires > .now else { return nil }
            return entry.robots
        }
    }

    /// Remembers `robots` for `origin` for `lifetime`.
    func store(_ robots: RobotsTxt, for origin: String, lifetime: Duration) {
        entries.withLock { $0[origin] = Entry(robots: robots, expires: .now + lifetime) }
    }
}
