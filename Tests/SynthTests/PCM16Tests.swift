import Testing
import Synth

@Suite("Float to 16-bit PCM")
struct PCM16Tests {
    static func converted(_ samples: [Float]) -> [Int16] {
        var output = [Int16](repeating: 99, count: samples.count)
        samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { PCM16.convert(input, into: $0) }
        }
        return output
    }

    /// Scalar reference: clamp, scale by 32767, round half to even.
    static func reference(_ sample: Float) -> Int16 {
        Int16((min(1, max(-1, sample)) * 32767).rounded(.toNearestOrEven))
    }

    @Test("every sample, in the vector part and the tail, matches the scalar rule")
    func matchesReference() {
        var random = SystemRandomNumberGenerator()
        // 8 * 1000 + 5: the last five go through the tail.
        let samples = (0..<8005).map { _ in Float.random(in: -1.2...1.2, using: &random) }
        let expected = samples.map(Self.reference)
        #expect(Self.converted(samples) == expected)
    }

    @Test("full scale, clipping, exact halves and NaN")
    func edges() {
        let half = Float(0.5) / 32767, oneAndHalf = Float(1.5) / 32767
        let samples: [Float] = [0, 1, -1, 2, -2, .infinity, -.infinity, 0.5, -0.5,
                                half, oneAndHalf, -half, -oneAndHalf, .nan]
        let converted = Self.converted(samples)
        #expect(Array(converted[0..<9]) == [0, 32767, -32767, 32767, -32767, 32767, -32767, 16384, -16384])
        // The scaled values land near 0.5 and 1.5: rounded as the reference rounds them.
        #expect(Array(converted[9..<13]) == Array(samples[9..<13]).map(Self.reference))
        #expect(converted[13] == 0, "NaN becomes silence instead of trapping")
    }

    @Test("lengths below one vector and empty input")
    func shortInputs() {
        for count in 0..<9 {
            let samples = (0..<count).map { Float($0) / 10 }
            #expect(Self.converted(samples) == samples.map(Self.reference), "\(count) samples")
        }
    }
}
