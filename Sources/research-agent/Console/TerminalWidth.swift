import CLibEdit
import Foundation

/// How many terminal columns text takes: a CJK character or an emoji takes two, a
/// combining mark none. Measured with the C library's wcwidth, which needs a UTF-8
/// locale: Swift never calls setlocale, and uselocale changes the calling thread only.
enum TerminalWidth {
    // Made once and never freed; locale_t is a handle the C library shares read-only.
    nonisolated(unsafe) private static let utf8 = newlocale(clibedit_lc_ctype_mask, "C.UTF-8", nil)

    /// The columns `text` takes.
    static func of(_ text: String) -> Int {
        measured { text.unicodeScalars.reduce(0) { $0 + width($1) } }
    }

    /// The longest start of `text` that fits in `columns`.
    static func prefix(_ text: String, columns: Int) -> String {
        measured {
            var used = 0
            var end = text.startIndex
            for index in text.indices {
                let character = text[index]
                let w = character.unicodeScalars.reduce(0) { $0 + width($1) }
                if used + w > columns { break }
                used += w
                end = text.index(after: index)
            }
            return String(text[..<end])
        }
    }

    private static func width(_ scalar: Unicode.Scalar) -> Int {
        // wcwidth is -1 for control characters, which the one-line forms have none of.
        max(0, Int(clibedit_wcwidth(wchar_t(bitPattern: scalar.value))))
    }

    private static func measured<T>(_ body: () -> T) -> T {
        guard let utf8 else { return body() }
        let previous = uselocale(utf8)
        defer { uselocale(previous) }
        return body()
    }
}
