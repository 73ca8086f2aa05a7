import Foundation

extension Error {
    /// What a file operation's error says, for a one-line message. Foundation's own
    /// description of a file error on Linux is "The operation could not be completed" with
    /// a code; the system's reason ("Is a directory") is the error it wraps.
    var fileReason: String {
        let error = self as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue)).lowercased()
        }
        return error.localizedDescription
    }
}
