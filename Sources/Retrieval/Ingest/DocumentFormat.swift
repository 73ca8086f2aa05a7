/// What kind of file a document is, which decides how it is read and chunked.
public enum DocumentFormat: Sendable, Equatable {
    /// Markdown: sections by heading.
    case markdown
    /// Plain text: paragraphs.
    case text
    /// HTML: readable text through libxml2's parser.
    case html
    /// PDF: text through pdftotext, page by page.
    case pdf
    /// Source code: top-level declarations.
    case code(SourceLanguage)

    /// The format a file's extension names, or nil when it names none this reader knows
    /// (such a file is indexed as text if its bytes are text).
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        switch ext {
        case "md", "markdown", "mdx", "mkd": self = .markdown
        case "txt", "text", "rst", "adoc", "org", "csv", "tsv", "json", "yaml", "yml", "toml", "ini", "cfg", "conf", "log", "tex":
            self = .text
        case "html", "htm", "xhtml": self = .html
        case "pdf": self = .pdf
        default:
            guard let language = SourceLanguage(fileExtension: ext) else { return nil }
            self = .code(language)
        }
    }

    /// Extensions of files that are never text: skipped by name, without reading them.
    static let binaryExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "webp", "bmp", "ico", "tiff", "mp3", "mp4", "wav", "flac", "ogg", "mov", "avi",
        "mkv", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "jar", "war", "class", "o", "a", "so",
        "dylib", "dll", "exe", "bin", "dat", "db", "sqlite", "sqlite3", "wasm", "pyc", "woff", "woff2", "ttf", "otf",
        "eot", "gguf", "safetensors", "pt", "onnx", "npy", "npz", "parquet", "iso", "dmg", "deb", "rpm", "whl",
        "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
    ]

    /// Whether `path`'s extension marks a binary file.
    static func isBinaryByName(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return binaryExtensions.contains(path[path.index(after: dot)...].lowercased())
    }
}
