import Foundation

extension Array where Element == Float {
    /// One channel of interleaved audio.
    public func channel(_ index: Int, of channels: Int) -> [Float] {
        stride(from: index, to: count, by: channels).map { self[$0] }
    }

    public var rms: Double {
        (reduce(0.0) { $0 + Double($1) * Double($1) } / Double(Swift.max(count, 1))).squareRoot()
    }

    public var peak: Float { reduce(0) { Swift.max($0, abs($1)) } }

    /// Largest difference between neighbouring samples.
    public var largestStep: Float {
        zip(self, dropFirst()).reduce(0) { Swift.max($0, abs($1.1 - $1.0)) }
    }
}

public func decibels(_ amplitude: Double) -> Double { 20 * log10(amplitude) }
