extension StringProtocol {
    /// The text without leading and trailing ASCII whitespace, as a `String`.
    func trimmingASCIIWhitespace() -> String {
        let bytes = Substring(self).utf8
        guard let first = bytes.firstIndex(where: { !$0.isASCIIWhitespace }),
            let last = bytes.lastIndex(where: { !$0.isASCIIWhitespace })
        else { return "" }
        return String(Substring(bytes[first...last]))
    }
}
