/// Limits checked before any routing: a connection over `--max-connections` is told so (503)
/// and closed; a URL over the length limit gets 414. (Header sizes are the decoder's, bodies
/// NIO's aggregator's.)
struct RequestLimits: Middleware {
    let maxURLBytes: Int
    /// Set for a connection over the server's limit: its request gets this refusal.
    let connectionRefusal: ServiceError?

    func respond(to request: HTTPRequest, endpoint: Endpoint?,
                 next: (HTTPRequest) throws(ServiceError) -> Response) throws(ServiceError) -> Response {
        if let connectionRefusal { throw connectionRefusal }
        let length = request.head.uri.utf8.count
        if length > maxURLBytes { throw .uriTooLong("the URL is \(length) bytes; the limit is \(maxURLBytes)") }
        return try next(request)
    }
}
