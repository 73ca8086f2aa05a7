/// Incremental Server-Sent Events parser following the WHATWG "event stream interpretation".
///
/// Bytes may be split anywhere (inside a UTF-8 sequence, between CR and LF): lines are
/// cut at the byte level and decoded only once complete.
public struct SSEParser: Sendable {
    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Bytes of the current, not yet terminated line.
    private var line: [UInt8] = []
    /// The previous byte was CR, so an immediately following LF belongs to the same line end.
    private var lastWasCarriageReturn = false
    /// A BOM is only stripped from the very first line of the stream.
    private var isFirstLine = true
    private var dataBuffer = ""
    private var hasData = false
    private var eventType = ""
    private var lastEventID = ""
    /// Any field line since the last dispatch, so a cut mid-event can be detected.
    private var hasPendingFields = false

    /// The last valid `retry:` value in milliseconds, if the server sent one.
    public private(set) var reconnectionTime: Int?

    /// Creates a parser at the start of a stream.
    public init() {}

    /// True when the stream so far ends inside an event (fields or a line without the closing blank line).
    public var hasPartialEvent: Bool {
        hasPendingFields || (!line.isEmpty && line.first != UInt8(ascii: ":"))
    }

    /// Feeds more bytes and returns the events they completed, in order.
    public mutating func feed<C: Collection>(_ bytes: C) -> [SSEEvent] where C.Element == UInt8 {
        var events: [SSEEvent] = []
        for byte in bytes {
            switch byte {
            case Self.lineFeed:
                if lastWasCarriageReturn {
                    lastWasCarriageReturn = false  // second half of CRLF; the line already ended
                } else {
                    endLine(into: &events)
                }
            case Self.carriageReturn:
                lastWasCarriageReturn = true
                endLine(into: &events)
            default:
                lastWasCarriageReturn = false
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream. Per spec an event without its terminating blank line is discarded,
    /// so this returns no events; check `hasPartialEvent` first to detect a truncated stream.
    public mutating func finish() -> [SSEEvent] {
        []
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
        var bytes = line[...]
        line.removeAll(keepingCapacity: true)
        if isFirstLine {
            isFirstLine = false
            if bytes.starts(with: Self.byteOrderMark) { bytes = bytes.dropFirst(Self.byteOrderMark.count) }
        }
        if bytes.isEmpty {
            if let event = dispatch() { events.append(event) }
            return
        }
        if bytes.first == UInt8(ascii: ":") { return }  // comment, e.g. ": ping"
        let field: String
        let value: String
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: bytes[..<colon], as: UTF8.self)
            var valueBytes = bytes[(colon + 1)...]
            if valueBytes.first == UInt8(ascii: " ") { valueBytes = valueBytes.dropFirst() }
            value = String(decoding: valueBytes, as: UTF8.self)
        } else {
            field = String(decoding: bytes, as: UTF8.self)
            value = ""
        }
        process(field: field, value: value)
    }

    private mutating func process(field: String, value: String) {
        switch field {
        case "event":
            eventType = value
        case "data":
            if hasData { dataBuffer.append("\n") }
            dataBuffer.append(value)
            hasData = true
        case "id":
            if !value.contains("\0") { lastEventID = value }
        case "retry":
            if !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                reconnectionTime = Int(value)
            }
        default:
            return  // unknown fields are ignored and do not make an event pending
        }
        hasPendingFields = true
    }

    /// Blank line: dispatch when data was collected, then reset the per-event buffers.
    private mutating func dispatch() -> SSEEvent? {
        defer {
            dataBuffer = ""
            hasData = false
            eventType = ""
            hasPendingFields = false
        }
        guard hasData else { return nil }
        return SSEEvent(
            event: eventType.isEmpty ? nil : eventType,
            data: dataBuffer,
            id: lastEventID.isEmpty ? nil : lastEventID
        )
    }
}
