/// One article of a search corpus: what web_search shows and cites.
public struct CorpusArticle: Sendable, Equatable {
    /// Its title.
    public var title: String
    /// Where it lives on the web, cited as the source.
    public var url: String
    /// Its text.
    public var text: String

    /// An article.
    public init(title: String, url: String, text: String) {
        self.title = title
        self.url = url
        self.text = text
    }
}
