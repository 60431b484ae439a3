import Encoder
import Foundation
import Testing
@testable import Server

extension ServerTests {
/// HLS (`/hls/{id}/...`): live playlists over the same MP3 frames `/stream` carries, read by
/// ffmpeg and by the test itself, the playlist rules of RFC 8216 over many reloads, caching
/// headers, ranges, blocking reloads, and refusals of bad requests.
@Suite struct HLSTests {
    /// Short segments so windows fill and slide within a test.
    static func server(segment: Double = 0.5) throws -> TestServer {
        try TestServer { $0.hlsSegmentSeconds = segment }
    }

    /// ffmpeg reads the transport-stream playlist: its HLS demuxer re-times packed audio at
    /// each segment's ID3 tag a packet late, and then complains of timestamps going backwards.
    @Test func ffmpegReadsTheLivePlaylistAndTheToneIsWholeAcrossSegments() throws {
        let server = try Self.server(segment: 1)
        let listen = try HLSPlaylist.listenID(server, preset: "test-tone")
        let url = "http://127.0.0.1:\(server.port)/hls/\(listen)/live-ts.m3u8"
        // ffmpeg plays a live playlist as it grows; 12 s of it takes about that long.
        let result = try runCommand("ffmpeg", ["-nostdin", "-v", "error", "-i", url, "-t", "12", "-ac", "1", "-f", "f32le", "-"])
        let samples = result.data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(Decoder.complaints(result).isEmpty, "\(Decoder.complaints(result))")
        #expect(samples.count > 11 * 44100, "ffmpeg decoded \(samples.count) samples")
        let middle = Array(samples.dropFirst(44100).prefix(8 * 44100))
        let frequency = estimatedFrequency(middle, sampleRate: 44100)
        #expect(abs(frequency - 1000) / 1000 < 0.005, "\(frequency) Hz")
        // A gap or a repeat at a segment boundary shows as a jump in the tone's phase.
        let jumps = Self.phaseJumps(samples.dropFirst(4410), frequency: frequency)
        #expect(jumps.isEmpty, "phase jumps at samples \(jumps)")
    }

    @Test func segmentsCarryExactlyTheFramesOfStreamBackToBack() throws {
        let server = try Self.server()
        let token = try server.createStream("preset=test-tone")
        let listener = try server.stream(token)
        let client = HLSClient(port: server.port, id: token)
        listener.read(for: 4)
        let playlist = try client.playlist()
        let sequences = playlist.segments.map(\.sequence)
        #expect(sequences.count >= 3, "\(playlist.text)")
        // Three consecutive segments, tags stripped, are one run of the stream's bytes.
        var joined: [UInt8] = []
        for sequence in sequences.suffix(3) {
            let segment = try client.get("\(sequence).mp3")
            #expect(segment.status == 200 && segment.header("Content-Type") == "audio/mpeg")
            let (tag, frames) = try Self.splitTag(segment.body)
            #expect(Self.timestamp(in: tag) != nil, "segment \(sequence) has no transportStreamTimestamp")
            joined += frames
        }
        listener.read(for: 1)
        #expect(!joined.isEmpty && Self.contains(listener.bytes, joined), "the segments' frames are not a run of the stream")
    }

    @Test func theTransportStreamPlaylistListsTheSameSegments() throws {
        let server = try Self.server()
        let client = HLSClient(port: server.port, id: try HLSPlaylist.listenID(server, preset: "default"))
        let packed = try client.playlist()
        let transport = try client.playlist(name: "live-ts.m3u8")
        #expect(transport.segments.map(\.sequence).prefix(packed.segments.count) == packed.segments.map(\.sequence)[...],
                "\(packed.text)\n\(transport.text)")
        #expect(!transport.text.contains("#EXT-X-PART") && transport.text.contains(".ts\n"), "\(transport.text)")
        let sequence = try #require(transport.segments.first?.sequence)
        let segment = try client.get("\(sequence).ts")
        #expect(segment.status == 200 && segment.header("Content-Type") == "video/mp2t")
        // Whole 188-byte packets, each starting with the sync byte.
        #expect(segment.body.count % 188 == 0 && stride(from: 0, to: segment.body.count, by: 188).allSatisfy { segment.body[$0] == 0x47 })
        let probe = try runCommand("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,sample_rate", "-of", "csv=p=0",
                                               "http://127.0.0.1:\(server.port)\(client.path("\(sequence).ts"))"])
        // (ffprobe lists the stream once alone and once in its program.)
        #expect(Set(probe.output.split(separator: "\n")) == ["mp3,44100"] && probe.error.isEmpty,
                "\(probe.output) \(probe.error)")
    }

    @Test func playlistsKeepTheRulesOverManyReloads() throws {
        let server = try Self.server()
        let client = HLSClient(port: server.port, id: try HLSPlaylist.listenID(server, preset: "default"))
        var lastSequence = -1
        var firstSeen: (sequence: Int, url: String)?
        let deadline = Date().addingTimeInterval(9)
        var reloads = 0
        var checkedGone = false
        while Date() < deadline {
            let playlist = try client.playlist()
            reloads += 1
            let text = playlist.text
            #expect(playlist.contentType == "application/vnd.apple.mpegurl")
            for tag in ["#EXTM3U", "#EXT-X-TARGETDURATION:", "#EXT-X-MEDIA-SEQUENCE:", "#EXT-X-PROGRAM-DATE-TIME:",
                        "#EXT-X-PART-INF:PART-TARGET=", "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES", "#EXT-X-PRELOAD-HINT:"] {
                #expect(text.contains(tag), "\(tag) missing:\n\(text)")
            }
            #expect(playlist.segments.allSatisfy { Int($0.duration.rounded()) <= playlist.targetDuration }, "\(text)")
            #expect(playlist.parts.allSatisfy { $0.duration <= playlist.partTarget + 1e-9 }, "\(text)")
            #expect(playlist.mediaSequence >= lastSequence, "EXT-X-MEDIA-SEQUENCE went back")
            lastSequence = playlist.mediaSequence
            if playlist.mediaSequence > 0 {
                // Once segments leave, what stays lasts at least three target durations.
                let listed = playlist.segments.reduce(0) { $0 + $1.duration }
                #expect(listed >= 3 * Double(playlist.targetDuration), "\(listed) s listed:\n\(text)")
            }
            if firstSeen == nil, let first = playlist.segments.first { firstSeen = (first.sequence, "\(first.sequence).mp3") }
            // The first segment seen, once it has left the playlist, is still served.
            if let first = firstSeen, !checkedGone, playlist.mediaSequence > first.sequence {
                checkedGone = true
                #expect(try client.get(first.url).status == 200, "a segment that left the playlist is gone at once")
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        #expect(reloads > 10)
        #expect(checkedGone, "the window never moved")
    }

    @Test func segmentsAreCacheableWithValidatorsRangesAndHEAD() throws {
        let server = try Self.server()
        let client = HLSClient(port: server.port, id: try HLSPlaylist.listenID(server, preset: "default"))
        let sequence = try #require(try client.playlist().segments.first?.sequence)
        let whole = try client.get("\(sequence).mp3")
        #expect(whole.status == 200)
        #expect(whole.header("Cache-Control")?.contains("immutable") == true && whole.header("Cache-Control")?.contains("public") == true,
                "\(whole.headers)")
        #expect(whole.header("Access-Control-Allow-Origin") == "*")
        let etag = try #require(whole.header("ETag"))
        #expect(try client.get("\(sequence).mp3").header("ETag") == etag, "the same bytes, the same ETag")
        #expect(try client.get("\(sequence).mp3", headers: ["If-None-Match": etag]).status == 304)

        let range = try client.get("\(sequence).mp3", headers: ["Range": "bytes=10-109"])
        #expect(range.status == 206 && range.body == Array(whole.body[10...109]), "\(range.statusLine)")
        #expect(range.header("Content-Range") == "bytes 10-109/\(whole.body.count)")
        let suffix = try client.get("\(sequence).mp3", headers: ["Range": "bytes=-50"])
        #expect(suffix.status == 206 && suffix.body == Array(whole.body.suffix(50)))
        let past = try client.get("\(sequence).mp3", headers: ["Range": "bytes=\(whole.body.count)-"])
        #expect(past.status == 416 && past.header("Content-Range") == "bytes */\(whole.body.count)")

        let head = try httpRequest(port: server.port, "HEAD", client.path("\(sequence).mp3"))
        #expect(head.status == 200 && head.body.isEmpty && head.header("Content-Length") == String(whole.body.count))
        let playlist = try client.playlist()
        #expect(playlist.cacheControl == "public, max-age=1", "\(playlist.cacheControl ?? "none")")
    }

    @Test func aBlockingReloadAndTheHintedPartWaitForTheAudio() throws {
        let server = try Self.server()
        let client = HLSClient(port: server.port, id: try HLSPlaylist.listenID(server, preset: "default"))
        let playlist = try client.playlist()
        let hint = try #require(playlist.preloadHint)
        let numbers = hint.dropLast(4).split(separator: ".").compactMap { Int($0) }
        let (sequence, part) = (numbers[0], numbers[1])
        // The hinted part does not exist yet: asked for, it comes when it is made.
        let started = Date()
        let hinted = try client.get(hint)
        #expect(hinted.status == 200 && !hinted.body.isEmpty, "\(hinted.statusLine) \(hinted.text.prefix(200))")
        #expect(Date().timeIntervalSince(started) < 2, "waited \(Date().timeIntervalSince(started)) s for a part")
        // A reload blocked on the part after it returns a playlist that lists that one.
        let next = try client.playlist(query: "_HLS_msn=\(sequence)&_HLS_part=\(part + 1)")
        #expect(next.text.contains("URI=\"\(sequence).\(part + 1).mp3\"") || next.segments.contains { $0.sequence == sequence },
                "\(next.text)")
        #expect(next.cacheControl?.contains("max-age=6") == true, "\(next.cacheControl ?? "none")")
    }

    @Test func badRequestsGetClearRefusals() throws {
        let server = try Self.server()
        let listen = try HLSPlaylist.listenID(server, preset: "default")
        let client = HLSClient(port: server.port, id: listen)
        _ = try client.playlist()
        func expect(_ target: String, _ status: Int, _ words: String) throws {
            let response = try server.get(target)
            #expect(response.status == status && response.text.contains(words), "\(target): \(response.statusLine) \(response.text)")
        }
        try expect("/hls/nosuchsession/live.m3u8", 404, "unknown session id")
        try expect("/hls/\(listen)/nonsense.ts", 404, "no such HLS file")
        try expect("/hls/\(listen)/1.2.3.mp3", 404, "no such HLS file")
        try expect("/hls/\(listen)/999999.mp3", 404, "not made yet")
        try expect("/hls/\(listen)/live.m3u8?_HLS_msn=abc", 400, "_HLS_msn takes a whole number")
        try expect("/hls/\(listen)/live.m3u8?_HLS_msn=-1", 400, "_HLS_msn takes a whole number")
        try expect("/hls/\(listen)/live.m3u8?_HLS_part=1", 400, "_HLS_part goes with _HLS_msn")
        try expect("/hls/\(listen)/live.m3u8?_HLS_msn=99999", 400, "more than two segments past")
        // Once the window has moved on (a viewer keeps watching), its first segment is gone
        // with a message.
        let watching = Date().addingTimeInterval(9)
        while Date() < watching {
            _ = try client.playlist()
            Thread.sleep(forTimeInterval: 0.5)
        }
        try expect("/hls/\(listen)/0.mp3", 404, "has left the live window")
        let json = try server.get("/hls/\(listen)/0.mp3", headers: ["Accept": "application/json"])
        #expect(json.status == 404 && json.text.contains("\"error\""), "\(json.text)")
    }

    @Test func viewersKeepASessionPlayingUntilTheyStopFetching() throws {
        let server = try Self.server()
        let token = try server.createStream("preset=default")
        let session = try server.session(token)
        #expect(!session.isPlaying)
        let client = HLSClient(port: server.port, id: token)
        _ = try client.playlist()
        #expect(session.isPlaying)
        // Presence lasts three target durations (1 s here) after the last fetch.
        Thread.sleep(forTimeInterval: 2)
        #expect(session.isPlaying)
        Thread.sleep(forTimeInterval: 2.5)
        #expect(!session.isPlaying, "the session still renders with nobody fetching")
        // The next viewer wakes it: its first segment starts a discontinuity after the old ones,
        // and the first playlist waits for three segments after it, so that a player starting
        // three from the end starts in what the session plays now.
        let woken = try client.playlist()
        #expect(session.isPlaying)
        let gap = try #require(woken.text.range(of: "#EXT-X-DISCONTINUITY\n"), "nothing after the gap:\n\(woken.text)")
        try #require(woken.segments.count >= 3)
        let thirdLast = try #require(woken.text.range(of: "\n\(woken.segments[woken.segments.count - 3].sequence).mp3\n"))
        #expect(gap.lowerBound < thirdLast.lowerBound, "a player would start before the gap:\n\(woken.text)")
    }

    @Test func admissionControlCountsHLSViewers() throws {
        // Room for one playing session (as in ControlTests): an HLS viewer takes it.
        let server = try TestServer { $0.hlsSegmentSeconds = 0.5; $0.renderThreads = 1; $0.maxRenderLoad = 0.08; $0.assumedSessionLoad = 0.05 }
        let watched = try server.createStream()
        let quiet = try server.createStream()
        // A HEAD is answered at once (a GET would wait for three segments, long enough for the
        // session's measured load to replace the assumed one).
        #expect(try httpRequest(port: server.port, "HEAD", "/hls/\(watched)/live.m3u8").status == 200)
        let refused = try server.get("/hls/\(quiet)/live.m3u8")
        #expect(refused.status == 503 && refused.header("Retry-After") != nil && refused.text.contains("waking this quiet session"),
                "\(refused.statusLine) \(refused.text)")
        let listener = try server.get("/stream?id=\(quiet)")
        #expect(listener.status == 503, "a /stream listener woke a session past the budget an HLS viewer holds")
    }

    @Test func segmentsCarryTheStreamTitle() throws {
        let server = try Self.server()
        let token = try server.createStream("preset=test-tone")
        let client = HLSClient(port: server.port, id: token)
        let first = try #require(try client.playlist().segments.first)
        let tag = try Self.splitTag(try client.get("\(first.sequence).mp3").body).tag
        #expect(Self.title(in: tag) == "Synthcast: test-tone")
        _ = try server.get("/set_param?id=\(token)&test_frequency=500")
        Thread.sleep(forTimeInterval: 1.5)
        let last = try #require(try client.playlist().segments.last)
        let changed = try Self.splitTag(try client.get("\(last.sequence).mp3").body).tag
        #expect(Self.title(in: changed) == "Synthcast: test-tone · test_frequency=500", "\(Self.title(in: changed) ?? "none")")
    }

    // MARK: Helpers

    /// The ID3 tag at the start of a segment and the MP3 frames after it.
    static func splitTag(_ bytes: [UInt8]) throws -> (tag: [UInt8], frames: [UInt8]) {
        guard bytes.count > 10, bytes[0...2] == [0x49, 0x44, 0x33] else { throw TestClientError("no ID3 tag at the start") }
        let size = bytes[6...9].reduce(0) { $0 << 7 | Int($1) }
        return (Array(bytes[..<(10 + size)]), Array(bytes[(10 + size)...]))
    }

    /// The 33-bit timestamp of the PRIV frame, if there is one.
    static func timestamp(in tag: [UInt8]) -> UInt64? {
        let owner = Array("com.apple.streaming.transportStreamTimestamp".utf8) + [0]
        guard let start = tag.indices.first(where: { tag[$0...].starts(with: owner) }), start + owner.count + 8 <= tag.count else { return nil }
        return tag[(start + owner.count)..<(start + owner.count + 8)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The TIT2 frame's text.
    static func title(in tag: [UInt8]) -> String? {
        guard let start = tag.indices.first(where: { tag[$0...].starts(with: Array("TIT2".utf8)) }) else { return nil }
        let size = tag[(start + 4)...(start + 7)].reduce(0) { $0 << 7 | Int($1) }
        return String(decoding: tag[(start + 11)..<(start + 10 + size)], as: UTF8.self)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Where a steady tone's phase jumps (in 441-sample windows): a gap or a repeat.
    static func phaseJumps(_ samples: ArraySlice<Float>, frequency: Double) -> [Int] {
        let signal = Array(samples), window = 441
        var jumps: [Int] = []
        var previous: Double?
        for start in stride(from: 0, to: signal.count - window, by: window) {
            var re = 0.0, im = 0.0
            for k in 0..<window {
                let angle = 2 * Double.pi * frequency * Double(start + k) / 44100
                re += Double(signal[start + k]) * cos(angle)
                im -= Double(signal[start + k]) * sin(angle)
            }
            let phase = atan2(im, re)
            if let previous {
                var step = phase - previous
                step = step - 2 * .pi * (step / (2 * .pi)).rounded()
                if abs(step) > 0.05 { jumps.append(start) }
            }
            previous = phase
        }
        return jumps
    }
}
}

/// A test's HLS client: playlists parsed into what the rules are about, files fetched by name.
struct HLSClient {
    let port: Int
    let id: String

    func path(_ file: String) -> String { "/hls/\(id)/\(file)" }

    func get(_ file: String, headers: [String: String] = [:]) throws -> HTTPTestResponse {
        try httpGet(port: port, path(file), headers: headers)
    }

    func playlist(name: String = "live.m3u8", query: String = "") throws -> HLSPlaylistView {
        let response = try httpGet(port: port, path(name) + (query.isEmpty ? "" : "?" + query))
        guard response.status == 200 else { throw TestClientError("playlist: \(response.statusLine) \(response.text)") }
        return HLSPlaylistView(response)
    }
}

/// A playlist as text and the numbers the tests check.
struct HLSPlaylistView {
    struct Entry { let sequence: Int; let duration: Double }
    struct Part { let uri: String; let duration: Double }

    let text: String
    let contentType: String?
    let cacheControl: String?
    private(set) var segments: [Entry] = []
    private(set) var parts: [Part] = []
    private(set) var partHoldBack: Double?
    private(set) var targetDuration = 0
    private(set) var partTarget = 0.0
    private(set) var mediaSequence = 0
    private(set) var preloadHint: String?

    init(_ response: HTTPTestResponse) {
        text = response.text
        contentType = response.header("Content-Type")
        cacheControl = response.header("Cache-Control")
        var duration: Double?
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("#EXT-X-TARGETDURATION:") { targetDuration = Int(line.dropFirst(22)) ?? 0 }
            if line.hasPrefix("#EXT-X-MEDIA-SEQUENCE:") { mediaSequence = Int(line.dropFirst(22)) ?? -1 }
            if line.hasPrefix("#EXT-X-PART-INF:PART-TARGET=") { partTarget = Double(line.dropFirst(28)) ?? 0 }
            if line.hasPrefix("#EXT-X-PART:") {
                let attributes = Self.attributes(line.dropFirst(12))
                parts.append(Part(uri: attributes["URI"] ?? "", duration: attributes["DURATION"].flatMap(Double.init) ?? 99))
            }
            if line.hasPrefix("#EXT-X-SERVER-CONTROL:") { partHoldBack = Self.attributes(line.dropFirst(22))["PART-HOLD-BACK"].flatMap(Double.init) }
            if line.hasPrefix("#EXT-X-PRELOAD-HINT:") { preloadHint = line.split(separator: "\"").dropFirst().first.map(String.init) }
            if line.hasPrefix("#EXTINF:") { duration = Double(line.dropFirst(8).prefix { $0 != "," }) }
            if !line.hasPrefix("#"), let seconds = duration, let sequence = Int(line.prefix { $0 != "." }) {
                segments.append(Entry(sequence: sequence, duration: seconds))
                duration = nil
            }
        }
    }

    /// A tag's `NAME=value` attributes, quotes taken off (none of ours has a comma in a value).
    private static func attributes(_ list: Substring) -> [String: String] {
        Dictionary(list.split(separator: ",").compactMap { pair in
            let halves = pair.split(separator: "=", maxSplits: 1)
            guard halves.count == 2 else { return nil }
            return (String(halves[0]), halves[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }, uniquingKeysWith: { first, _ in first })
    }
}

extension HLSPlaylist {
    /// A new session's listen-only id, from the JSON that carries its HLS URL.
    static func listenID(_ server: TestServer, preset: String) throws -> String {
        let created = try server.get("/create_stream?preset=\(preset)", headers: ["Accept": "application/json"])
        let url = try #require(created.text.split(separator: "\"").first { $0.hasSuffix("/live.m3u8") })
        #expect(url.hasPrefix("http://127.0.0.1") && url.contains("/hls/"), "\(url)")
        return String(url.split(separator: "/").dropLast().last ?? "")
    }

}
