/// Search over the user's documents and offline corpora: chunking, the SQLite index with
/// FTS5 BM25, embeddings, vector search and rank fusion.
public enum Retrieval {}
