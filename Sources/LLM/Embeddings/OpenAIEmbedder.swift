import AgentCore
import Foundation
import HTTP

/// Embeddings from any server that speaks OpenAI's `/v1/embeddings`: OpenAI itself,
/// Ollama, vLLM, or the local llama.cpp server. Vectors come back L2-normalised (some
/// servers, llama.cpp among them, return them unnormalised).
public struct OpenAIEmbedder: Embedder {
    /// The model's name.
    public let model: String
    /// The vectors' length.
    public let dimensions: Int
    /// Whether requests ask for `dimensions` (a text-embedding-3 model shortening its vectors).
    let requestsDimensions: Bool
    let baseURL: @Sendable () async throws -> String
    let apiKey: String?
    let client: HTTPClient

    /// An embedder at a fixed base URL (`https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`).
    public init(baseURL: String, apiKey: String?, model: String, dimensions: Int, requestsDimensions: Bool = false, client: HTTPClient) {
        self.init(model: model, dimensions: dimensions, requestsDimensions: requestsDimensions, apiKey: apiKey, client: client) { baseURL }
    }

    /// An embedder whose base URL is found when first needed (a server started on demand).
    public init(
        model: String, dimensions: Int, requestsDimensions: Bool = false, apiKey: String?, client: HTTPClient,
        baseURL: @escaping @Sendable () async throws -> String
    ) {
        self.model = model
        self.dimensions = dimensions
        self.requestsDimensions = requestsDimensions
        self.apiKey = apiKey
        self.client = client
        self.baseURL = baseURL
    }

    /// The vectors of `texts`, in order.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let url = try await baseURL() + "/embeddings"
        var headers = [HTTPHeader(name: "Content-Type", value: "application/json")]
        if let apiKey, !apiKey.isEmpty { headers.append(HTTPHeader(name: "Authorization", value: "Bearer \(apiKey)")) }
        var fields: JSONObject = ["model": .string(model), "input": .array(texts.map(JSONValue.string))]
        if requestsDimensions { fields["dimensions"] = .int(dimensions) }
        let body = JSONValue.object(fields)
        let response = try await withRetries(policy: RetryPolicy(maxAttempts: 3)) { [headers] _ in
            let r = try await client.send(
                HTTPRequest(method: "POST", url: url, headers: headers, body: body.canonicalBytes, totalTimeout: .seconds(120)))
            guard (200..<300).contains(r.head.status) else { throw HTTPStatusError(response: r, url: url) }
            return r
        }
        let json: JSONValue
        do { json = try JSONValue.parse(Data(response.body)) } catch {
            throw EmbeddingError("embeddings response is not JSON: \(error.message)")
        }
        var vectors = [[Float]](repeating: [], count: texts.count)
        for (position, item) in (json["data"]?.arrayValue ?? []).enumerated() {
            let index = item["index"]?.intValue ?? position
            guard index >= 0, index < texts.count, let values = item["embedding"]?.arrayValue else { continue }
            vectors[index] = Self.normalised(values.compactMap { $0.doubleValue.map(Float.init) })
        }
        for (i, v) in vectors.enumerated() where v.count != dimensions {
            throw EmbeddingError("embedding \(i) from \(model) has \(v.count) dimensions, expected \(dimensions)")
        }
        return vectors
    }

    /// `v` scaled to unit length (a zero vector stays zero).
    static func normalised(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }
}

/// An embedder that failed, in one line.
public struct EmbeddingError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An embedding error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
