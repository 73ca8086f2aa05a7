import Synchronization

/// The last few pages read, so a call for the next part of a page does not download it again.
final class RecentPages: Sendable {
    private struct Entry {
        var key: String
        var page: ReadablePage
        var stored: ContinuousClock.Instant
    }

    private let entries = Mutex<[Entry]>([])
    private let capacity: Int
    private let lifetime: Duration

    /// Keeps up to `capacity` pages for `lifetime` each.
    init(capacity: Int = 8, lifetime: Duration = .seconds(600)) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// The page read for `url`, if it is recent.
    func page(for url: String) -> ReadablePage? {
        entries.withLock { entries in
            entries.removeAll { .now - $0.stored > lifetime }
            guard let index = entries.firstIndex(where: { $0.key == url }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)  // most recently used last
            return entry.page
        }
    }

    /// Remembers `page` as what `url` returned, dropping the least recently used page when full.
    func store(_ page: ReadablePage, for url: String) {
        entries.withLock { entries in
            entries.removeAll { $0.key == url }
            entries.append(Entry(key: url, page: page, stored: .now))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }
}
