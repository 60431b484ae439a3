import NIOCore

/// The web page: the start page at `/` for browsers, a session's page at `/play/{id}`, and
/// their scripts and styles at `/web/{file}`, all from `WebAssets`.
extension RouteHandlers {
    /// Same origin only, no inline script: a page that holds a control token runs nothing
    /// but its own files and talks to nothing but its own server.
    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; connect-src 'self'; "
             + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
    ]

    /// `GET /`: the start page for a browser (it asks for HTML), the usage text for curl.
    func usage(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let browser = request.head.headers["Accept"].contains { $0.contains("text/html") }
        guard browser, web["index.html"] != nil else { return .reply(.text(Self.usage)) }
        return .reply(try webFile("index.html", request: request))
    }

    /// `GET /play/{id}`: a session's page; what it shows depends on the id, which the page's
    /// script reads from its own URL.
    func playPage(_ request: HTTPRequest) throws(ServiceError) -> Response {
        .reply(try webFile("play.html", request: request))
    }

    /// `GET /web/{file}`.
    func webAsset(_ request: HTTPRequest) throws(ServiceError) -> Response {
        .reply(try webFile(request.pathParameter, request: request))
    }

    private func webFile(_ name: String, request: HTTPRequest) throws(ServiceError) -> Reply {
        guard web["play.html"] != nil else {
            throw .unavailable("the web page's files are not at \(web.folder.path); set SYNTHCAST_WEB to the web folder of a checkout")
        }
        guard let asset = web[name] else { throw .notFound("no file '\(name.prefix(80))' in the web page") }
        var reply = Reply.stored([asset.body], contentType: asset.contentType, etag: asset.etag, request: request,
                                 headers: Self.securityHeaders)
        // Checked again each time (a 304 while unchanged), so a new version shows at once.
        reply.cacheControl = "no-cache"
        return reply
    }
}
