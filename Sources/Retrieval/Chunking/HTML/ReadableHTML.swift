import CLibXML2

/// A web page reduced to what a reader sees: its title, its text blocks under their
/// headings, and its links as numbered references. Scripts, styles, navigation, page
/// headers and footers, asides and form controls are dropped. The page-fetch tool and
/// `HTMLChunker` both read pages through this type.
public struct ReadableHTML: Sendable, Equatable {
    /// The page's `<title>`, else its first `<h1>`.
    public var title: String?
    /// The text blocks in document order.
    public var blocks: [Block]
    /// The links' targets: reference "[link n]" in a block's text points to `links[n - 1]`.
    public var links: [String]

    /// A readable page made of parts already in hand.
    public init(title: String?, blocks: [Block], links: [String]) {
        self.title = title
        self.blocks = blocks
        self.links = links
    }

    /// Parses `html` with libxml2's forgiving HTML parser. Relative link targets are resolved
    /// against `baseURL` when it is given.
    public static func parse(_ html: String, baseURL: String? = nil) -> ReadableHTML {
        let empty = ReadableHTML(title: nil, blocks: [], links: [])
        guard !html.isEmpty else { return empty }
        _ = libxml2Ready
        // The caller has already decoded the page, so a <meta charset> in it is stale.
        let options = [HTML_PARSE_NOERROR, HTML_PARSE_NOWARNING, HTML_PARSE_NONET, HTML_PARSE_RECOVER, HTML_PARSE_IGNORE_ENC]
            .reduce(Int32(0)) { $0 | Int32(bitPattern: $1.rawValue) }
        var html = html
        let parsed = html.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                htmlReadMemory(characters.baseAddress, Int32(clamping: characters.count), nil, "UTF-8", options)
            }
        }
        guard let document = parsed else { return empty }
        defer { xmlFreeDoc(document) }
        let walker = HTMLTreeWalker(linkResolver: LinkResolver(baseURL: baseURL))
        if let root = xmlDocGetRootElement(document) { walker.visit(root) }
        walker.finish()
        return ReadableHTML(title: walker.title ?? walker.firstTopHeading, blocks: walker.blocks, links: walker.links)
    }

    /// libxml2 must be initialised once before threads parse concurrently; a static `let`
    /// runs the initialiser exactly once.
    private static let libxml2Ready: Void = xmlInitParser()

    /// The page as plain text: headings marked with "#", list items and table rows one per
    /// line, other blocks separated by blank lines.
    public var text: String {
        var text = ""
        var previous: Block.Kind?
        for block in blocks {
            if let previous {
                let tight = (previous == block.kind && (block.kind == .listItem || block.kind == .tableRow))
                text += tight ? "\n" : "\n\n"
            }
            if case .heading(let level) = block.kind { text += String(repeating: "#", count: level) + " " }
            text += block.text
            previous = block.kind
        }
        return text
    }
}
