import Retrieval

/// The `PageText` `fetch_url` uses: libxml2's HTML parser through `ReadableHTML` (title,
/// headings, paragraphs, lists and tables as text, boilerplate dropped), with the page's
/// links listed after the text so that each "[link n]" in it can be followed.
public struct ReadablePageText: PageText {
    /// The extractor.
    public init() {}

    /// The page's title and readable text, links resolved against `baseURL`.
    public func extract(html: String, baseURL: String) -> (title: String?, text: String) {
        let page = ReadableHTML.parse(html, baseURL: baseURL.isEmpty ? nil : baseURL)
        var text = page.text
        if !page.links.isEmpty {
            text += "\n\nLinks:"
            for (index, link) in page.links.enumerated() { text += "\n[link \(index + 1)] \(link)" }
        }
        return (page.title, text)
    }
}
