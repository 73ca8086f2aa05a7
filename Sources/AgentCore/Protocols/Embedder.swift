/// Turns texts into vectors for similarity search (documents, memories).
///
/// Implementations run a model at the edge (a local server, an embeddings API); the core
/// only needs vectors that are L2-normalised, so a dot product is a cosine.
public protocol Embedder: Sendable {
    /// The embedding model's name, recorded with every stored vector.
    var model: String { get }
    /// The length of every vector it returns.
    var dimensions: Int { get }
    /// One L2-normalised vector per text, in order.
    func embed(_ texts: [String]) async throws -> [[Float]]
}
