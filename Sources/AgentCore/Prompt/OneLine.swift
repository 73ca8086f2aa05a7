extension String {
    /// The text on one line, its line breaks turned into spaces, cut at `limit` characters
    /// with "…": how a long observation, question or answer is shown in a list.
    public func oneLine(limit: Int) -> String {
        let flat = split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}
