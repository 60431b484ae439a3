import Foundation

/// The live media playlists of a session (RFC 8216, with the low-latency tags of its second
/// edition): the newest complete segments with their wall-clock times and, in the packed-audio
/// playlist (`live.m3u8`), the parts of the newest ones and of the segment being filled and a
/// hint for the next part. URIs are relative to the playlist: `SEQ.mp3` for segments,
/// `SEQ.PART.mp3` for parts; the transport-stream playlist (`live-ts.m3u8`) lists `SEQ.ts`
/// segments of the same frames, without parts.
enum HLSPlaylist {
    static let contentType = "application/vnd.apple.mpegurl"

    enum Format: Sendable {
        case packedAudio, transportStream
    }

    static func text(of window: HLSWindow, format: Format = .packedAudio) -> String {
        let layout = window.layout
        let listed = window.listed
        let partTarget = layout.partSeconds
        let lowLatency = format == .packedAudio
        var lines = [
            "#EXTM3U",
            "#EXT-X-VERSION:6",
            "#EXT-X-TARGETDURATION:\(layout.targetDuration)",
        ]
        if lowLatency {
            lines.append("#EXT-X-PART-INF:PART-TARGET=\(decimal(partTarget))")
            lines.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=\(decimal(3 * partTarget))")
        } else {
            lines.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES")
        }
        let firstSequence = listed.first?.sequence ?? window.newest?.sequence ?? 0
        lines.append("#EXT-X-MEDIA-SEQUENCE:\(firstSequence)")
        lines.append("#EXT-X-DISCONTINUITY-SEQUENCE:\(window.discontinuities(before: firstSequence))")
        // Parts are listed for the last two complete segments and the one being filled: about
        // three target durations, as the RFC asks, before they are dropped from the playlist.
        let partsFrom = listed.dropLast(2).last.map { $0.sequence + 1 } ?? firstSequence
        var entries = Array(listed)
        if lowLatency, let open = window.newest, !open.isComplete, open.completeParts > 0 { entries.append(open) }
        for segment in entries {
            if segment.discontinuity { lines.append("#EXT-X-DISCONTINUITY") }
            lines.append("#EXT-X-PROGRAM-DATE-TIME:\(timestamp(segment.programDate))")
            if lowLatency, segment.sequence >= partsFrom {
                for part in segment.parts where part.etag != nil {
                    lines.append("#EXT-X-PART:DURATION=\(decimal(seconds(part.frameCount, layout))),URI=\"\(segment.sequence).\(part.index).mp3\",INDEPENDENT=YES")
                }
            }
            if segment.isComplete {
                lines.append("#EXTINF:\(decimal(seconds(segment.frameCount, layout))),")
                lines.append("\(segment.sequence).\(lowLatency ? "mp3" : "ts")")
            }
        }
        if lowLatency, let newest = window.newest {
            let hint = newest.isComplete ? "\(newest.sequence + 1).0.mp3" : "\(newest.sequence).\(newest.completeParts).mp3"
            lines.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"\(hint)\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func seconds(_ frames: Int, _ layout: HLSWindow.Layout) -> Double {
        Double(frames * layout.samplesPerFrame) / Double(layout.sampleRate)
    }

    private static func decimal(_ value: Double) -> String { String(format: "%.5f", value) }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
