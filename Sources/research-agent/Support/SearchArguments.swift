import ArgumentParser

/// The checks `docs search` and `memory search` share.
enum SearchArguments {
    /// Refuses an empty query and a result count outside 1 to 100.
    static func validate(query: String, k: Int) throws {
        if !(1...100).contains(k) { throw ValidationError("-k must be between 1 and 100 (got \(k))") }
        if query.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the query is empty") }
    }
}
