/// What removing a document or a folder from the index did.
public struct DocumentRemoval: Sendable, Hashable {
    /// A removed document that lies inside a folder still synced: the next sync brings it
    /// back unless an ignore file keeps it out.
    public struct Returning: Sendable, Hashable {
        /// The document.
        public var document: String
        /// The synced folder it is inside.
        public var root: String
    }

    /// The documents removed.
    public var removed: [String] = []
    /// The files and folders no longer synced.
    public var unsynced: [String] = []
    /// Removed documents that a sync would bring back.
    public var returning: [Returning] = []

    /// Whether nothing matched.
    public var isEmpty: Bool { removed.isEmpty && unsynced.isEmpty }
}

extension DocumentIndex {
    /// Removes the document at `uri`, or every document under it when it is a folder, and
    /// stops syncing it and the roots under it. The files are not touched.
    public func remove(documentOrFolder uri: String) throws(IndexError) -> DocumentRemoval {
        var result = DocumentRemoval()
        let forgotten = try removeRoots(under: uri)
        if try remove(uri: uri) { result.removed.append(uri) }
        for document in try documents(under: uri + "/").map(\.uri) where try remove(uri: document) {
            result.removed.append(document)
        }
        result.unsynced = forgotten.filter { !result.removed.contains($0) }
        let roots = try roots()
        for document in result.removed {
            if let root = roots.first(where: { document.hasPrefix($0 + "/") }) {
                result.returning.append(DocumentRemoval.Returning(document: document, root: root))
            }
        }
        return result
    }
}
