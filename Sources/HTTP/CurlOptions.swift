import CCurl

/// Translates an `HTTPRequest` into libcurl easy-handle options.
enum CurlOptions {
    /// Applies every option; returns the header list, which the caller frees after the transfer.
    static func apply(
        _ request: HTTPRequest,
        userAgent: String,
        to easy: UnsafeMutableRawPointer,
        errorBuffer: UnsafeMutablePointer<CChar>,
        context: UnsafeMutableRawPointer
    ) throws(HTTPError) -> UnsafeMutablePointer<curl_slist>? {
        let setter = Setter(easy: easy, request: request)
        try setter.string(CURLOPT_URL, request.url)
        try setter.pointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        // Signals are process-wide and unsafe with threads; curl must not install handlers.
        try setter.long(CURLOPT_NOSIGNAL, 1)
        try setter.string(CURLOPT_PROTOCOLS_STR, "http,https")
        try setter.string(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try setter.string(CURLOPT_USERAGENT, userAgent)
        // Empty string: advertise every encoding curl can decode, and decode it for us.
        try setter.string(CURLOPT_ACCEPT_ENCODING, "")
        try setter.long(CURLOPT_CONNECTTIMEOUT_MS, Int(clamping: max(1, request.connectTimeout.millisecondsRoundedUp)))
        // Stall and total timeouts are enforced by CurlTransfer's loop with millisecond precision.
        try setter.long(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        if request.followRedirects > 0 {
            try setter.long(CURLOPT_FOLLOWLOCATION, 1)
            try setter.long(CURLOPT_MAXREDIRS, request.followRedirects)
        }
        if let limit = request.maxResponseBytes {
            // Lets curl refuse early when Content-Length already exceeds the limit;
            // the write callback enforces it for chunked and decoded bodies.
            try setter.off(CURLOPT_MAXFILESIZE_LARGE, Int64(limit))
        }
        if request.addressPolicy != nil {
            // A proxy would be the peer the policy sees, and it would reach the target unchecked.
            try setter.string(CURLOPT_PROXY, "")
            try setter.check(
                ccurl_easy_setopt_opensocket_callback(easy, CURLOPT_OPENSOCKETFUNCTION) { context, _, address in
                    guard let context, let address else { return ccurl_socket_bad }
                    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().openSocket(address)
                }, "OPENSOCKETFUNCTION")
            try setter.pointer(CURLOPT_OPENSOCKETDATA, context)
        }
        try applyMethodAndBody(request, setter)
        let headerList = try makeHeaderList(request)
        do {
            try setter.check(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList), "HTTPHEADER")
            try installCallbacks(setter, context: context)
        } catch {
            curl_slist_free_all(headerList)
            throw error
        }
        return headerList
    }

    /// GET/HEAD/POST map to curl's own modes; anything else is a custom method.
    private static func applyMethodAndBody(_ request: HTTPRequest, _ setter: Setter) throws(HTTPError) {
        let method = request.method
        if method == "HEAD" {
            try setter.long(CURLOPT_NOBODY, 1)
            return
        }
        if method == "POST" || !request.body.isEmpty {
            // Size first: COPYPOSTFIELDS copies exactly POSTFIELDSIZE bytes, so binary bodies survive.
            try setter.off(CURLOPT_POSTFIELDSIZE_LARGE, Int64(request.body.count))
            if request.body.isEmpty {
                try setter.string(CURLOPT_COPYPOSTFIELDS, "")
            } else {
                let code = request.body.withUnsafeBytes { raw in
                    ccurl_easy_setopt_pointer(setter.easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                }
                try setter.check(code, "COPYPOSTFIELDS")
            }
        }
        if method != "GET" && method != "POST" {
            try setter.string(CURLOPT_CUSTOMREQUEST, method)
        } else if method == "GET" && !request.body.isEmpty {
            try setter.string(CURLOPT_CUSTOMREQUEST, "GET")
        }
    }

    /// Builds the curl header list, rejecting CR/LF/NUL so callers cannot inject headers.
    private static func makeHeaderList(_ request: HTTPRequest) throws(HTTPError) -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = []
        for header in request.headers {
            let bad =
                header.name.isEmpty || (header.name + header.value).contains { $0 == "\r" || $0 == "\n" || $0 == "\0" || $0 == "\r\n" }
            if bad || header.name.contains(":") {
                throw HTTPError.make(
                    .badURL, method: request.method, url: request.url,
                    detail: "invalid request header name or value for \"\(header.name.prefix(40))\"")
            }
            // "Name;" is curl's syntax for a header with an empty value ("Name:" would remove it).
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        // curl 7.88 waits up to 1 s for "100 Continue" on larger bodies; skip that unless asked.
        if !request.headers.contains(where: { $0.name.lowercased() == "expect" }) {
            lines.append("Expect:")
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let extended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw HTTPError.make(.transfer, method: request.method, url: request.url, detail: "out of memory building headers")
            }
            list = extended
        }
        return list
    }

    /// Callbacks capture nothing; `context` is an unretained CurlTransfer kept alive by its thread.
    private static func installCallbacks(_ setter: Setter, context: UnsafeMutableRawPointer) throws(HTTPError) {
        let easy = setter.easy
        try setter.check(
            ccurl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                guard let context else { return 0 }
                return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().receiveBody(data, size * count)
            }, "WRITEFUNCTION")
        try setter.pointer(CURLOPT_WRITEDATA, context)
        try setter.check(
            ccurl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                guard let context else { return 0 }
                return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().receiveHeader(data, size * count)
            }, "HEADERFUNCTION")
        try setter.pointer(CURLOPT_HEADERDATA, context)
        // Called once the connection (including TLS) is up: that is where the stall clock starts.
        try setter.check(
            ccurl_easy_setopt_prereq_callback(easy, CURLOPT_PREREQFUNCTION) { context, _, _, _, _ in
                guard let context else { return 0 }
                Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().connectionEstablished()
                return 0  // CURL_PREREQFUNC_OK
            }, "PREREQFUNCTION")
        try setter.pointer(CURLOPT_PREREQDATA, context)
    }

    /// Typed setopt helpers that turn a failing option into an HTTPError naming it.
    struct Setter {
        let easy: UnsafeMutableRawPointer
        let request: HTTPRequest

        func long(_ option: CURLoption, _ value: Int) throws(HTTPError) {
            try check(ccurl_easy_setopt_long(easy, option, value), "option \(option.rawValue)")
        }

        func off(_ option: CURLoption, _ value: Int64) throws(HTTPError) {
            try check(ccurl_easy_setopt_off(easy, option, curl_off_t(value)), "option \(option.rawValue)")
        }

        func string(_ option: CURLoption, _ value: String) throws(HTTPError) {
            let code = value.withCString { ccurl_easy_setopt_string(easy, option, $0) }
            try check(code, "option \(option.rawValue)")
        }

        func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer) throws(HTTPError) {
            try check(ccurl_easy_setopt_pointer(easy, option, value), "option \(option.rawValue)")
        }

        func check(_ code: CURLcode, _ what: String) throws(HTTPError) {
            guard code != CURLE_OK else { return }
            let reason = String(cString: curl_easy_strerror(code))
            throw HTTPError.make(
                .transfer, method: request.method, url: request.url,
                detail: "could not set curl \(what): \(reason)", curlCode: Int(code.rawValue))
        }
    }
}
