import Foundation

/// Writes small valid PDFs by hand for tests: pages of Helvetica text, or a page showing
/// only an image, each with a correct cross-reference table.
public enum MinimalPDF {
    /// A PDF whose pages show the given lines of ASCII text, top to bottom.
    public static func text(pages: [[String]]) -> Data {
        var objects = ["<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
        var kids: [Int] = []
        for lines in pages {
            let shown = lines.map { "(" + escape($0) + ") Tj T*" }.joined(separator: " ")
            objects.append(stream("BT /F1 12 Tf 16 TL 72 720 Td \(shown) ET"))
            let content = objects.count + 2
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents \(content) 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
            kids.append(objects.count + 2)
        }
        return assemble(objects, kids: kids)
    }

    /// A one-page PDF that paints a small grey image and has no text at all, like a scan.
    public static func imageOnly() -> Data {
        let image =
            "<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\u{0}\u{7F}\u{7F}\u{0}\nendstream"
        let objects = [
            image,
            stream("q 200 0 0 200 100 500 cm /Im1 Do Q"),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Im1 3 0 R >> >> >>",
        ]
        return assemble(objects, kids: [5])
    }

    /// Objects 1 (catalog) and 2 (page tree) followed by `objects` from number 3, then the
    /// cross-reference table with each object's byte offset.
    private static func assemble(_ objects: [String], kids: [Int]) -> Data {
        let all =
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [\(kids.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(kids.count) >>",
            ] + objects
        var pdf = Data("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (index, object) in all.enumerated() {
            offsets.append(pdf.count)
            pdf.append(Data("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8))
        }
        let table = pdf.count
        var xref = "xref\n0 \(all.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { xref += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        xref += "trailer\n<< /Size \(all.count + 1) /Root 1 0 R >>\nstartxref\n\(table)\n%%EOF\n"
        pdf.append(Data(xref.utf8))
        return pdf
    }

    private static func stream(_ content: String) -> String {
        "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(
            of: ")", with: "\\)")
    }
}
