import Retrieval

/// Turns a fetched body into readable text according to its media type.
struct PageReader: Sendable {
    /// The HTML extractor (the seam where the libxml2 readable-text extractor plugs in).
    var pageText: any PageText

    /// The page as text: HTML through `pageText`, text and JSON as they are, PDF through pdftotext.
    /// - Throws: `FetchError` for types that are not text and for PDFs cut at the size cap.
    func read(_ fetched: FetchedBody) async throws -> ReadablePage {
        let media = MediaType(header: fetched.contentType, prefix: fetched.body.prefix(512))
        switch media.kind {
        case .html, .text, .json:
            let convert = { @Sendable [pageText] in
                let decoded = CharsetDecoder.decode(fetched.body, declared: media.charset, html: media.kind == .html)
                guard media.kind == .html else { return Self.page(fetched, media: media, title: nil, text: decoded.text) }
                let extracted = pageText.extract(html: decoded.text, baseURL: fetched.finalURL.text)
                return Self.page(fetched, media: media, title: extracted.title, text: extracted.text)
            }
            // Decoding, extraction and cleaning take time in proportion to the page: a big one
            // goes off the pool; a small one is done before a thread could even start.
            return fetched.body.count > Self.offPoolBytes ? await OffPool.run(convert) : convert()
        case .pdf:
            if let cap = fetched.cutAtBytes {
                throw FetchError(
                    .unreadable,
                    "the PDF at \(fetched.finalURL) is larger than the \(cap)-byte download limit, and a partial PDF cannot be read")
            }
            let text: String
            do { text = try await PDFText().text(of: fetched.body) } catch let problem as DocumentProblem {
                throw FetchError(.unreadable, problem.message)
            }
            return Self.page(fetched, media: media, title: nil, text: text)
        case .unreadable:
            throw FetchError(.unreadable, "\(fetched.finalURL) is \(media.essence), not a page; fetch_url reads HTML, text, JSON and PDF")
        }
    }

    /// Bodies larger than this are converted on a thread of their own.
    static let offPoolBytes = 65_536

    /// The cleaned page with its character count.
    private static func page(_ fetched: FetchedBody, media: MediaType, title: String?, text: String) -> ReadablePage {
        let clean = UntrustedText.clean(text)
        // One line: a title must not be able to pass for the header lines that follow it.
        let cleanTitle = title.map { UntrustedText.clean($0).split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .map { String($0.prefix(300)) }.flatMap { $0.isEmpty ? nil : $0 }
        return ReadablePage(
            finalURL: fetched.finalURL.text, redirects: fetched.redirects.map(\.text), title: cleanTitle, text: clean,
            characterCount: Self.scalarCount(clean), mediaType: media.essence, cutAtBytes: fetched.cutAtBytes,
            cachedAt: fetched.cachedAt)
    }

    /// Unicode scalars in `text`, counted as UTF-8 lead bytes: far faster than walking the scalar view.
    static func scalarCount(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
