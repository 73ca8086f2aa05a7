import HTTP
import Testing

@Suite("SSEParser")
struct SSEParserTests {
    private func parse(_ text: String) -> [SSEEvent] {
        var parser = SSEParser()
        return parser.feed(Array(text.utf8)) + parser.finish()
    }

    private func parseByteByByte(_ bytes: [UInt8]) -> [SSEEvent] {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for byte in bytes { events += parser.feed(CollectionOfOne(byte)) }
        return events + parser.finish()
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ end: String) {
        let text = "event: greet\(end)data: a\(end)data: b\(end)\(end)data: c\(end)\(end)"
        #expect(parse(text) == [SSEEvent(event: "greet", data: "a\nb"), SSEEvent(data: "c")])
    }

    @Test func commentsAreIgnored() {
        #expect(parse(": ping\n\n:another\ndata: x\n\n") == [SSEEvent(data: "x")])
    }

    @Test func optionalSpaceAfterColon() {
        #expect(parse("data:x\n\ndata: y\n\ndata:  z\n\n") == [SSEEvent(data: "x"), SSEEvent(data: "y"), SSEEvent(data: " z")])
    }

    @Test func emptyDataLinesAndFieldWithoutColon() {
        #expect(parse("data\n\ndata\ndata\n\n") == [SSEEvent(data: ""), SSEEvent(data: "\n")])
    }

    @Test func blankLineWithoutDataDispatchesNothing() {
        #expect(parse("\n\nevent: lonely\n\nid: 1\n\n").isEmpty)
    }

    @Test func idPersistsAndNulIdIsIgnored() {
        let events = parse("id: 7\ndata: a\n\ndata: b\n\nid: x\u{0}y\ndata: c\n\nid\ndata: d\n\n")
        #expect(events.map(\.id) == ["7", "7", "7", nil])
    }

    @Test func retryField() {
        var parser = SSEParser()
        _ = parser.feed(Array("retry: 1500\n\nretry: soon\n\n".utf8))
        #expect(parser.reconnectionTime == 1500)
    }

    @Test func byteOrderMarkOnlyAtStreamStart() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let bytes = bom + Array("data: a\n\n".utf8) + bom + Array("data: b\n\n".utf8)
        // The second BOM makes the field name "\u{FEFF}data", which is unknown and ignored.
        #expect(parseByteByByte(bytes) == [SSEEvent(data: "a")])
        var parser = SSEParser()
        var events = parser.feed(bom.prefix(2))
        events += parser.feed(bom.suffix(1) + Array("data: split bom\n\n".utf8))
        #expect(events == [SSEEvent(data: "split bom")])
    }

    @Test func carriageReturnAndLineFeedSplitAcrossFeeds() {
        var parser = SSEParser()
        var events = parser.feed(Array("data: a\r".utf8))
        events += parser.feed(Array("\ndata: b\r".utf8))
        events += parser.feed(Array("\n\r".utf8))
        events += parser.feed(Array("\n".utf8))
        #expect(events == [SSEEvent(data: "a\nb")])
    }

    @Test func multiByteCharacterSplitAcrossFeeds() {
        let bytes = Array("data: h\u{E9}llo \u{1F389}\n\n".utf8)
        let emojiStart = bytes.firstIndex(of: 0xF0) ?? 0
        var parser = SSEParser()
        let events = parser.feed(bytes[..<(emojiStart + 2)]) + parser.feed(bytes[(emojiStart + 2)...])
        #expect(events == [SSEEvent(data: "h\u{E9}llo \u{1F389}")])
    }

    @Test func byteByByteEqualsAllAtOnce() {
        let text =
            "\u{FEFF}: hi\r\nevent: delta\r\nid: 42\r\ndata: {\"t\":\"\u{1F600} \u{4E2D}\"}\r\n\r\n"
            + "data:line1\rdata:line2\r\r" + "event: done\ndata: [DONE]\n\n" + "data: unterminated"
        let bytes = Array(text.utf8)
        var parser = SSEParser()
        let allAtOnce = parser.feed(bytes) + parser.finish()
        #expect(parser.hasPartialEvent)
        #expect(allAtOnce.count == 3)
        #expect(allAtOnce.first == SSEEvent(event: "delta", data: "{\"t\":\"\u{1F600} \u{4E2D}\"}", id: "42"))
        #expect(allAtOnce.last == SSEEvent(event: "done", data: "[DONE]", id: "42"))
        #expect(parseByteByByte(bytes) == allAtOnce)
        for split in stride(from: 1, to: bytes.count, by: 7) {
            var splitParser = SSEParser()
            let events = splitParser.feed(bytes[..<split]) + splitParser.feed(bytes[split...]) + splitParser.finish()
            #expect(events == allAtOnce, "split at \(split)")
        }
    }

    @Test func finishDiscardsTrailingEventButReportsIt() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: complete\n\ndata: cut".utf8)) == [SSEEvent(data: "complete")])
        #expect(parser.finish().isEmpty)
        #expect(parser.hasPartialEvent)

        var clean = SSEParser()
        _ = clean.feed(Array("data: complete\n\n: trailing comment\n".utf8))
        #expect(clean.finish().isEmpty)
        #expect(!clean.hasPartialEvent)

        var fieldsOnly = SSEParser()
        _ = fieldsOnly.feed(Array("data: a\n".utf8))
        #expect(fieldsOnly.hasPartialEvent)
    }
}
