import HTTP
import Logging

extension Provider {
    /// Whether `choice` can be reached: nil when it answers, else what went wrong in one
    /// line. A hosted API is asked for its model list; the local server is started once,
    /// to prove that the binary and the model load (a few seconds), then stopped.
    public func probe(_ choice: ProviderChoice, environment: [String: String], client: HTTPClient) async -> String? {
        let url: String
        var headers: [HTTPHeader] = []
        switch self {
        case .local:
            let install = LocalInstall(environment: environment)
            let launch = LocalServer.Launch(
                binary: install.server, model: choice.baseURL, contextTokens: ProviderChoice.localContextTokens,
                stateDirectory: install.cache)
            let server = LocalServer(launch: launch, client: client, logger: Logger(label: "probe") { _ in SwiftLogNoOpLogHandler() })
            defer { server.stop() }
            do { _ = try await server.baseURL(startupTimeout: .seconds(60)) } catch { return "\(error)" }
            return nil
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
            guard (200..<300).contains(response.head.status) else { return HTTPStatusError(response: response, url: url).description }
            return nil
        } catch {
            return "\(error)"
        }
    }
}
