import NIOCore
import NIOHTTP1

/// `/hls/{id}/...`: a session's audio as an HLS live playlist and its segments and parts.
/// Any id of the session plays (a listen-only link is shareable); every request counts its
/// viewer as present, waking a quiet session as a `/stream` listener would.
extension RouteHandlers {
    /// `GET /hls/{id}/live.m3u8[?_HLS_msn=N[&_HLS_part=M]]`: the playlist, once it has what
    /// was asked for (a blocking reload), or else three target durations of segments, the
    /// newest fresh.
    func hlsPlaylist(_ request: HTTPRequest) throws(ServiceError) -> Response {
        try playlist(request, format: .packedAudio)
    }

    /// `GET /hls/{id}/live-ts.m3u8[?_HLS_msn=N]`: the same segments as transport streams.
    func hlsTransportStreamPlaylist(_ request: HTTPRequest) throws(ServiceError) -> Response {
        try playlist(request, format: .transportStream)
    }

    private func playlist(_ request: HTTPRequest, format: HLSPlaylist.Format) throws(ServiceError) -> Response {
        let asked = try HLSRequest.wanted(try request.query())
        let session = try hlsSession(request)
        let window = session.hlsWindow
        if case .playlist(let msn, _) = asked, msn > (window.newest?.sequence ?? 0) + 2 {
            throw .badRequest("_HLS_msn=\(msn) is more than two segments past the newest (\(window.newest?.sequence ?? 0)); a player asks for the next one")
        }
        let layout = window.layout
        let blocking = if case .playlist = asked { true } else { false }
        let wanted = asked == .anySegment ? window.freshPlaylist : asked
        @Sendable func reply(_ window: HLSWindow) -> Reply {
            service.statistics.hlsPlaylists.add(1)
            var reply = Reply(contentType: HLSPlaylist.contentType, body: Array(HLSPlaylist.text(of: window, format: format).utf8))
            // A blocking reload names what it waited for: its answer may be kept longer.
            reply.cacheControl = "public, max-age=\(blocking ? 6 * layout.targetDuration : max(1, layout.targetDuration / 2))"
            return reply
        }
        if request.method == .HEAD || window.isSatisfied(wanted) { return .reply(reply(window)) }
        // A session just woken makes its first segments in real time.
        let waitSegments = if case .listed(let count) = wanted { count + 2 } else { 3 }
        let timeout = TimeAmount.nanoseconds(Int64(Double(waitSegments * layout.targetDuration) * 1e9))
        return .later(session.whenHLSHas(wanted, on: request.eventLoop, timeout: timeout)
            .map { reply(session.hlsWindow) }
            .recover { Self.hlsWaitFailed($0, what: "the playlist", json: request.wantsJSON) })
    }

    /// `GET /hls/{id}/SEQ.mp3` (a segment) and `SEQ.PART.mp3` (a part); the part the playlist
    /// hints at next is answered once it is made.
    func hlsSegment(_ request: HTTPRequest) throws(ServiceError) -> Response {
        guard let file = HLSRequest.File(request.pathParameters.last ?? "") else {
            throw .notFound("no such HLS file '\(request.pathParameters.last?.prefix(40) ?? "")'; the playlists are live.m3u8 and live-ts.m3u8")
        }
        let session = try hlsSession(request)
        let window = session.hlsWindow
        if let (body, etag) = Self.stored(file, in: window) { return .reply(segmentReply(body, etag: etag, file: file, request: request)) }
        let layout = window.layout
        if case .part(let sequence, let index) = file, Self.isHinted(sequence, index, in: window) {
            let timeout = TimeAmount.nanoseconds(Int64(3 * Double(layout.targetDuration) * 1e9))
            return .later(session.whenHLSHas(.part(sequence: sequence, index: index), on: request.eventLoop, timeout: timeout)
                .map { [self] in
                    guard let (body, etag) = Self.stored(file, in: session.hlsWindow) else {
                        return .error(.notFound("HLS part \(file.name) is gone"), json: request.wantsJSON)
                    }
                    return segmentReply(body, etag: etag, file: file, request: request)
                }
                .recover { Self.hlsWaitFailed($0, what: "part \(file.name)", json: request.wantsJSON) })
        }
        guard let kept = window.sequences, file.sequence >= kept.lowerBound else {
            throw .notFound("HLS \(file.kind) \(file.name) has left the live window; reload live.m3u8")
        }
        throw .notFound("HLS \(file.kind) \(file.name) is not made yet; the playlist lists what is")
    }

    /// The session an HLS request names; its viewer counts as present, and a quiet session
    /// wakes (if admission control allows it).
    private func hlsSession(_ request: HTTPRequest) throws(ServiceError) -> Session {
        let (session, _) = try service.registry.find(request.pathParameter)
        if !session.isPlaying { try service.admit("waking this quiet session") }
        guard let woke = session.noteHLSViewer() else { throw .notFound("session \(session.token.short)… has ended") }
        if woke { service.scheduler.wake(session) }
        return session
    }

    private static func stored(_ file: HLSRequest.File, in window: HLSWindow) -> (body: [ByteBuffer], etag: String)? {
        switch file {
        case .segment(let sequence):
            guard let segment = window.segment(sequence), let etag = segment.etag else { return nil }
            return (segment.body, etag)
        case .part(let sequence, let index):
            return window.part(sequence, index)
        case .transportStream(let sequence):
            return window.segment(sequence)?.transportStream.map { ([$0.bytes], $0.etag) }
        }
    }

    /// The part a low-latency player is told to ask for before it exists: the next one.
    private static func isHinted(_ sequence: Int, _ index: Int, in window: HLSWindow) -> Bool {
        guard let newest = window.newest else { return sequence == 0 && index == 0 }
        return newest.isComplete ? (sequence == newest.sequence + 1 && index == 0)
                                 : (sequence == newest.sequence && index == newest.completeParts)
    }

    /// Stored audio: immutable, so caches may keep it; whole or a byte range.
    private func segmentReply(_ body: [ByteBuffer], etag: String, file: HLSRequest.File, request: HTTPRequest) -> Reply {
        switch file {
        case .segment, .transportStream: service.statistics.hlsSegments.add(1)
        case .part: service.statistics.hlsParts.add(1)
        }
        let layout = service.configuration.hlsLayout
        var reply = Reply.stored(body, contentType: file.contentType, etag: etag, request: request)
        // Kept while the segment is retained, and past it: its bytes never change.
        reply.cacheControl = "public, max-age=\(layout.retainedSegments * layout.targetDuration * 10), immutable"
        return reply
    }

    private static func hlsWaitFailed(_ error: Error, what: String, json: Bool) -> Reply {
        switch error {
        case is HLSSessionEnded: .error(.notFound("the session has ended"), json: json)
        case is HLSWaitTimedOut: .error(.unavailable("\(what) was not ready in time; the session may be at its render capacity"), json: json)
        default: .error(.internalError("\(error)"), json: json)
        }
    }
}
