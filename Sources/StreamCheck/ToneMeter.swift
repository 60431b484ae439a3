/// The frequency of a steady tone, from the first channel's rising zero crossings over the
/// whole run, each placed between samples by linear interpolation: over a few seconds of a
/// 1 kHz sine that is accurate to a few parts per million, with no window or FFT size to pick.
/// A crossing counts only after the signal has gone below a tenth of its peak since the last
/// one, so noise near zero does not add crossings; the first tenth of a second only sets the
/// peak, as a stream's start may be an encoder's delay and transient.
struct ToneMeter {
    private var previous: Float = 0
    private var armed = false
    private var peak: Float = 0
    /// Samples (per channel) seen so far: the time axis.
    private var position = 0
    private var firstCrossing: Double?
    private var lastCrossing = 0.0
    private var crossings = 0

    mutating func add(_ samples: UnsafeBufferPointer<Float>, channels: Int, sampleRate: Int) {
        let settled = sampleRate / 10
        var previous = previous, armed = armed, peak = peak, position = position
        for index in stride(from: 0, to: samples.count, by: channels) {
            let sample = samples[index]
            peak = max(peak, abs(sample))
            if position < settled {
                armed = false
            } else if sample < -0.1 * peak {
                armed = true
            } else if armed, previous < 0, sample >= 0 {
                let crossing = Double(position - 1) + Double(-previous / (sample - previous))
                if firstCrossing == nil { firstCrossing = crossing }
                lastCrossing = crossing
                crossings += 1
                armed = false
            }
            previous = sample
            position += 1
        }
        self.previous = previous
        self.armed = armed
        self.peak = peak
        self.position = position
    }

    /// Cycles per second, or nil without at least two cycles to measure.
    func frequency(sampleRate: Int) -> Double? {
        guard let firstCrossing, crossings >= 3, lastCrossing > firstCrossing else { return nil }
        return Double(crossings - 1) / (lastCrossing - firstCrossing) * Double(sampleRate)
    }
}
