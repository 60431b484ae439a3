import NIOCore

/// What a handler answers: a reply now, a reply once work off the event loop is done, or the
/// start of a stream (the connection becomes a listener).
enum Response {
    case reply(Reply)
    case later(EventLoopFuture<Reply>)
    case stream(StreamStart)

    /// The same response with its reply (or its stream's headers) changed.
    func adding(headers extra: [(name: String, value: String)]) -> Response {
        switch self {
        case .reply(var reply):
            reply.headers += extra
            return .reply(reply)
        case .later(let future):
            return .later(future.map { reply in
                var reply = reply
                reply.headers += extra
                return reply
            })
        case .stream(var start):
            start.headers += extra
            return .stream(start)
        }
    }
}
