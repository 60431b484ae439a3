import Foundation

/// RMS and peak over the whole run, and stretches that stay below a level for a while
/// (measured in blocks of a tenth of a second, all channels together).
struct LevelMeter {
    private let minimumLevel: Double
    private var sumOfSquares = 0.0
    private var count = 0
    private var peak: Float = 0

    private var blockSum = 0.0
    private var blockCount = 0
    private var quietSeconds = 0.0
    private(set) var silentStretches = 0
    private(set) var longestSilence = 0.0

    init(minimumLevel: Double) { self.minimumLevel = minimumLevel }

    mutating func add(_ samples: UnsafeBufferPointer<Float>, channels: Int, sampleRate: Int) {
        let blockLength = max(1, sampleRate / 10) * channels
        var sum = 0.0, largest = peak
        var blockSum = blockSum, blockCount = blockCount
        for sample in samples {
            let square = Double(sample) * Double(sample)
            sum += square
            largest = max(largest, abs(sample))
            blockSum += square
            blockCount += 1
            if blockCount == blockLength {
                endBlock(decibels((blockSum / Double(blockCount)).squareRoot()), seconds: 0.1)
                blockSum = 0
                blockCount = 0
            }
        }
        self.blockSum = blockSum
        self.blockCount = blockCount
        sumOfSquares += sum
        count += samples.count
        peak = largest
    }

    private mutating func endBlock(_ level: Double, seconds: Double) {
        if level < minimumLevel {
            quietSeconds += seconds
        } else {
            closeQuietStretch()
        }
    }

    private mutating func closeQuietStretch() {
        if quietSeconds >= CheckOptions.silentStretchSeconds - 1e-9 {
            silentStretches += 1
            longestSilence = max(longestSilence, quietSeconds)
        }
        quietSeconds = 0
    }

    /// Ends a stretch still open when the run ends.
    mutating func finish() { closeQuietStretch() }

    var rmsDecibels: Double { count == 0 ? -.infinity : decibels((sumOfSquares / Double(count)).squareRoot()) }
    var peakDecibels: Double { decibels(Double(peak)) }
}

/// dBFS of an amplitude where 1 is full scale; digital silence is -infinity.
func decibels(_ amplitude: Double) -> Double { amplitude > 0 ? 20 * log10(amplitude) : -.infinity }
