import Synchronization

/// Says once per run which sandbox layers the kernel refused, so a run goes on
/// without repeating the same warning at every call.
public final class LayerNotices: Sendable {
    private let reported = Mutex<Set<SandboxLayer>>([])

    /// Notices that report nothing yet.
    public init() {}

    /// The refused layers of `result` not reported before, now marked reported.
    public func fresh(in result: SandboxResult) -> [(layer: SandboxLayer, reason: String)] {
        reported.withLock { seen in
            result.refused.keys.sorted().filter { seen.insert($0).inserted }.map { ($0, result.refused[$0] ?? "") }
        }
    }
}
