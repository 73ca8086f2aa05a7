import AgentCore
import Foundation
import Synchronization

/// JSON-RPC 2.0 over a server's stdio, one message per line: requests matched to their
/// responses by id, the server's notifications and requests answered, junk set aside.
final class RPCChannel: Sendable {
    /// Why a request got no result.
    enum Failure: Error {
        /// The server answered with a JSON-RPC error.
        case remote(code: Int, message: String)
        /// No answer within the time allowed.
        case timedOut(Double)
        /// The server ended (how it ended).
        case ended(String)
        /// The caller gave up (Ctrl-C, the run's budget, the registry's timeout).
        case cancelled
    }

    private struct Pending {
        var continuation: CheckedContinuation<JSONValue, any Error>
        var deadline: ContinuousClock.Instant
        var timeout: Double
        var cancellable: Bool
    }

    private struct State {
        var nextID = 0
        var pending: [Int: Pending] = [:]
        var ended: String?
        var toolsChanged = false
        /// When the reader's wait for output ends at the latest.
        var readerWaitsUntil = ContinuousClock.now
    }

    private let state = Mutex(State())
    /// Where lines go: the server's stdin (set once the process runs).
    private let output = Mutex<(@Sendable ([UInt8]) -> Bool)?>(nil)
    /// Wakes the reader from a wait with no time limit, so it learns of a new deadline.
    private let wakeReader = Mutex<(@Sendable () -> Void)?>(nil)
    /// Where junk from stdout and the server's log messages are kept.
    let tail: StderrTail

    /// A channel whose junk and log messages go to `tail`.
    init(tail: StderrTail) { self.tail = tail }

    /// Connects the channel to the function that writes a line to the server and the one
    /// that wakes its reader.
    func attach(send: @escaping @Sendable ([UInt8]) -> Bool, wake: @escaping @Sendable () -> Void) {
        output.withLock { $0 = send }
        wakeReader.withLock { $0 = wake }
    }

    /// Whether the server said its tool list changed since the last call to `takeToolsChanged`.
    func takeToolsChanged() -> Bool {
        state.withLock { s in
            defer { s.toolsChanged = false }; return s.toolsChanged
        }
    }

    /// Sends a request and waits for its result. On timeout or cancellation the server is
    /// told with `notifications/cancelled`, unless `cancellable` is false (initialize).
    func request(_ method: String, params: JSONValue, timeout: Double, cancellable: Bool = true) async throws -> JSONValue {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        let message: JSONValue = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params]
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
                // No timer task per request: the thread that reads the server's answers
                // also ends the requests whose deadline passed (see `expire`).
                let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
                let (ended, wake) = state.withLock { s -> (String?, Bool) in
                    if let ended = s.ended { return (ended, false) }
                    s.pending[id] = Pending(continuation: continuation, deadline: deadline, timeout: timeout, cancellable: cancellable)
                    return (nil, deadline < s.readerWaitsUntil)
                }
                if let ended { return continuation.resume(throwing: Failure.ended(ended)) }
                if wake { wakeReader.withLock { $0 }?() }
                if Task.isCancelled {
                    giveUp(id, .cancelled, notify: cancellable)
                    return
                }
                if !send(message) { giveUp(id, .ended("stopped reading its input"), notify: false) }
            }
        } onCancel: {
            giveUp(id, .cancelled, notify: cancellable)
        }
    }

    /// Sends a notification (no answer expected).
    func notify(_ method: String, params: JSONValue? = nil) {
        var message: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { message["params"] = params }
        _ = send(.object(message))
    }

    /// Ends request `id` with `failure`, telling the server when asked to and the request was
    /// still waiting.
    private func giveUp(_ id: Int, _ failure: Failure, notify: Bool) {
        guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        pending.continuation.resume(throwing: failure)
        guard notify else { return }
        let reason: String =
            switch failure {
            case .timedOut(let s): "timed out after \(JSONValue.format(number: s)) s"
            default: "the caller gave up"
            }
        self.notify("notifications/cancelled", params: ["requestId": .int(id), "reason": .string(reason)])
    }

    private func send(_ message: JSONValue) -> Bool {
        guard let write = output.withLock({ $0 }) else { return false }
        return write(message.canonicalBytes)
    }

    /// Handles one line from the server's stdout.
    func receive(line: [UInt8]) {
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { return }
        guard let message = try? JSONValue.parse(Data(line)), let fields = message.objectValue else {
            return junk(line)
        }
        let method = fields["method"]?.stringValue
        if let method, let id = fields["id"], !id.isNull {
            return answer(request: method, id: id)
        }
        if let method {
            switch method {
            case "notifications/tools/list_changed": state.withLock { $0.toolsChanged = true }
            case "notifications/message":
                let level = fields["params"]?["level"]?.stringValue ?? "log"
                let data = fields["params"]?["data"].map { $0.stringValue ?? $0.canonicalText } ?? ""
                tail.append(line: "[\(level)] \(data)")
            default: break
            }
            return
        }
        guard let id = fields["id"]?.intValue else { return junk(line) }
        guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        if let error = fields["error"], !error.isNull {
            pending.continuation.resume(
                throwing: Failure.remote(code: error["code"]?.intValue ?? 0, message: error["message"]?.stringValue ?? "(no message)"))
        } else {
            pending.continuation.resume(returning: fields["result"] ?? .null)
        }
    }

    /// Answers a request from the server: ping is answered; the client offers nothing else
    /// (no sampling, roots or elicitation), so anything else is "method not found".
    private func answer(request method: String, id: JSONValue) {
        if method == "ping" {
            _ = send(["jsonrpc": "2.0", "id": id, "result": [:]])
        } else {
            _ = send([
                "jsonrpc": "2.0", "id": id,
                "error": ["code": -32601, "message": .string("research-agent does not offer \(method)")],
            ])
        }
    }

    private func junk(_ line: [UInt8]) {
        tail.append(line: "stdout, not JSON-RPC: " + String(decoding: line.prefix(200), as: UTF8.self))
    }

    /// Fails every waiting request: the server ended (`how`).
    func end(_ how: String) {
        let waiting = state.withLock { s -> [Pending] in
            s.ended = how
            defer { s.pending = [:] }
            return Array(s.pending.values)
        }
        for p in waiting { p.continuation.resume(throwing: Failure.ended(how)) }
    }

    /// Ends the requests whose deadline has passed, telling the server, and returns how many
    /// milliseconds the reader may wait for the server before calling again: until the
    /// nearest deadline, and at most a second. A request whose deadline comes sooner than
    /// that wait's end wakes the reader; others (most: timeouts are seconds) cost nothing.
    func expire() -> Int32 {
        let now = ContinuousClock.now
        let overdue = state.withLock { s -> [(Int, Pending)] in
            let overdue = s.pending.filter { $0.value.deadline <= now }
            let nearest = s.pending.values.filter { $0.deadline > now }.map(\.deadline).min()
            s.readerWaitsUntil = min(nearest ?? now + .seconds(1), now + .seconds(1))
            return overdue.map { ($0.key, $0.value) }
        }
        for (id, pending) in overdue { giveUp(id, .timedOut(pending.timeout), notify: pending.cancellable) }
        let wait = state.withLock { $0.readerWaitsUntil } - now
        return Int32(max(1, wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000 + 1))
    }
}
