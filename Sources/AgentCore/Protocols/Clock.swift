/// Where a run reads the time. The live clock reads the system; replay reads the transcript.
///
/// The loop reads it once for each input it receives, and stamps every event that input
/// produces with that reading, so replay can hand back exactly the recorded instants.
public protocol Clock: Sendable {
    /// The current instant.
    func now() -> Instant
}
