import AgentCore
import Foundation
import HTTP
import Logging

/// The `local` provider: a bundled small model on llama.cpp's server, started on first
/// use and spoken to with the OpenAI-compatible API. No key, no network.
public struct LocalModel: LanguageModel {
    /// The provider's name, as transcripts record it.
    public var provider: String { "local" }
    /// The model's name.
    public let model: String
    let server: LocalServer
    let settings: ProviderSettings
    let client: HTTPClient
    let logger: Logger
    let chat: OpenAIChatModel

    /// A local model served from `server`; `model` names it in transcripts.
    public init(model: String, server: LocalServer, client: HTTPClient, logger: Logger) {
        self.model = model
        self.server = server
        self.client = client
        self.logger = logger
        // CPU prompt processing can take a minute before the first token: a long stall limit.
        settings = ProviderSettings(
            baseURL: "http://127.0.0.1", apiKey: nil, model: model, stallTimeout: .seconds(300), retry: RetryPolicy(maxAttempts: 2))
        chat = OpenAIChatModel(settings: settings, client: client, logger: logger, provider: "local")
    }

    /// The body of `request`, built without I/O, so that replay can build it again.
    public func body(for request: ModelRequest) -> JSONValue { chat.body(for: request) }

    /// Sends `body` and returns the model's complete turn.
    public func respond(to request: ModelRequest, body: JSONValue) async throws -> ModelTurn {
        do {
            return try await once(request, body: body)
        } catch let error as ModelCallError where !server.isRunning {
            // The server died mid-call: try again on a restarted one (LocalServer allows one
            // restart, so a server that keeps crashing ends the run).
            logger.warning("the local model server stopped (\(error.message)); restarting it once")
            do { return try await once(request, body: body) } catch let again as ModelCallError {
                throw ModelCallError(message: "the local model server failed again after a restart: \(again.message)", retriable: false)
            } catch let failed as LocalModelError {
                // "exited while starting: ..." or "stopped again after a restart; see its log".
                throw ModelCallError(message: failed.message, retriable: false)
            }
        } catch let error as LocalModelError {
            // It did not start at all: nothing a restart would mend.
            throw ModelCallError(message: error.message, retriable: false)
        }
    }

    /// - Throws: `LocalModelError` when the server cannot be started, `ModelCallError` when the call fails.
    private func once(_ request: ModelRequest, body: JSONValue) async throws -> ModelTurn {
        let base = try await server.baseURL()
        var live = settings
        live.baseURL = base + "/v1"
        return try await OpenAIChatModel(settings: live, client: client, logger: logger, provider: "local", sharing: chat)
            .respond(to: request, body: body)
    }
}
