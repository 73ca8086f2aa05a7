import CLibXML2

/// Walks a libxml2 HTML tree once, turning headings into a heading path and block elements
/// into `ReadableHTML.Block`s, and numbering links as it meets them.
final class HTMLTreeWalker {
    private(set) var blocks: [ReadableHTML.Block] = []
    private(set) var links: [String] = []
    /// The `<title>` text, if the page has one.
    private(set) var title: String?
    /// The first `<h1>` text, the title's stand-in.
    private(set) var firstTopHeading: String?

    private let linkResolver: LinkResolver
    private var linkNumbers: [String: Int] = [:]
    private var headings: [(level: Int, text: String)] = []
    private var inline = InlineText()
    /// Above zero while one block's text is gathered (a heading, a table cell, a <pre>):
    /// block elements inside only add a space.
    private var gathering = 0
    private var inHeading = false
    /// "- " (indented for nested lists) waiting for the list item's first text.
    private var listPrefix: String?
    private var listDepth = 0
    private var quoteDepth = 0
    /// Inside <article> or <main>, where <header> and <footer> belong to the content.
    private var contentDepth = 0
    private var depth = 0

    /// A walker resolving links with `linkResolver`.
    init(linkResolver: LinkResolver) {
        self.linkResolver = linkResolver
    }

    /// Elements whose content is never readable text.
    private static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "nav", "aside", "input", "button", "select", "option",
        "optgroup", "textarea", "datalist", "label", "iframe", "object", "embed", "canvas", "audio", "video", "map", "dialog",
    ]

    /// Elements that start and end a block of text.
    private static let blockElements: Set<String> = [
        "html", "body", "p", "div", "section", "article", "main", "header", "footer", "blockquote", "dl", "dt", "dd",
        "figure", "figcaption", "caption", "address", "details", "summary", "table", "thead", "tbody", "tfoot", "ul",
        "ol", "form", "fieldset", "legend", "hr", "center", "td", "th",
    ]

    /// ARIA roles of page chrome rather than content.
    private static let chromeRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "search"]

    /// Visits a node and its subtree.
    func visit(_ node: xmlNodePtr) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content {
                let parentLine = node.pointee.parent.map { xmlGetLineNo($0) } ?? 1
                let bytes = UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
                inline.append(bytes, reportedLine: xmlGetLineNo(node), parentLine: parentLine)
            }
        case XML_ELEMENT_NODE:
            // libxml2 already caps nesting at 256; the guard keeps the recursion bounded regardless.
            guard depth < 256 else { return }
            depth += 1
            element(node)
            depth -= 1
        default:
            break
        }
    }

    /// Emits whatever text is still pending.
    func finish() {
        flush()
    }

    private func visitChildren(_ node: xmlNodePtr) {
        var child = node.pointee.children
        while let current = child {
            visit(current)
            child = current.pointee.next
        }
    }

    private func element(_ node: xmlNodePtr) {
        guard let rawName = node.pointee.name else { return }
        let name = String(cString: rawName)
        if Self.dropped.contains(name) || isHidden(node) { return }
        if (name == "header" || name == "footer") && contentDepth == 0 { return }
        switch name {
        case "head":
            findTitle(in: node)
        case "br":
            inline.lineBreak()
        case "a":
            link(node)
        case _ where gathering > 0:
            if Self.blockElements.contains(name) || name == "li" || name == "tr" { inline.blockBoundary() }
            visitChildren(node)
            if Self.blockElements.contains(name) || name == "li" || name == "tr" { inline.blockBoundary() }
        case "h1", "h2", "h3", "h4", "h5", "h6":
            heading(node, level: Int(name.dropFirst()) ?? 1)
        case "pre":
            flush()
            if let text = gather(node, preservingWhitespace: true) { emit(.preformatted, text) }
        case "tr":
            tableRow(node)
        case "li":
            flush()
            listPrefix = String(repeating: "  ", count: max(0, listDepth - 1)) + "- "
            visitChildren(node)
            flush()
            listPrefix = nil
        case "ul", "ol":
            listDepth += 1
            block(node)
            listDepth -= 1
        case "blockquote":
            quoteDepth += 1
            block(node)
            quoteDepth -= 1
        case "article", "main":
            contentDepth += 1
            block(node)
            contentDepth -= 1
        case _ where Self.blockElements.contains(name):
            block(node)
        default:
            visitChildren(node)
        }
    }

    private func block(_ node: xmlNodePtr) {
        flush()
        visitChildren(node)
        flush()
    }

    /// Emits the pending inline text as a paragraph, quote or list item.
    private func flush() {
        guard let text = inline.take() else { return }
        if let prefix = listPrefix {
            listPrefix = nil
            emit(.listItem, (prefix + text.text, text.firstLine, text.lastLine))
        } else {
            emit(quoteDepth > 0 ? .quote : .paragraph, text)
        }
    }

    private func emit(_ kind: ReadableHTML.Block.Kind, _ text: (text: String, firstLine: Int, lastLine: Int)) {
        blocks.append(
            ReadableHTML.Block(
                kind: kind, text: text.text, line: text.firstLine, endLine: max(text.firstLine, text.lastLine),
                headingPath: headings.map(\.text)))
    }

    /// The text of `node`'s subtree gathered as one block.
    private func gather(_ node: xmlNodePtr, preservingWhitespace: Bool = false) -> (text: String, firstLine: Int, lastLine: Int)? {
        let saved = inline
        inline = InlineText(preservesWhitespace: preservingWhitespace)
        gathering += 1
        visitChildren(node)
        gathering -= 1
        let text = inline.take()
        inline = saved
        return text
    }

    private func heading(_ node: xmlNodePtr, level: Int) {
        flush()
        inHeading = true
        let gathered = gather(node)
        inHeading = false
        guard let text = gathered else { return }
        while let last = headings.last, last.level >= level { headings.removeLast() }
        headings.append((level, text.text))
        if level == 1 && firstTopHeading == nil { firstTopHeading = text.text }
        emit(.heading(level: level), text)
    }

    private func tableRow(_ node: xmlNodePtr) {
        flush()
        var cells: [String] = []
        var firstLine = Int.max
        var lastLine = 0
        var child = node.pointee.children
        while let cell = child {
            child = cell.pointee.next
            guard cell.pointee.type == XML_ELEMENT_NODE, let rawName = cell.pointee.name else { continue }
            let name = String(cString: rawName)
            guard name == "td" || name == "th", !isHidden(cell) else { continue }
            let text = gather(cell)
            cells.append(text?.text ?? "")
            if let text {
                firstLine = min(firstLine, text.firstLine)
                lastLine = max(lastLine, text.lastLine)
            }
        }
        guard lastLine > 0 else { return }
        emit(.tableRow, (cells.joined(separator: " | "), firstLine, lastLine))
    }

    private func link(_ node: xmlNodePtr) {
        let before = inline.visibleCount
        visitChildren(node)
        guard !inHeading, inline.visibleCount > before, let href = attribute("href", of: node), let target = linkResolver.resolve(href)
        else { return }
        let number: Int
        if let known = linkNumbers[target] {
            number = known
        } else {
            links.append(target)
            number = links.count
            linkNumbers[target] = number
        }
        inline.appendReference(number)
    }

    private func findTitle(in head: xmlNodePtr) {
        var child = head.pointee.children
        while let current = child {
            child = current.pointee.next
            guard title == nil, current.pointee.type == XML_ELEMENT_NODE, let rawName = current.pointee.name,
                String(cString: rawName) == "title"
            else { continue }
            title = gather(current)?.text
        }
    }

    /// Whether the element is hidden or marked as page chrome.
    private func isHidden(_ node: xmlNodePtr) -> Bool {
        if attribute("hidden", of: node) != nil || attribute("aria-hidden", of: node) == "true" { return true }
        if let role = attribute("role", of: node), Self.chromeRoles.contains(role) { return true }
        if let style = attribute("style", of: node)?.lowercased().filter({ !$0.isWhitespace }), style.contains("display:none") {
            return true
        }
        return false
    }

    /// An attribute's value, read from the tree without copying through libxml2's allocator.
    private func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        var property = node.pointee.properties
        while let current = property {
            property = current.pointee.next
            guard let rawName = current.pointee.name, String(cString: rawName) == name else { continue }
            guard let value = current.pointee.children?.pointee.content else { return "" }
            return String(cString: value)
        }
        return nil
    }
}
