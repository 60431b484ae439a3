import NIOCore

/// `synthcast check`: connects to a URL as a player would (asking for ICY titles), follows
/// it as an MP3 stream or an HLS playlist for the seconds asked, and judges what came.
public enum StreamChecker {
    /// The report, whose `failure` says why the stream is not healthy; errors that stop the
    /// check (no connection, not MP3) are reports with only a failure.
    public static func check(_ url: String, options: CheckOptions) async -> CheckReport {
        let requested = ContinuousClock.now
        do throws(CheckError) {
            let target = try StreamURL(url)
            let response = try await StreamingResponse.open(target, headers: [("Icy-MetaData", "1")], timeout: CheckOptions.firstByteTimeout)
            guard response.status == 200 else { throw await refusal(response) }
            if MediaPlaylist.isPlaylist(path: response.url.url.path, contentType: response.contentType) {
                var follower = try await HLSFollower(playlist: response, options: options, requested: requested)
                return try await follower.run()
            }
            try requireMP3(contentType: response.contentType, from: response)
            return try await listen(to: response, options: options, requested: requested)
        } catch {
            return CheckReport(url: url, requestedSeconds: options.seconds, failure: error.description)
        }
    }

    /// Audio arrives in writes a few tenths of a second apart; a run that stops between two
    /// of them is not a stall.
    static let streamQuantum = 1.0
    /// No data for longer than this is a stall of an MP3 stream.
    static let streamGapThreshold = 0.5

    private static func listen(to response: StreamingResponse, options: CheckOptions,
                               requested: ContinuousClock.Instant) async throws(CheckError) -> CheckReport {
        let analysis = try StreamAnalysis(options: options, requested: requested)
        let interval = response.head.headers["icy-metaint"].first.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var icy = IcyDemuxer(interval: interval.flatMap { $0 > 0 ? $0 : nil })
        let watchdog = response.close(after: max(0.1, CheckOptions.firstByteTimeout - seconds(since: requested)))
        var deadline: ContinuousClock.Instant?
        do {
            for try await piece in response.body {
                if deadline == nil {
                    watchdog.cancel()
                    deadline = piece.arrival + .nanoseconds(Int64(options.seconds * 1e9))
                    _ = response.close(after: options.seconds)
                }
                icy.separate(piece.bytes, audio: { analysis.receive($0, at: piece.arrival) }, title: analysis.note)
            }
        } catch {
            // The reader finishes the body without an error; a stream that breaks just ends.
        }
        response.close()
        guard let deadline else {
            if seconds(since: requested) >= CheckOptions.firstByteTimeout - 0.05 {
                throw CheckError("no audio from \(response.url.authority) within \(Int(CheckOptions.firstByteTimeout)) s of asking")
            }
            throw CheckError("the stream ended before any audio (HTTP 200, no body)")
        }
        let end = ContinuousClock.now
        // The close is scheduled for the deadline; a few milliseconds early is still ours.
        let stopped = end >= deadline - .milliseconds(50)
        return analysis.report(url: response.url.description, kind: .stream, contentType: response.contentType,
                               end: min(end, deadline), stopped: stopped, quantum: streamQuantum, gapThreshold: streamGapThreshold)
    }

    /// A reply that is not 200: its status and the first line of what the server said.
    static func refusal(_ response: StreamingResponse) async -> CheckError {
        let body = (try? await response.collect(limit: 4096, within: 2)) ?? []
        let line = String(decoding: body.prefix(300), as: UTF8.self).split(whereSeparator: \.isNewline).first.map { ": \($0)" } ?? ""
        return CheckError("HTTP \(response.status) \(response.head.status.reasonPhrase) from \(response.url)\(line)")
    }

    /// Refuses replies that are plainly not MP3 audio, naming what they are.
    static func requireMP3(contentType: String, from response: StreamingResponse) throws(CheckError) {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let notMP3 = ["audio/aac", "audio/aacp", "audio/x-aac", "audio/ogg", "application/ogg", "audio/opus", "audio/flac",
                      "audio/wav", "audio/x-wav", "video/mp2t", "audio/mp4", "video/mp4"]
        if notMP3.contains(type) {
            response.close()
            throw CheckError("\(response.url) sends \(type); check decodes MP3 only (audio/mpeg)")
        }
        if type.hasPrefix("text/") || type == "application/json" {
            response.close()
            throw CheckError("\(response.url) sends \(type), not audio; give the stream's URL (a Synthcast stream is /stream?id=TOKEN)")
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let duration = start.duration(to: .now)
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
