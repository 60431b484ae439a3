import NIOCore

/// Everything measured about the audio as it arrives: decoding and its faults, level,
/// tone, titles and the delivery timeline. The network side feeds it; it judges at the end.
final class StreamAnalysis {
    let options: CheckOptions
    private let decoder: MP3Decoder
    private var timeline: DeliveryTimeline
    private var level: LevelMeter
    private var tone = ToneMeter()
    private(set) var titles: [String] = []

    private var frames = 0
    private var samplesPerChannel = 0
    private var decoderErrors = 0
    private var firstError: String?
    private var lastFrame: (layer: Int, bitrate: Int, sampleRate: Int, channels: Int)?
    private var bitrates: ClosedRange<Int>?
    private var bitrateSum = 0

    init(options: CheckOptions, requested: ContinuousClock.Instant) throws(CheckError) {
        self.options = options
        decoder = try MP3Decoder()
        timeline = DeliveryTimeline(requested: requested)
        level = LevelMeter(minimumLevel: options.minimumLevel)
    }

    var firstByte: ContinuousClock.Instant? { timeline.firstByte }
    var audioSeconds: Double { lastFrame.map { Double(samplesPerChannel) / Double($0.sampleRate) } ?? 0 }

    func note(title: String) {
        if !title.isEmpty, !titles.contains(title) { titles.append(title) }
    }

    /// Expects `count` bytes that are not audio between frames (an HLS segment's ID3 tag).
    func expectTag(bytes count: Int) { decoder.expectSkip(count) }

    /// Decodes what `bytes` completes and records when it came.
    func receive(_ bytes: ByteBuffer, at arrival: ContinuousClock.Instant) {
        bytes.withUnsafeReadableBytes { decoder.feed($0) }
        decodeAvailable()
        timeline.record(arrival: arrival, audioSeconds: audioSeconds)
    }

    private func decodeAvailable() {
        while true {
            switch decoder.decode() {
            case .needMore:
                return
            case .error(let message):
                decoderErrors += 1
                if firstError == nil { firstError = message }
                // libmpg123 cannot go on after too many in a row; the count already fails the check.
                if decoderErrors > 1000 { return }
            case .frame(let frame):
                frames += 1
                bitrateSum += frame.bitrate
                samplesPerChannel += frame.samples.count / max(1, frame.channels)
                lastFrame = (frame.layer, frame.bitrate, frame.sampleRate, frame.channels)
                bitrates = bitrates.map { min($0.lowerBound, frame.bitrate)...max($0.upperBound, frame.bitrate) } ?? frame.bitrate...frame.bitrate
                level.add(frame.samples, channels: frame.channels, sampleRate: frame.sampleRate)
                tone.add(frame.samples, channels: frame.channels, sampleRate: frame.sampleRate)
                if let title = decoder.newID3Title() { note(title: title) }
            }
        }
    }

    /// The report, judged. `stopped`: the check ended the run at its time (not the server).
    func report(url: String, kind: CheckReport.Kind, contentType: String?, end: ContinuousClock.Instant,
                stopped: Bool, quantum: Double, gapThreshold: Double, segmentsMissed: Int = 0) -> CheckReport {
        var report = CheckReport(url: url, kind: kind, requestedSeconds: options.seconds)
        level.finish()
        let listened = timeline.seconds(end)
        let summary = timeline.summary(end: listened, quantum: quantum, gapThreshold: gapThreshold, stopped: stopped,
                                       fromFirstStep: kind == .hls)
        let trailing = decoder.frameEnd.map { decoder.bytesFed - $0 } ?? 0
        report.contentType = contentType
        report.listenedSeconds = listened
        report.audioSeconds = audioSeconds
        report.titles = titles
        report.delivery = .init(timeToFirstByteSeconds: timeline.timeToFirstByte, burstSeconds: summary.burst, rate: summary.rate,
                                gaps: summary.gaps, longestGapSeconds: summary.longestGap, gapThresholdSeconds: gapThreshold,
                                ended: !stopped, endedMidFrame: !stopped && trailing > 0, segmentsMissed: segmentsMissed)
        report.decoding = .init(bytes: decoder.bytesFed, frames: frames, errors: decoderErrors, firstError: firstError,
                                resyncs: decoder.resyncs, skippedBytes: decoder.skippedBytes, trailingBytes: stopped ? 0 : trailing)
        if let lastFrame {
            // A stream's bitrate varies when its frames' do (a Xing/Info tag may say either).
            let variable = bitrates.map { $0.lowerBound != $0.upperBound } ?? false
            let average = Int((Double(bitrateSum) / Double(max(1, frames))).rounded())
            report.format = .init(layer: lastFrame.layer, bitrateKbps: variable ? average : lastFrame.bitrate,
                                  variableBitrate: variable, sampleRate: lastFrame.sampleRate, channels: lastFrame.channels)
        }
        let finite = { (value: Double) in value.isFinite ? value : nil }
        report.level = .init(rmsDBFS: finite(level.rmsDecibels), peakDBFS: finite(level.peakDecibels), minimumDBFS: options.minimumLevel,
                             silentStretches: level.silentStretches, longestSilenceSeconds: level.longestSilence,
                             silentStretchMinimumSeconds: CheckOptions.silentStretchSeconds)
        if let expected = options.expectedTone {
            let measured = lastFrame.flatMap { tone.frequency(sampleRate: $0.sampleRate) }
            report.tone = .init(expectedHz: expected, measuredHz: measured,
                                errorPercent: measured.map { ($0 - expected) / expected * 100 },
                                tolerancePercent: CheckOptions.toneTolerance * 100)
        }
        report.failure = Verdict.failure(of: report, rms: level.rmsDecibels, largestFrame: Self.largestFrame)
        report.healthy = report.failure == nil
        return report
    }

    /// The longest MPEG audio frame (Layer II/III, 384 kbps at 32 kHz with padding): more
    /// left over at the end than this is not one cut-off frame.
    static let largestFrame = 1729
}

