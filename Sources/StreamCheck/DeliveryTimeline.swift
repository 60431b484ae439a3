/// When the audio arrived against how much of it there was: time to first byte, the burst a
/// server sends ahead at the start, the steady rate after it, and stalls.
struct DeliveryTimeline {
    /// After each arrival: seconds since the first byte, seconds of audio decoded by then.
    private var points: [(time: Double, audio: Double)] = []
    let requested: ContinuousClock.Instant
    private(set) var firstByte: ContinuousClock.Instant?

    /// The burst is looked for this long after the first byte: a server sends it at once, an
    /// HLS player fetches its first segments back to back.
    static let burstWindow = 2.0

    init(requested: ContinuousClock.Instant) { self.requested = requested }

    mutating func record(arrival: ContinuousClock.Instant, audioSeconds: Double) {
        if firstByte == nil { firstByte = arrival }
        points.append((seconds(arrival), audioSeconds))
    }

    func seconds(_ instant: ContinuousClock.Instant) -> Double {
        guard let firstByte else { return 0 }
        let duration = firstByte.duration(to: instant)
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    var timeToFirstByte: Double? {
        guard let firstByte else { return nil }
        let duration = requested.duration(to: firstByte)
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    struct Summary {
        var burst: Double
        /// Audio seconds per second after the burst; nil when too little time was left to tell.
        var rate: Double?
        var gaps: Int
        var longestGap: Double
    }

    /// `end`: seconds after the first byte when listening stopped. `quantum`: how far apart
    /// arrivals may normally be (a server's write interval, an HLS segment), so a run that
    /// stops between two of them is not taken for a stall. `stopped`: the check ended the
    /// run (rather than the server), so the silence from the last arrival to the end counts.
    /// `fromFirstStep`: the rate is measured from the first arrival after the burst, not the
    /// burst itself: an HLS segment after the burst comes a round trip late, later ones do not.
    func summary(end: Double, quantum: Double, gapThreshold: Double, stopped: Bool, fromFirstStep: Bool = false) -> Summary {
        guard !points.isEmpty else { return Summary(burst: 0, rate: nil, gaps: 0, longestGap: 0) }
        var burstIndex = 0
        for (index, point) in points.enumerated() where point.time <= Self.burstWindow {
            if point.audio - point.time > points[burstIndex].audio - points[burstIndex].time { burstIndex = index }
        }
        let burstPoint = points[burstIndex]
        let last = points[points.count - 1]
        var reference = burstPoint
        if fromFirstStep, let step = points[(burstIndex + 1)...].first(where: { $0.audio > burstPoint.audio }) {
            reference = step
        }
        let span = (stopped ? max(last.time, end - quantum) : last.time) - reference.time
        // Less than one arrival interval after the reference says nothing about the pace.
        let rate = span >= (fromFirstStep ? quantum : 0.5) ? (last.audio - reference.audio) / span : nil

        var gaps = 0, longest = 0.0, previous = 0.0
        var intervals = points.map { point in defer { previous = point.time }; return point.time - previous }
        if stopped { intervals.append(end - last.time) }
        for interval in intervals where interval > gapThreshold {
            gaps += 1
            longest = max(longest, interval)
        }
        return Summary(burst: max(0, burstPoint.audio - burstPoint.time), rate: rate, gaps: gaps, longestGap: longest)
    }
}
