/// White noise tilted to a `NoiseColor`, for one channel, four samples at a time: in, four
/// samples of white noise every other float in memory (left-right pairs); out, a vector.
/// One method per colour, so each render loop is built for one colour with nothing to
/// choose per sample.
struct ColoredNoise {
    typealias Quad = SIMD4<Float>

    // Pink: Paul Kellet's economy filter, three one-poles in parallel plus the input, within
    // about 0.5 dB of -3 dB/octave above ~10 Hz. The final ×0.11 is folded into the gains.
    // The three one-poles and the input (a pole of 0) sit side by side in the lanes of one
    // vector, so a sample is one multiply-add, and four samples' sums come from one
    // transpose. (Along time it would take four prefix scans.)
    private var pink = Quad.zero
    @inline(__always)
    static var pinkPoles: Quad { Quad(0.99765, 0.96300, 0.57000, 0) }
    @inline(__always)
    static var pinkGains: Quad { Quad(0.0990460 * 0.11, 0.2965164 * 0.11, 1.0526913 * 0.11, 0.1848 * 0.11) }

    // Brown: a leaky integrator, y = (y + 0.02·x) / 1.02, heard 1.6 times louder (folded into
    // its input, so the state is the scaled output). Sample by sample in scalars: a prefix
    // scan along time measured slower here, as LLVM splits its shuffles.
    private var brown: Float = 0

    @inline(__always)
    func white(_ white: UnsafePointer<Float>) -> Quad {
        Self.samples(white) * 0.5
    }

    @inline(__always)
    mutating func pink(_ white: UnsafePointer<Float>) -> Quad {
        let poles = Self.pinkPoles, gains = Self.pinkGains
        // Each sample's white noise is loaded into all lanes (one broadcast from memory).
        // The recursion is the loop's critical path: fused where the CPU can.
        let first = multiplyAdd(pink, poles, gains * Quad(repeating: white[0]))
        let second = multiplyAdd(first, poles, gains * Quad(repeating: white[2]))
        let third = multiplyAdd(second, poles, gains * Quad(repeating: white[4]))
        let fourth = multiplyAdd(third, poles, gains * Quad(repeating: white[6]))
        pink = fourth
        return .laneSums(first, second, third, fourth)
    }

    @inline(__always)
    mutating func brown(_ white: UnsafePointer<Float>) -> Quad {
        let pole: Float = 1 / 1.02, gain: Float = 1.6 * 0.02 / 1.02
        let first = brown * pole + white[0] * gain
        let second = first * pole + white[2] * gain
        let third = second * pole + white[4] * gain
        brown = third * pole + white[6] * gain
        return Quad(first, second, third, brown)
    }

    /// Four samples every other float.
    @inline(__always)
    private static func samples(_ white: UnsafePointer<Float>) -> Quad {
        let early: Quad = load(white), late: Quad = load(white + 4)
        return Quad(early[0], early[2], late[0], late[2])
    }
}
