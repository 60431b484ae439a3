import NIOCore

extension Reply {
    /// Bytes that do not change under their tag, answered as a static file is: 304 to a
    /// matching `If-None-Match`, 206 with exactly the asked bytes to a `Range`, 416 past the end.
    static func stored(_ body: [ByteBuffer], contentType: String, etag: String, request: HTTPRequest,
                       headers: [(name: String, value: String)] = []) -> Reply {
        var reply = Reply(contentType: contentType, headers: [("ETag", etag), ("Accept-Ranges", "bytes")] + headers)
        if EntityTag.matches(etag, ifNoneMatch: request.head.headers) {
            reply.status = .notModified
            reply.omitContentLength = true
            return reply
        }
        reply.buffers = body
        let total = reply.contentLength
        switch ByteRange(request.head.headers["Range"].first, length: total) {
        case nil:
            break
        case .unsatisfiable?:
            reply.status = .rangeNotSatisfiable
            reply.buffers = []
            reply.headers.append(("Content-Range", "bytes */\(total)"))
        case .bytes(let range)?:
            reply.status = .partialContent
            reply.buffers = ByteRange.slice(body, range)
            reply.headers.append(("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(total)"))
        }
        return reply
    }
}
