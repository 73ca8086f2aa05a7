import Foundation

/// Parses a Retry-After value: delta-seconds ("120") or an HTTP-date; a date in the past gives zero.
///
/// Returns nil for anything unparseable so callers fall back to their own backoff.
public func parseRetryAfter(_ value: String, now: Date) -> Duration? {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return nil }
    if trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let seconds = Double(trimmed) {
        // Integers per RFC 9110; fractions are tolerated because some servers send them.
        guard seconds.isFinite, seconds >= 0 else { return nil }
        return .milliseconds(Int64(min(seconds, 1e9) * 1000))
    }
    guard let date = parseHTTPDate(trimmed) else { return nil }
    let delta = date.timeIntervalSince(now)
    return delta <= 0 ? .zero : .milliseconds(Int64((delta * 1000).rounded()))
}

/// IMF-fixdate plus the two obsolete forms RFC 9110 says recipients must accept.
private func parseHTTPDate(_ text: String) -> Date? {
    let formats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz",  // Sun, 06 Nov 1994 08:49:37 GMT
        "EEEE, dd-MMM-yy HH:mm:ss zzz",  // Sunday, 06-Nov-94 08:49:37 GMT
        "EEE MMM d HH:mm:ss yyyy",  // Sun Nov  6 08:49:37 1994
    ]
    // DateFormatter is not Sendable: a fresh one per call keeps this free of shared state.
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    for format in formats {
        formatter.dateFormat = format
        if let date = formatter.date(from: collapsed) { return date }
    }
    return nil
}
