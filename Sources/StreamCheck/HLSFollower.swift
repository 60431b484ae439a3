import NIOCore

/// Follows an HLS live playlist as a player does: starts three segments from the end,
/// fetches each new segment in order and reloads the playlist (a blocking reload where the
/// server offers it, else every half target duration). Segments must be packed-audio MP3,
/// each with an ID3 tag in front; transport streams and AAC are refused.
struct HLSFollower {
    private var playlistURL: StreamURL
    private var playlist: MediaPlaylist
    private let options: CheckOptions
    private let requested: ContinuousClock.Instant
    private let analysis: StreamAnalysis
    private var segmentsMissed = 0
    private var contentType: String?

    init(playlist response: StreamingResponse, options: CheckOptions, requested: ContinuousClock.Instant) async throws(CheckError) {
        playlistURL = response.url
        playlist = try MediaPlaylist(String(decoding: try await response.collect(), as: UTF8.self))
        if let variant = playlist.variant {
            playlistURL = try playlistURL.resolving(variant)
            playlist = try await Self.load(playlistURL, timeout: CheckOptions.firstByteTimeout)
        }
        self.options = options
        self.requested = requested
        analysis = try StreamAnalysis(options: options, requested: requested)
    }

    mutating func run() async throws(CheckError) -> CheckReport {
        var next = playlist.startSequence ?? playlist.nextSequence
        var deadline: ContinuousClock.Instant?
        var stopped = false
        following: while true {
            if let first = playlist.segments.first?.sequence, next < first {
                segmentsMissed += first - next
                next = first
            }
            for segment in playlist.segments where segment.sequence >= next {
                if let deadline, ContinuousClock.now >= deadline { stopped = true; break following }
                try await fetch(segment)
                next = segment.sequence + 1
                if deadline == nil, let firstByte = analysis.firstByte {
                    deadline = firstByte + .nanoseconds(Int64(options.seconds * 1e9))
                }
            }
            if playlist.ended { break }
            if let deadline, ContinuousClock.now >= deadline { stopped = true; break }
            let left = deadline.map { StreamChecker.seconds(since: $0) * -1 }
                ?? CheckOptions.firstByteTimeout - StreamChecker.seconds(since: requested)
            guard left > 0 else { throw CheckError("no audio segment from \(playlistURL.authority) within \(Int(CheckOptions.firstByteTimeout)) s of asking") }
            do {
                playlist = try await reload(next: next, waitingAtMost: left)
            } catch {
                if let deadline, ContinuousClock.now >= deadline - .milliseconds(50) { stopped = true; break }
                throw error
            }
        }
        let end = deadline.map { min(ContinuousClock.now, $0) } ?? ContinuousClock.now
        return analysis.report(url: playlistURL.description, kind: .hls, contentType: contentType, end: end, stopped: stopped,
                               quantum: playlist.targetDuration, gapThreshold: 1.5 * playlist.targetDuration,
                               segmentsMissed: segmentsMissed)
    }

    /// The playlist again: with a blocking reload, once segment `next` is in it.
    private func reload(next: Int, waitingAtMost left: Double) async throws(CheckError) -> MediaPlaylist {
        if playlist.canBlockReload {
            return try await Self.load(playlistURL.adding(query: "_HLS_msn", String(next)), timeout: min(left, 3 * playlist.targetDuration + 1))
        }
        let pause = min(left, playlist.targetDuration / 2)
        try? await Task.sleep(for: .nanoseconds(Int64(pause * 1e9)))
        return try await Self.load(playlistURL, timeout: min(max(left - pause, 0.1), 3 * playlist.targetDuration + 1))
    }

    private static func load(_ url: StreamURL, timeout: Double) async throws(CheckError) -> MediaPlaylist {
        let response = try await StreamingResponse.open(url, timeout: timeout)
        guard response.status == 200 else { throw await StreamChecker.refusal(response) }
        return try MediaPlaylist(String(decoding: try await response.collect(), as: UTF8.self))
    }

    /// One segment, fed to the decoder whole when it has all arrived: that is when a
    /// player could play it.
    private mutating func fetch(_ segment: MediaPlaylist.Segment) async throws(CheckError) {
        let url = try playlistURL.resolving(segment.uri)
        let path = url.url.path.lowercased()
        if path.hasSuffix(".ts") { throw Self.transportStream(url) }
        if path.hasSuffix(".aac") || path.hasSuffix(".m4s") || path.hasSuffix(".mp4") {
            throw CheckError("the playlist's segments are \(path.split(separator: ".").last ?? "") files; check reads MP3 (packed-audio) HLS only")
        }
        let response = try await StreamingResponse.open(url, timeout: 3 * playlist.targetDuration + 1)
        guard response.status == 200 else { throw await StreamChecker.refusal(response) }
        if response.contentType.contains("mp2t") { response.close(); throw Self.transportStream(url) }
        try StreamChecker.requireMP3(contentType: response.contentType, from: response)
        contentType = response.contentType
        let bytes = try await response.collect(limit: 16 << 20, within: 3 * playlist.targetDuration + 1)
        let arrival = ContinuousClock.now
        if bytes.first == 0x47, bytes.count >= 189, bytes[188] == 0x47 { throw Self.transportStream(url) }
        if let tag = Self.id3TagLength(bytes) { analysis.expectTag(bytes: tag) }
        analysis.receive(ByteBuffer(bytes: bytes), at: arrival)
    }

    private static func transportStream(_ url: StreamURL) -> CheckError {
        CheckError("\(url) is an MPEG transport-stream segment, which check does not read; check an MP3 (packed-audio) playlist instead, such as Synthcast's /hls/ID/live.m3u8")
    }

    /// The length of an ID3v2 tag at the start (header, syncsafe size, optional footer).
    static func id3TagLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 10, bytes[0] == 0x49, bytes[1] == 0x44, bytes[2] == 0x33 else { return nil }
        let size = bytes[6..<10].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
        return 10 + size + (bytes[5] & 0x10 != 0 ? 10 : 0)
    }
}
