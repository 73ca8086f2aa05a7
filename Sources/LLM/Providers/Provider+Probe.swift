import AgentCore
import Foundation
import HTTP
import Logging

/// What `doctor` learned from a provider.
public struct ProbeResult: Sendable, Equatable {
    /// What went wrong in one line; nil when the provider answered.
    public var problem: String?
    /// Whether the provider's list of models has the chosen one; nil when it has no list
    /// (the local server) or the list could not be read.
    public var listsModel: Bool?
}

extension Provider {
    /// Whether `choice` can be reached, and whether it serves the chosen model. A hosted
    /// API is asked for its model list; the local server is started once, to prove that
    /// the binary and the model load (a few seconds), then stopped.
    public func probe(_ choice: ProviderChoice, environment: [String: String], client: HTTPClient) async -> ProbeResult {
        let url: String
        var headers: [HTTPHeader] = []
        switch self {
        case .local:
            let server = LocalServer(
                launch: Self.localLaunch(choice, environment: environment), client: client,
                logger: Logger(label: "probe") { _ in SwiftLogNoOpLogHandler() })
            defer { server.stop() }
            do { _ = try await server.baseURL(startupTimeout: .seconds(60)) } catch { return ProbeResult(problem: "\(error)") }
            return ProbeResult()
        case .anthropic:
            url = choice.baseURL + "/v1/models"
            headers = [
                HTTPHeader(name: "x-api-key", value: choice.apiKey ?? ""),
                HTTPHeader(name: "anthropic-version", value: AnthropicModel.apiVersion),
            ]
        case .openai:
            url = choice.baseURL + "/models"
            if let key = choice.apiKey { headers = [HTTPHeader(name: "Authorization", value: "Bearer \(key)")] }
        }
        do {
            let response = try await client.send(
                HTTPRequest(url: url, headers: headers, connectTimeout: .seconds(5), totalTimeout: .seconds(10)))
            guard (200..<300).contains(response.head.status) else {
                return ProbeResult(problem: HTTPStatusError(response: response, url: url).description)
            }
            return ProbeResult(listsModel: Self.lists(choice.model, in: response.body))
        } catch {
            return ProbeResult(problem: "\(error)")
        }
    }

    /// Whether a model list (`{"data": [{"id": ...}]}`, as both APIs send it) has `model`,
    /// under its id or a catalog alias; nil when the body is no such list.
    static func lists(_ model: String, in body: [UInt8]) -> Bool? {
        guard let json = try? JSONValue.parse(Data(body)), let data = json["data"]?.arrayValue else { return nil }
        let ids = Set(data.compactMap { $0["id"]?.stringValue })
        let names = ModelCatalog.entry(for: model).map { [$0.id] + $0.aliases } ?? []
        return ids.contains(model) || names.contains { ids.contains($0) }
    }
}
