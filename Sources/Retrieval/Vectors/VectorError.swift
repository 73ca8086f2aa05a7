/// A vector that cannot be stored or searched, with what was expected.
public struct VectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that recover differently from each case.
    public enum Kind: Sendable, Equatable {
        /// A vector or query whose length differs from the index's dimensions (usually a
        /// vector made by another embedding model).
        case dimensionMismatch(expected: Int, actual: Int)
        /// A vector holding NaN or an infinity, which has no place in a ranking.
        case nonFinite
        /// A bulk load whose value count is not `ids × dimensions`.
        case rowCountMismatch(ids: Int, values: Int, dimensions: Int)
        /// A stored blob whose byte count is not four bytes per dimension.
        case badBlobLength(bytes: Int, expectedDimensions: Int?)
    }

    /// The case, for matching.
    public var kind: Kind

    /// Creates an error of the given kind.
    public init(_ kind: Kind) { self.kind = kind }

    /// One line: what happened and what was expected.
    public var description: String {
        switch kind {
        case .dimensionMismatch(let expected, let actual):
            "vector has \(actual) dimensions, the index expects \(expected): was it made by another embedding model? Re-embed, or search the index built for that model"
        case .nonFinite:
            "vector contains NaN or an infinity: the embedder returned a broken vector"
        case .rowCountMismatch(let ids, let values, let dimensions):
            "\(values) values for \(ids) ids of \(dimensions) dimensions, expected \(ids * dimensions): the vectors are not one per id"
        case .badBlobLength(let bytes, let expected?):
            "vector blob has \(bytes) bytes, expected \(expected * 4) (\(expected) little-endian Float32 values)"
        case .badBlobLength(let bytes, nil):
            "vector blob has \(bytes) bytes, not a whole number of little-endian Float32 values"
        }
    }
}
