import Foundation

extension CheckReport {
    /// The report as a person reads it: one measurement a line, then "healthy" (a failure's
    /// one line goes to stderr, from the command).
    public var text: String {
        var lines = ["\(url)" + (kind.map { $0 == .hls ? " (HLS playlist)" : " (MP3 stream)" } ?? "")]
        func add(_ label: String, _ value: String) {
            lines.append("  " + label.padding(toLength: 12, withPad: " ", startingAt: 0) + value)
        }
        func seconds(_ value: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f s", value) }
        if let delivery {
            add("first byte", delivery.timeToFirstByteSeconds.map { seconds($0, digits: 3) } ?? "none")
            add("listened", "\(seconds(listenedSeconds)) of the \(NumberFormat.short(requestedSeconds)) s asked, \(seconds(audioSeconds)) of audio"
                + (delivery.ended ? "; the stream ended" : ""))
            add("burst", "\(seconds(delivery.burstSeconds)) ahead of real time at the start")
            add("rate", delivery.rate.map { String(format: "%.2fx real time after the burst", $0) } ?? "too short a run to tell")
            add("gaps", delivery.gaps == 0
                ? "none longer than \(NumberFormat.short(delivery.gapThresholdSeconds)) s"
                : "\(delivery.gaps) longer than \(NumberFormat.short(delivery.gapThresholdSeconds)) s, the longest \(seconds(delivery.longestGapSeconds))")
            if delivery.segmentsMissed > 0 { add("missed", "\(delivery.segmentsMissed) segments left the playlist before they were fetched") }
        }
        if let decoding {
            var text = "\(decoding.frames) frames from \(decoding.bytes) bytes, \(decoding.errors) errors, "
                + "\(decoding.resyncs) resyncs, \(decoding.skippedBytes) bytes skipped"
            if decoding.trailingBytes > 0 { text += ", \(decoding.trailingBytes) bytes after the last whole frame" }
            add("decoding", text)
        }
        if let format {
            add("format", "MPEG Layer \(format.layer == 3 ? "III" : format.layer == 2 ? "II" : "I"), \(format.bitrateKbps) kbps"
                + (format.variableBitrate ? " average (VBR)" : "") + ", \(format.sampleRate) Hz, \(format.channels == 1 ? "mono" : "\(format.channels) channels")")
        }
        if delivery != nil { add("titles", titles.isEmpty ? "none" : titles.joined(separator: " | ")) }
        if let level {
            let text = { (value: Double?) in value.map { String(format: "%.1f", $0) } ?? "-inf" }
            add("level", "RMS \(text(level.rmsDBFS)) dBFS, peak \(text(level.peakDBFS)) dBFS")
            add("silence", level.silentStretches == 0
                ? "no stretch of \(NumberFormat.short(level.silentStretchMinimumSeconds)) s or more below \(NumberFormat.short(level.minimumDBFS)) dBFS"
                : "\(level.silentStretches) stretches below \(NumberFormat.short(level.minimumDBFS)) dBFS, the longest \(seconds(level.longestSilenceSeconds, digits: 1))")
        }
        if let tone {
            add("tone", tone.measuredHz.map { String(format: "%.2f Hz (expected %@ Hz, off by %.3f %%)", $0, NumberFormat.short(tone.expectedHz), abs(tone.errorPercent ?? 0)) }
                ?? "none found (expected \(NumberFormat.short(tone.expectedHz)) Hz)")
        }
        if failure == nil { lines.append("healthy") }
        return lines.joined(separator: "\n")
    }
}
