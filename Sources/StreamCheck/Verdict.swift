import Foundation

/// The one reason a report is not healthy, most fundamental first: a stream that does not
/// decode cleanly, ended, or was cut is judged on that before its level, pace or tone.
enum Verdict {
    static func failure(of report: CheckReport, rms: Double, largestFrame: Int) -> String? {
        guard let decoding = report.decoding, let delivery = report.delivery else { return report.failure }
        if decoding.frames == 0 {
            return decoding.bytes == 0
                ? "no audio arrived" + (delivery.ended ? "; the stream ended at once" : " in \(seconds(report.listenedSeconds))")
                : "no MP3 audio in the \(decoding.bytes) bytes received (is it MP3?)"
        }
        if decoding.errors > 0 {
            return "\(decoding.errors) decoder error\(decoding.errors == 1 ? "" : "s") (\(decoding.firstError ?? "unknown"))"
        }
        if decoding.skippedBytes > 0 {
            return "\(decoding.skippedBytes) bytes of garbage skipped (\(decoding.resyncs) resync\(decoding.resyncs == 1 ? "" : "s"))"
        }
        if delivery.ended, decoding.trailingBytes > largestFrame {
            return "\(decoding.trailingBytes) bytes of garbage after the last frame, then the stream ended after \(seconds(report.audioSeconds)) of audio"
        }
        if delivery.endedMidFrame {
            return "the stream ended mid-frame after \(seconds(report.audioSeconds)) of audio"
        }
        // A file served faster than real time may end once it has given all that was asked.
        if delivery.ended, report.audioSeconds < report.requestedSeconds {
            return "the stream ended after \(seconds(report.audioSeconds)) of audio, before the \(seconds(report.requestedSeconds)) asked for"
        }
        if let level = report.level, !(rms >= level.minimumDBFS) {
            return "silent: RMS \(decibelText(rms)) dBFS below the \(NumberFormat.short(level.minimumDBFS)) dBFS minimum"
        }
        if let rate = delivery.rate, rate < CheckOptions.minimumRate {
            return "falls behind real time: \(String(format: "%.2f", rate))x"
        }
        if let tone = report.tone {
            let expected = "expected \(NumberFormat.short(tone.expectedHz)) Hz ± \(NumberFormat.short(tone.tolerancePercent)) %"
            guard let measured = tone.measuredHz else { return "no tone found, \(expected)" }
            if abs(measured - tone.expectedHz) > tone.expectedHz * CheckOptions.toneTolerance {
                return "tone \(String(format: "%.1f", measured)) Hz, \(expected)"
            }
        }
        return nil
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    static func decibelText(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f", value) : (value < 0 ? "-inf" : "inf")
    }
}
