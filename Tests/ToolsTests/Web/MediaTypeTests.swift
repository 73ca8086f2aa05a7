import Testing
@testable import Tools

@Suite struct MediaTypeTests {
    @Test func headersDecide() {
        let html = MediaType(header: "Text/HTML; Charset=\"ISO-8859-1\"", prefix: [UInt8]())
        #expect(html.kind == .html)
        #expect(html.essence == "text/html")
        #expect(html.charset == "ISO-8859-1")
        #expect(MediaType(header: "application/vnd.api+json", prefix: [UInt8]()).kind == .json)
        #expect(MediaType(header: "application/atom+xml", prefix: [UInt8]()).kind == .text)
        #expect(MediaType(header: "text/markdown", prefix: [UInt8]()).kind == .text)
        #expect(MediaType(header: "application/pdf", prefix: [UInt8]()).kind == .pdf)
        #expect(MediaType(header: "image/webp", prefix: [UInt8]()).kind == .unreadable)
    }

    @Test func missingOrVagueTypesAreSniffed() {
        #expect(MediaType(header: nil, prefix: Array("%PDF-1.7".utf8)).kind == .pdf)
        #expect(MediaType(header: "application/octet-stream", prefix: Array("  \n<!DOCTYPE html><html>".utf8)).kind == .html)
        #expect(MediaType(header: nil, prefix: Array("{\"a\":1}".utf8)).kind == .json)
        #expect(MediaType(header: nil, prefix: Array("just words".utf8)).kind == .text)
        let binary = MediaType(header: nil, prefix: [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01])
        #expect(binary.kind == .unreadable)
        #expect(binary.essence == "unknown")
    }
}
