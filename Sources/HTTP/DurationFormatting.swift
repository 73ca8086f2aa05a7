/// Conversions between `Duration` and the integer units libcurl and log lines use.
extension Duration {
    /// Whole milliseconds, rounded up so a tiny positive timeout never becomes 0 (= "no limit" to curl).
    var millisecondsRoundedUp: Int64 {
        let (seconds, attoseconds) = components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        var millis = seconds * 1000 + attoseconds / perMillisecond
        if attoseconds % perMillisecond > 0 { millis += 1 }
        return millis
    }

    /// Seconds as a Double, for arithmetic such as backoff.
    var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Short human form: "250 ms" below a second, otherwise "1.5 s".
    var shortDescription: String {
        if self < .seconds(1) { return "\(millisecondsRoundedUp) ms" }
        let value = (secondsDouble * 1000).rounded() / 1000
        return value == value.rounded() ? "\(Int64(value)) s" : "\(value) s"
    }
}
