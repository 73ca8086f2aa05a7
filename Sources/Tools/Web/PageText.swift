/// Turns an HTML page into readable text: the seam where the libxml2 extractor plugs in.
///
/// `fetch_url` hands over the page already decoded to Unicode (from the HTTP charset, a
/// byte-order mark or the page's `<meta charset>`), so an implementation must not decode it
/// again from its `<meta charset>`; with libxml2 that means parsing the UTF-8 bytes with
/// encoding "UTF-8" and HTML_PARSE_IGNORE_ENC. `baseURL` is the page's final URL after
/// redirects, for resolving relative links. The title and text come back as data: the
/// caller marks them untrusted.
public protocol PageText: Sendable {
    /// The page's title, when it has one, and its readable text.
    func extract(html: String, baseURL: String) -> (title: String?, text: String)
}
