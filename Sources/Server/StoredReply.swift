import NIOCore

extension Reply {
    /// Bytes that do not change under their tag, answered as a static file is: 304 to a
    /// matching `If-None-Match`, 206 with exactly the asked bytes to a `Range`, 416 past the end.
    static func stored(_ body: [ByteBuffer], contentType: String, etag: String, request: HTTPRequest,
                       headers: [(name: String, value: String)] = []) -> Reply {
        stored(length: body.reduce(0) { $0 + $1.readableBytes }, contentType: contentType, etag: etag, request: request, headers: headers) { reply, range in
            reply.buffers = range.map { ByteRange.slice(body, $0) } ?? body
        }
    }

    /// A file, as `stored` answers buffers.
    static func stored(_ file: FileBody, contentType: String, etag: String, request: HTTPRequest,
                       headers: [(name: String, value: String)] = []) -> Reply {
        stored(length: file.length, contentType: contentType, etag: etag, request: request, headers: headers) { reply, range in
            reply.file = range.map { file.slice($0) } ?? file
        }
    }

    /// `fill` puts the whole body (range nil) or a range of it in the reply.
    private static func stored(length: Int, contentType: String, etag: String, request: HTTPRequest, headers: [(name: String, value: String)],
                               fill: (inout Reply, Range<Int>?) -> Void) -> Reply {
        var reply = Reply(contentType: contentType, headers: [("ETag", etag), ("Accept-Ranges", "bytes")] + headers)
        if EntityTag.matches(etag, ifNoneMatch: request.head.headers) {
            reply.status = .notModified
            reply.omitContentLength = true
            return reply
        }
        switch ByteRange(request.head.headers["Range"].first, length: length) {
        case nil:
            fill(&reply, nil)
        case .unsatisfiable?:
            reply.status = .rangeNotSatisfiable
            reply.headers.append(("Content-Range", "bytes */\(length)"))
        case .bytes(let range)?:
            reply.status = .partialContent
            fill(&reply, range)
            reply.headers.append(("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(length)"))
        }
        return reply
    }
}
