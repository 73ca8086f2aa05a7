/// Reason phrases for the status lines the fakes send.
enum HTTPStatus {
    /// The reason phrase for a status code; unknown codes get a generic phrase.
    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        // 529 is Anthropic's non-standard "overloaded" status.
        case 529: "Overloaded"
        default: status >= 500 ? "Server Error" : (status >= 400 ? "Client Error" : "Status")
        }
    }
}
