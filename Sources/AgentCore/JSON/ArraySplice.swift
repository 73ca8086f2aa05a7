/// How an array is made of the one before it: the leading items the two share, then new
/// items, then possibly a run of the old array's later items found again, then new items.
///
/// Condensing a conversation's oldest steps makes the second form: the steps after them
/// move forward unchanged. Finding them again lets a step reuse their encodings and
/// bytes, and lets the transcript name them instead of writing them again.
public struct ArraySplice: Equatable, Sendable {
    /// A run of old items that reappears, in order, later in the new array.
    public struct Run: Equatable, Sendable {
        /// Where the run starts in the old array.
        public var from: Int
        /// How many items it has (at least one).
        public var count: Int
        /// Where it starts in the new array.
        public var at: Int

        /// A run of `count` old items from `from`, at `at` in the new array.
        public init(from: Int, count: Int, at: Int) {
            self.from = from
            self.count = count
            self.at = at
        }
    }

    /// How many leading items the two arrays share.
    public var kept: Int
    /// The old items after those found again further on, if any.
    public var resumed: Run?

    /// A splice keeping `kept` leading items, then resuming `resumed`.
    public init(kept: Int, resumed: Run? = nil) {
        self.kept = kept
        self.resumed = resumed
    }

    /// How `new` is made of `old`.
    public static func between<T: Equatable>(_ old: [T], _ new: [T]) -> ArraySplice {
        old.withUnsafeBufferPointer { old in new.withUnsafeBufferPointer { new in between(old, new) } }
    }

    /// How `new` is made of `old`, their items compared without copying them.
    static func between<T: Equatable>(_ old: UnsafeBufferPointer<T>, _ new: UnsafeBufferPointer<T>) -> ArraySplice {
        let shared = min(old.count, new.count)
        var kept = 0
        while kept < shared, unchanged(old, new, at: kept) { kept += 1 }
        return ArraySplice(kept: kept, resumed: resumedRun(old, new, kept: kept))
    }

    /// How many of the old array's last items the run may stop short of: what follows
    /// the steps in a prompt (the notes, the last step's instruction) changes.
    static let oldTailLooked = 3
    /// How many of the new array's last items may follow the run: a step's own messages.
    static let newTailLooked = 16

    /// The run of old items after the first `kept` that ends within the old array's last
    /// few items and reappears ending within the new array's last few, as long as it goes
    /// back; nil when there is none.
    ///
    /// Only the ends are searched, so the cost is a few comparisons plus the run's length,
    /// and a step that only appended (`kept` is the whole old array) costs nothing.
    private static func resumedRun<T: Equatable>(_ old: UnsafeBufferPointer<T>, _ new: UnsafeBufferPointer<T>, kept: Int) -> Run? {
        guard kept < old.count, kept < new.count else { return nil }
        for end in stride(from: old.count - 1, through: max(kept, old.count - oldTailLooked), by: -1) {
            for newEnd in stride(from: new.count - 1, through: max(kept, new.count - newTailLooked), by: -1)
            where unchanged(old, end, new, newEnd) {
                var from = end
                var at = newEnd
                while from > kept, at > kept, unchanged(old, from - 1, new, at - 1) {
                    from -= 1
                    at -= 1
                }
                return Run(from: from, count: end - from + 1, at: at)
            }
        }
        return nil
    }
}
