/// Which ids a search may return, e.g. the chunks of one collection.
///
/// An id set lets an exact index score only those rows when the set is small; a predicate
/// is asked only about rows whose score would enter the results, so a costly predicate is
/// called far fewer times than there are rows.
public struct VectorFilter: Sendable {
    enum Rule: Sendable {
        case ids(Set<Int64>)
        case predicate(@Sendable (Int64) -> Bool)
    }

    let rule: Rule

    /// Only these ids.
    public static func ids(_ ids: Set<Int64>) -> VectorFilter { VectorFilter(rule: .ids(ids)) }

    /// Only ids the predicate accepts; it may be called from several threads at once.
    public static func predicate(_ allows: @escaping @Sendable (Int64) -> Bool) -> VectorFilter {
        VectorFilter(rule: .predicate(allows))
    }

    /// Whether the filter lets `id` through.
    public func allows(_ id: Int64) -> Bool {
        switch rule {
        case .ids(let set): set.contains(id)
        case .predicate(let allows): allows(id)
        }
    }

    /// The id set, when the filter is one and small enough that looking its ids up beats a
    /// scan of `count` rows.
    func smallIDSet(comparedTo count: Int) -> Set<Int64>? {
        // A dictionary lookup plus a scattered row read costs a few sequential rows.
        guard case .ids(let set) = rule, set.count * 8 < count else { return nil }
        return set
    }
}
