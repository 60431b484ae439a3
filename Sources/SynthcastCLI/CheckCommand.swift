import ArgumentParser
import Foundation
import StreamCheck

/// `synthcast check`: tests a stream as a player would, without listening by ear.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Test an MP3 stream or HLS playlist: delivery, decoding, level and tone.",
        discussion: """
        Connects as a player would (with Icy-MetaData: 1) to an HTTP MP3 stream (a Synthcast \
        /stream?id=TOKEN, an Icecast mount, any MP3 station) or to an HLS playlist of MP3 \
        segments (a URL ending .m3u8, or a playlist content type; transport-stream segments are \
        refused). It listens for --seconds after the first byte, decodes with libmpg123, and \
        reports: time to first byte; the burst sent ahead of real time at the start; the rate \
        after it against real time; decoder errors, resyncs and skipped bytes; gaps with no \
        data; bitrate, sample rate and channels; ICY or ID3 titles; RMS and peak level and \
        silent stretches; with --expect-tone, the tone's frequency.

        Exit status: 0 when the stream is healthy: it decodes cleanly (no decoder errors, no \
        garbage, not cut mid-frame), lasts the whole run, keeps real time (at least 0.95x \
        after the burst), has an RMS level of at least --min-level, and with --expect-tone \
        carries that tone within 0.5 %. Otherwise 1, with one line on stderr saying why \
        ("check failed: ..."). 64 for bad arguments.
        """
    )

    @Argument(help: "The stream or playlist URL (http://).")
    var url: String

    @Option(name: .long, help: "Seconds to listen, counted from the first byte of audio (up to 86400).")
    var seconds: Double = 10

    @Option(name: .customLong("expect-tone"), help: ArgumentHelp("Fail unless the stream carries a tone of this frequency, within 0.5 %.", valueName: "hz"))
    var expectTone: Double?

    // Unconditional: the value is negative, and must not be taken for an option.
    @Option(name: .customLong("min-level"), parsing: .unconditional, help: ArgumentHelp("Fail when the RMS level is below this; stretches of 1 s or more below it are reported as silence.", valueName: "dbfs"))
    var minLevel: Double = -60

    @Flag(name: .long, help: "Print the report as JSON (for a monitor) instead of text.")
    var json = false

    func validate() throws {
        guard seconds.isFinite, seconds >= 0.5, seconds <= 86_400 else {
            throw ValidationError("--seconds must be 0.5...86400, got \(seconds)")
        }
        if let expectTone, !(expectTone.isFinite && expectTone > 0 && expectTone < 24_000) {
            throw ValidationError("--expect-tone takes a frequency in Hz above 0 and below 24000, got \(expectTone)")
        }
        guard minLevel.isFinite, minLevel < 0, minLevel >= -200 else {
            throw ValidationError("--min-level takes dBFS from -200 to below 0, got \(minLevel)")
        }
        guard url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://") else {
            throw ValidationError("the URL must start with http:// (got '\(url.prefix(80))')")
        }
    }

    func run() throws {
        let options = CheckOptions(seconds: seconds, expectedTone: expectTone, minimumLevel: minLevel)
        let report = Self.blocking { [url] in await StreamChecker.check(url, options: options) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else if report.kind != nil {
            // A check that never reached the audio has nothing to report but its failure.
            print(report.text)
        }
        if let failure = report.failure {
            FileHandle.standardError.write(Data("check failed: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Runs async work from this synchronous command: the other commands block their thread
    /// (the server, the terminal UI), so the root command stays synchronous.
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        nonisolated(unsafe) var result: T?
        let done = DispatchSemaphore(value: 0)
        Task {
            result = await work()
            done.signal()
        }
        done.wait()
        return result!
    }
}
