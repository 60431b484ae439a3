/// Pages on other origins may use the API and play the streams: every response says so, the
/// stream's ICY headers are readable from scripts, and preflights (OPTIONS) are answered here.
struct CORS: Middleware {
    static let headers: [(name: String, value: String)] = [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Expose-Headers", "icy-metaint, icy-name, icy-br, icy-sr, icy-pub, Content-Range"),
    ]

    static let preflight = Reply(status: .noContent, headers: [
        ("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
        ("Access-Control-Allow-Headers", "Icy-MetaData, Range, Accept, Content-Type, Authorization"),
        ("Access-Control-Max-Age", "86400"),
    ])

    func respond(to request: HTTPRequest, endpoint: Endpoint?,
                 next: (HTTPRequest) throws(ServiceError) -> Response) throws(ServiceError) -> Response {
        if request.method == .OPTIONS { return Response.reply(Self.preflight).adding(headers: Self.headers) }
        return try next(request).adding(headers: Self.headers)
    }
}
