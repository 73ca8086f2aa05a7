import AgentCore
import AgentTesting
import Foundation
import HTTP
import LLM
import Testing

@Suite struct OpenAIEmbedderTests {
    /// A server that answers as /v1/embeddings does: 1536 numbers per input, or as many as
    /// the request's `dimensions` asks for.
    func embeddingsServer() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request, writer in
            let body = (try? JSONValue.parse(request.bodyString())) ?? .null
            let size = body["dimensions"]?.intValue ?? 1536
            let inputs = body["input"]?.arrayValue ?? []
            let data: [JSONValue] = inputs.indices.map { i in
                ["object": "embedding", "index": .int(i), "embedding": .array((0..<size).map { .number(Double($0 % 7) + 1) })]
            }
            writer.respond(
                status: 200, headers: [("Content-Type", "application/json")],
                body: JSONValue.object(["object": "list", "data": .array(data)]).canonicalBytes)
        }
    }

    @Test func shorterVectorsAreAskedForByDimensions() async throws {
        let server = try embeddingsServer()
        let env = ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL + "/v1"]
        let choice = try EmbedderChoice.choose(embedder: "openai", model: "text-embedding-3-small", dimensions: 256, environment: env)
        #expect(choice.requestedDimensions == 256)
        let embedder = try #require(choice.makeEmbedder(client: client, logger: quietLogger, environment: env))
        let vectors = try await embedder.embed(["a", "b"])
        #expect(vectors.map(\.count) == [256, 256])
        #expect(try JSONValue.parse(server.requests[0].bodyString())["dimensions"]?.intValue == 256)
        // The model's own length is not asked for: other servers may not know the field.
        let native = try EmbedderChoice.choose(embedder: "openai", model: "text-embedding-3-small", dimensions: 1536, environment: env)
        _ = try await native.makeEmbedder(client: client, logger: quietLogger, environment: env)?.embed(["a"])
        #expect(try JSONValue.parse(server.requests[1].bodyString())["dimensions"] == nil)
    }

    @Test func lengthsAModelCannotGiveAreRefused() {
        let env = ["OPENAI_API_KEY": "sk-test"]
        #expect {
            _ = try EmbedderChoice.choose(embedder: "openai", model: "text-embedding-3-small", dimensions: 4096, environment: env)
        } throws: {
            "\($0)".contains("returns 1536 dimensions at most")
        }
        #expect {
            _ = try EmbedderChoice.choose(embedder: "openai", model: "text-embedding-ada-002", dimensions: 512, environment: env)
        } throws: {
            "\($0)".contains("cannot shorten them")
        }
    }
}
