import Foundation

/// Turns an `href` into the link target worth citing. Lives apart from the libxml2 code
/// because Foundation's and libxml2's ICU headers clash when one file imports both.
struct LinkResolver: Sendable {
    /// The page's own address, for relative links.
    let baseURL: URL?

    /// A resolver for links on the page at `baseURL` (nil when the address is unknown).
    init(baseURL: String?) {
        self.baseURL = baseURL.flatMap { URL(string: $0) }
    }

    /// The target of `href`, absolute when the page's address is known; nil for in-page
    /// anchors, scripts and inline data.
    func resolve(_ href: String) -> String? {
        let trimmed = href.trimmingASCIIWhitespace()
        let lowered = trimmed.lowercased()
        if trimmed.isEmpty || trimmed.hasPrefix("#") || lowered.hasPrefix("javascript:") || lowered.hasPrefix("data:") {
            return nil
        }
        guard let baseURL, let resolved = URL(string: trimmed, relativeTo: baseURL) else { return trimmed }
        return resolved.absoluteString
    }
}
