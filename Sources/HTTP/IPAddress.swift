import Glibc

/// An IPv4 or IPv6 address, as a URL host names it or as a socket connects to it.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address in host byte order (127.0.0.1 is 0x7F00_0001).
    case v4(UInt32)
    /// An IPv6 address as its 16 bytes in network order.
    case v6([UInt8])

    /// Parses a host that is an address literal; nil for a name.
    ///
    /// IPv4 is read with the C library's inet_aton, the routine name resolution itself uses
    /// for numeric hosts, so every notation the resolver accepts is recognised here too:
    /// decimal (2130706433), octal (0177.0.0.1), hex (0x7f.1) and short forms (127.1).
    /// IPv6 may come bracketed and with a zone (`[fe80::1%eth0]`); a trailing dot is ignored.
    public init?(host: String) {
        var text = Substring(host)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let percent = text.firstIndex(of: "%") { text = text[..<percent] }
        if text.hasSuffix(".") { text = text.dropLast() }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        let literal = String(text)
        if literal.contains(":") {
            var raw = in6_addr()
            guard inet_pton(AF_INET6, literal, &raw) == 1 else { return nil }
            self = .v6(withUnsafeBytes(of: raw) { Array($0) })
            return
        }
        // inet_aton accepts text after a space; the whitespace check above rules that out.
        var raw = in_addr()
        guard inet_aton(literal, &raw) != 0 else { return nil }
        self = .v4(UInt32(bigEndian: raw.s_addr))
    }

    /// An address from the raw bytes of a socket address: 4 bytes for IPv4, 16 for IPv6.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4: self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16: self = .v6(bytes)
        default: return nil
        }
    }

    /// The IPv4 address an IPv6 address carries inside it (mapped, compatible, NAT64, 6to4), if any.
    ///
    /// Connecting to such an address can reach the embedded IPv4 host, so it is judged by that.
    public var embeddedIPv4: IPAddress? {
        guard case .v6(let b) = self else { return nil }
        func v4(_ at: Int) -> IPAddress { .v4(b[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }) }
        let firstTen = b[0..<10].allSatisfy { $0 == 0 }
        if firstTen && b[10] == 0xFF && b[11] == 0xFF { return v4(12) }  // ::ffff:a.b.c.d, mapped
        // ::a.b.c.d, the deprecated IPv4-compatible form (but not :: or ::1).
        let isUnspecifiedOrLoopback = b[12..<15].allSatisfy { $0 == 0 } && b[15] <= 1
        if firstTen && b[10] == 0 && b[11] == 0 && !isUnspecifiedOrLoopback { return v4(12) }
        if b[0..<12].elementsEqual([0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]) { return v4(12) }  // 64:ff9b::/96, NAT64
        if b[0] == 0x20 && b[1] == 0x02 { return v4(2) }  // 2002::/16, 6to4
        return nil
    }

    /// Canonical text: dotted quad, or RFC 5952 IPv6 without brackets.
    public var description: String {
        switch self {
        case .v4(let n):
            return "\(n >> 24).\(n >> 16 & 0xFF).\(n >> 8 & 0xFF).\(n & 0xFF)"
        case .v6(let bytes):
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The form a URL uses for this address: IPv6 in brackets.
    public var urlHost: String {
        if case .v6 = self { return "[\(description)]" }
        return description
    }
}
