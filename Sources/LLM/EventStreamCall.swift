import AgentCore
import Foundation
import HTTP
import Logging

/// One streaming POST that yields Server-Sent Events, with the failure handling every
/// provider shares: non-2xx statuses become `HTTPStatusError`, a stream that ends before
/// its terminator becomes a retriable `StreamCutError`, and retries wrap the whole call.
struct EventStreamCall: Sendable {
    let client: HTTPClient
    let settings: ProviderSettings
    let logger: Logger
    let provider: String

    /// Posts `body` (canonical JSON bytes) to `url` and feeds each event to a fresh `Assembler`, retrying the
    /// whole exchange when it fails in a retriable way.
    func run<A: StreamAssembler>(url: String, headers: [HTTPHeader], body: [UInt8], _ make: @escaping @Sendable () -> A) async throws
        -> ModelTurn
    {
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: headers + [
                HTTPHeader(name: "Content-Type", value: "application/json"), HTTPHeader(name: "Accept", value: "text/event-stream"),
            ],
            body: body, connectTimeout: settings.connectTimeout, stallTimeout: settings.stallTimeout)
        do {
            return try await withRetries(
                policy: settings.retry,
                onRetry: { [logger, provider] attempt, error, delay in
                    // A wait a user would notice (a rate limit's Retry-After) is said; quick
                    // retries are detail for --verbose, so a dead server ends in one line.
                    let level: Logger.Level = delay >= .seconds(5) ? .warning : .info
                    logger.log(level: level, "\(provider): attempt \(attempt) failed (\(error)); retrying in \(delay)")
                }
            ) { _ in try await once(request, assembler: make()) }
        } catch let error as HTTPError where error.kind == .cancelled {
            throw CancellationError()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ModelCallError(message: "\(provider): \(describe(error))", retriable: RetryPolicy.isRetriable(error))
        }
    }

    private func once<A: StreamAssembler>(_ request: HTTPRequest, assembler: A) async throws -> ModelTurn {
        var assembler = assembler
        var parser = SSEParser()
        var status = 0
        var errorBody: [UInt8] = []
        var head: HTTPResponseHead?
        for try await part in client.stream(request) {
            switch part {
            case .head(let h):
                head = h
                status = h.status
            case .body(let bytes):
                if !(200..<300).contains(status) {
                    if errorBody.count < 16_384 { errorBody += bytes }
                    continue
                }
                for event in parser.feed(bytes) {
                    if try assembler.consume(event) { return try assembler.turn() }
                }
            }
        }
        if let head, !(200..<300).contains(head.status) {
            throw HTTPStatusError(response: HTTPResponse(head: head, body: errorBody), url: request.url)
        }
        throw StreamCutError(provider: provider)
    }

    private func describe(_ error: any Error) -> String {
        if let status = error as? HTTPStatusError {
            switch status.status {
            case 401, 403: return "\(status) — check the API key (\(Provider(rawValue: provider)?.keyVariable ?? "the provider's key"))"
            case 404:
                guard let known = Provider(rawValue: provider) else { return "\(status) — check the model name and the base URL" }
                return ModelAvailability.notFound(model: settings.model, provider: known, baseURL: settings.baseURL, error: status)
            default: return status.description
            }
        }
        return "\(error)"
    }
}

/// Builds one model turn from a provider's stream of events.
protocol StreamAssembler: Sendable {
    /// Takes one event; returns true when it was the stream's terminator.
    mutating func consume(_ event: SSEEvent) throws -> Bool
    /// The complete turn, once the terminator was seen.
    func turn() throws -> ModelTurn
}

/// A stream that ended before the provider's terminator: cut mid-way, worth retrying.
struct StreamCutError: Error, RetriableError, CustomStringConvertible {
    let provider: String
    var isRetriable: Bool { true }
    var description: String { "the \(provider) stream ended before the response was complete" }
}

/// An error the provider reported inside a stream (for example Anthropic's overloaded_error).
struct ProviderStreamError: Error, RetriableError, CustomStringConvertible {
    let type: String
    let message: String
    var isRetriable: Bool { ["overloaded_error", "api_error", "rate_limit_error", "server_error"].contains(type) }
    var description: String { "\(type): \(message)" }
}
