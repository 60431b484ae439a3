import NIOHTTP1

/// The start of a stream reply: the session to join and the response headers. No framing
/// headers (the body ends when the connection does), the ICY headers players show, and the
/// metadata interval when the player asked for titles (`Icy-MetaData: 1`).
struct StreamStart {
    let session: Session
    let wantsMetadata: Bool
    var headers: [(name: String, value: String)]

    init(session: Session, request: HTTPRequest, configuration: ServerConfiguration) {
        self.session = session
        wantsMetadata = request.head.headers["Icy-MetaData"].first?.trimmingCharacters(in: .whitespaces) == "1"
        headers = [
            ("Cache-Control", "no-cache, no-store"),
            ("Pragma", "no-cache"),
            ("icy-name", "Synthcast: \(session.presetName)"),
            ("icy-br", String(configuration.bitrate)),
            ("icy-sr", String(configuration.sampleRate)),
            ("icy-pub", "0"),
        ]
        if wantsMetadata { headers.append(("icy-metaint", String(IcyMetadata.interval))) }
    }

    /// The response head the listener gets, echoing the client's HTTP version so HTTP/1.0
    /// and 1.1 players both play it.
    func responseHead(version: HTTPVersion) -> HTTPResponseHead {
        var fields = HTTPHeaders([("Content-Type", "audio/mpeg"), ("Connection", "close")])
        for header in headers { fields.add(name: header.name, value: header.value) }
        return HTTPResponseHead(version: version, status: .ok, headers: fields)
    }

    /// HEAD on a stream: its headers, no audio, and the session is not woken.
    var headersOnly: Reply {
        var reply = Reply(contentType: "audio/mpeg", headers: headers.filter { $0.name != "Cache-Control" })
        reply.omitContentLength = true
        return reply
    }
}
