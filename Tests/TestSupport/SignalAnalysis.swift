import Foundation

/// Frequency from rising zero crossings, each placed by linear interpolation; over a second
/// of a steady tone this resolves far below 0.01 %.
public func estimatedFrequency(_ signal: [Float], sampleRate: Double) -> Double {
    var crossings: [Double] = []
    for i in 1..<signal.count where signal[i - 1] < 0 && signal[i] >= 0 {
        let fraction = Double(-signal[i - 1]) / Double(signal[i] - signal[i - 1])
        crossings.append(Double(i - 1) + fraction)
    }
    guard let first = crossings.first, let last = crossings.last, crossings.count > 1 else { return 0 }
    return Double(crossings.count - 1) / ((last - first) / sampleRate)
}

/// Power spectrum (|X|² per bin, bins 0...n/2) of a Blackman-Harris-windowed signal whose
/// length is a power of two.
public func powerSpectrum(_ signal: [Float]) -> [Double] {
    let n = signal.count
    precondition(n > 0 && n & (n - 1) == 0, "length must be a power of two")
    var re = [Double](repeating: 0, count: n), im = [Double](repeating: 0, count: n)
    for i in 0..<n {
        let x = 2 * Double.pi * Double(i) / Double(n - 1)
        let window = 0.35875 - 0.48829 * cos(x) + 0.14128 * cos(2 * x) - 0.01168 * cos(3 * x)
        re[i] = Double(signal[i]) * window
    }
    // Iterative radix-2 FFT.
    var j = 0
    for i in 1..<n {
        var bit = n >> 1
        while j & bit != 0 { j ^= bit; bit >>= 1 }
        j |= bit
        if i < j { re.swapAt(i, j); im.swapAt(i, j) }
    }
    var length = 2
    while length <= n {
        let angle = -2 * Double.pi / Double(length)
        for start in stride(from: 0, to: n, by: length) {
            for k in 0..<(length / 2) {
                let wr = cos(angle * Double(k)), wi = sin(angle * Double(k))
                let a = start + k, b = a + length / 2
                let tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr
                re[b] = re[a] - tr; im[b] = im[a] - ti
                re[a] += tr; im[a] += ti
            }
        }
        length <<= 1
    }
    return (0...(n / 2)).map { re[$0] * re[$0] + im[$0] * im[$0] }
}

/// Power that lies away from the harmonics of `fundamental` (aliases, noise) and power on
/// them, both within 20 Hz ... 20 kHz.
public func harmonicSplit(_ spectrum: [Double], fftSize: Int, sampleRate: Double, fundamental: Double) -> (alias: Double, harmonic: Double) {
    var alias = 0.0, harmonic = 0.0
    let binWidth = sampleRate / Double(fftSize)
    for (bin, power) in spectrum.enumerated() {
        let hz = Double(bin) * binWidth
        guard hz >= 20, hz <= 20_000 else { continue }
        let nearest = (hz / fundamental).rounded() * fundamental
        // Blackman-Harris main lobe is ±4 bins wide.
        if abs(hz - nearest) <= 5 * binWidth { harmonic += power } else { alias += power }
    }
    return (alias, harmonic)
}

/// The frequency of a tone in windows of `window` samples that end every `hop` samples:
/// entry `i` describes the audio up to sample `(i + 1) * hop`.
public func pitchTrack(_ signal: [Float], window: Int, hop: Int, sampleRate: Double) -> [Double] {
    stride(from: hop - window, to: signal.count - window, by: hop).map {
        $0 < 0 ? 0 : estimatedFrequency(Array(signal[$0..<($0 + window)]), sampleRate: sampleRate)
    }
}

/// The first entry from `start` on whose pitch has left `old` by more than `tolerance`
/// (a fraction) towards `new`: where a change of a tone's frequency is first heard.
public func firstDeparture(_ track: [Double], from old: Double, towards new: Double, startingAt start: Int, tolerance: Double = 0.05) -> Int? {
    track.indices.dropFirst(max(0, start)).first { index in
        let frequency = track[index]
        return new > old ? frequency > old * (1 + tolerance) : (frequency > 0 && frequency < old * (1 - tolerance))
    }
}
