extension UInt8 {
    /// Space, tab, line feed, carriage return, vertical tab or form feed.
    var isASCIIWhitespace: Bool {
        self == 0x20 || (self >= 0x09 && self <= 0x0D)
    }
}
