import AgentCore
import Synchronization

/// The Messages API's turns for one conversation, kept from step to step.
///
/// The API wants alternating roles, and tool results ride in a user turn, so consecutive
/// messages of one role merge into one turn of several blocks. Merging all of them again
/// at every step made a step's body cost grow with the conversation; a step now rebuilds
/// only the turns from its first changed message on.
final class AnthropicTurns: Sendable {
    private struct State {
        var turns: [JSONValue] = []
        /// The index of each turn's first message.
        var starts: [Int] = []
    }

    private let state = Mutex(State())
    /// Each message encoded once as a one-turn object, reused across steps.
    private let encodings = MessageEncodingCache()

    /// The turns of `prompt`, each message encoded by `encode` as a one-turn object, with
    /// a cache breakpoint on the last block.
    func turns(of prompt: [PromptMessage], encode: (PromptMessage) -> JSONValue) -> [JSONValue] {
        // One lock around both: the count of unchanged messages must describe the
        // encodings this call got, even when two runs share the model.
        state.withLock { s in
            let messages = encodings.encode(prompt, encode)
            let unchanged = encodings.unchangedCount
            // A turn is final once the turn after it began within the unchanged messages:
            // nothing later can join it.
            var kept = 0
            while kept + 1 < s.starts.count, s.starts[kept + 1] < unchanged { kept += 1 }
            let from = kept == 0 ? 0 : s.starts[kept]
            s.turns.removeSubrange(kept...)
            s.starts.removeSubrange(kept...)
            var i = from
            while i < messages.count {
                let role = Self.role(messages[i])
                var end = i + 1
                while end < messages.count, Self.role(messages[end]) == role { end += 1 }
                if end == i + 1 {
                    s.turns.append(messages[i])
                } else {
                    let blocks = messages[i..<end].flatMap { $0["content"]?.arrayValue ?? [] }
                    s.turns.append(["role": .string(role), "content": .array(blocks)])
                }
                s.starts.append(i)
                i = end
            }
            // A cache breakpoint on the newest block lets the next step reuse this whole
            // prefix. The last turn is never kept (nothing after it began yet), so the
            // breakpoint never outlives this call; set here, it costs the caller no copy.
            if let last = s.turns.last, var blocks = last["content"]?.arrayValue, var block = blocks.last?.objectValue {
                block["cache_control"] = ["type": "ephemeral"]
                blocks[blocks.count - 1] = .object(block)
                s.turns[s.turns.count - 1] = ["role": last["role"] ?? "user", "content": .array(blocks)]
            }
            return s.turns
        }
    }

    private static func role(_ message: JSONValue) -> String { message["role"]?.stringValue ?? "user" }
}
