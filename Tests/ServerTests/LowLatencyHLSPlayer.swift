import Foundation
import TestSupport

/// A low-latency HLS player as RFC 8216bis describes one (§6.2.5.2, §6.3.3): it starts
/// PART-HOLD-BACK from the end of the playlist, then asks for each next part with a blocking
/// reload (`_HLS_msn`, `_HLS_part`) and fetches it. No player in Debian speaks LL-HLS (ffmpeg
/// 5.1, GStreamer 1.22 and VLC 3.0 ignore parts), so the latency test plays with this one.
///
/// Playback starts when the first part arrives and runs at real time; if a part arrives after
/// its turn, playback stalls until it does, as a player's would.
final class LowLatencyHLSPlayer {
    typealias Part = HLSPlaylistView.Part

    private let client: HLSClient
    /// The MP3 frames played, ID3 tags removed.
    private(set) var frames: [UInt8] = []
    /// Where each part's audio begins in `frames`, in seconds of audio, and when it plays.
    private(set) var schedule: [(audioSeconds: Double, playsAt: Date)] = []
    private(set) var reloads = 0

    init(client: HLSClient) { self.client = client }

    /// Plays until `seconds` of wall time have passed, calling `during` once after `atSecond`.
    func play(for seconds: Double, then action: (atSecond: Double, run: () throws -> Void)) throws {
        let first = try client.playlist()
        guard let holdBack = first.partHoldBack else { throw TestClientError("no PART-HOLD-BACK in\n\(first.text)") }
        let listed = first.parts
        // The first part at least PART-HOLD-BACK from the end.
        var fromEnd = 0.0
        var index = listed.count
        while index > 0, fromEnd < holdBack {
            index -= 1
            fromEnd += listed[index].duration
        }
        guard index < listed.count else { throw TestClientError("no parts in\n\(first.text)") }
        var current = listed[index]
        let began = Date()
        var audioSeconds = 0.0
        var playStart: Date?
        var stalled = 0.0
        var acted = false
        while Date().timeIntervalSince(began) < seconds {
            let response = try client.get(current.uri)
            guard response.status == 200 else { throw TestClientError("\(current.uri): \(response.statusLine) \(response.text)") }
            let arrived = Date()
            let start = playStart ?? arrived
            playStart = start
            var playsAt = start.addingTimeInterval(audioSeconds + stalled)
            if arrived > playsAt {
                stalled += arrived.timeIntervalSince(playsAt)
                playsAt = arrived
            }
            schedule.append((audioSeconds, playsAt))
            frames += response.body.starts(with: Array("ID3".utf8)) ? try ServerTests.HLSTests.splitTag(response.body).frames : response.body
            audioSeconds += current.duration
            if !acted, Date().timeIntervalSince(began) >= action.atSecond {
                acted = true
                try action.run()
            }
            current = try next(after: current)
        }
    }

    /// The part after `part`: asked for by a blocking reload of the playlist.
    private func next(after part: Part) throws -> Part {
        let numbers = part.uri.dropLast(4).split(separator: ".").compactMap { Int($0) }
        guard numbers.count == 2 else { throw TestClientError("part URI \(part.uri)") }
        // The next part of this segment, or, if this was its last, the segment's end.
        let playlist = try client.playlist(query: "_HLS_msn=\(numbers[0])&_HLS_part=\(numbers[1] + 1)")
        reloads += 1
        let parts = playlist.parts
        guard let position = parts.firstIndex(where: { $0.uri == part.uri }) else {
            throw TestClientError("\(part.uri) left the playlist:\n\(playlist.text)")
        }
        if position + 1 < parts.count { return parts[position + 1] }
        // The segment ended with this part, and the next has none yet: wait for its first.
        let following = try client.playlist(query: "_HLS_msn=\(numbers[0] + 1)&_HLS_part=0")
        reloads += 1
        let after = following.parts
        guard let again = after.firstIndex(where: { $0.uri == part.uri }), again + 1 < after.count else {
            throw TestClientError("no part after \(part.uri):\n\(following.text)")
        }
        return after[again + 1]
    }

    /// When the audio at `second` (of the frames played) was heard.
    func heardAt(audioSecond second: Double) -> Date? {
        guard let entry = schedule.last(where: { $0.audioSeconds <= second }) else { return nil }
        return entry.playsAt.addingTimeInterval(second - entry.audioSeconds)
    }
}
