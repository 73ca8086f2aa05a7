import AgentCore
import Synchronization

/// What one run's transcript lines reuse from request to request: the serialised
/// messages of the previous body and the hash state of the prefix it shares with the
/// next. A prompt only grows at its end, so a step serialises and hashes its new
/// messages rather than the whole conversation again.
public final class RequestLineCache: Sendable {
    let body = CanonicalEncoder()
    let hash = PrefixSHA256()
    /// The run's previous request, when requests are written as deltas.
    let bodies: RequestBodies?
    /// Held while a request line is made: the encoder's counts of unchanged bytes and
    /// messages describe its last body, so two lines made at once must not interleave.
    let line = Mutex(())
    /// The texts written since the run's last request, which a delta refers to instead of
    /// writing them again (only when requests are written as deltas).
    let recent = Mutex(RecentTexts())
    /// Secrets the lines will hide: a string that holds one is not cut for a reference.
    let secrets: [String]

    /// An empty cache, for one run's lines; with `deltas`, each request after the first is
    /// written as its difference from the one before (transcript files), else whole
    /// (`--json` on standard output, read line by line by other programs). `secrets` are
    /// those the lines are redacted of.
    public init(deltas: Bool = false, secrets: [String] = []) {
        bodies = deltas ? RequestBodies() : nil
        self.secrets = secrets
    }
}
