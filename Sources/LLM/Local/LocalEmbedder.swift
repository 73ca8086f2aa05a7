import AgentCore
import Foundation
import HTTP

/// all-MiniLM-L6-v2 on the local llama.cpp server. The model reads at most 256 word
/// pieces (sentence-transformers truncates there) and the server refuses an input longer
/// than its batch with HTTP 500, so long texts are cut to 256 pieces first, through the
/// server's own tokenizer: the embedding is then the one the original model gives.
public struct LocalEmbedder: Embedder {
    /// The model's name.
    public var model: String { LocalInstall.embeddingModel }
    /// The vectors' length.
    public var dimensions: Int { 384 }
    let server: LocalServer
    let client: HTTPClient
    let embedder: OpenAIEmbedder

    /// The context the embedding server is started with: the model's 512 positions.
    public static let contextTokens = 512
    /// Word pieces the model reads, [CLS] and [SEP] included.
    static let maxPieces = 256
    /// Texts up to this many characters cannot exceed `maxPieces`: a word piece is at least
    /// one character, plus the two special tokens.
    static let alwaysShortCharacters = maxPieces - 2

    /// An embedder on `server`, which it starts on first use.
    public init(server: LocalServer, client: HTTPClient) {
        self.server = server
        self.client = client
        embedder = OpenAIEmbedder(model: LocalInstall.embeddingModel, dimensions: 384, apiKey: nil, client: client) {
            try await server.baseURL() + "/v1"
        }
    }

    /// Stops the server.
    public func stop() { server.stop() }

    /// The vectors of `texts`, in order.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        var fitted: [String] = []
        fitted.reserveCapacity(texts.count)
        for text in texts {
            fitted.append(text.unicodeScalars.count <= Self.alwaysShortCharacters ? text : try await truncated(text))
        }
        return try await embedder.embed(fitted)
    }

    /// `text` cut to the word pieces the model reads, or unchanged if it fits.
    func truncated(_ text: String) async throws -> String {
        let base = try await server.baseURL()
        let tokens = try await post(base + "/tokenize", ["content": .string(text), "add_special": false])["tokens"]?.arrayValue ?? []
        guard tokens.count > Self.maxPieces - 2 else { return text }
        let kept = JSONValue.array(Array(tokens.prefix(Self.maxPieces - 2)))
        return try await post(base + "/detokenize", ["tokens": kept])["content"]?.stringValue ?? text
    }

    private func post(_ url: String, _ body: JSONValue) async throws -> JSONValue {
        let response = try await client.send(
            HTTPRequest(
                method: "POST", url: url, headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                body: body.canonicalBytes, totalTimeout: .seconds(60)))
        guard (200..<300).contains(response.head.status) else { throw HTTPStatusError(response: response, url: url) }
        do { return try JSONValue.parse(Data(response.body)) } catch {
            throw EmbeddingError("\(url) answered with \(error.message)")
        }
    }
}
