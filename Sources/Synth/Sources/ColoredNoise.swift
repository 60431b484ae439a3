/// White noise tilted to a `NoiseColor`, left and right in the two lanes, one sample at a time
/// (the recursions cannot be split across samples; the channels share each step).
struct ColoredNoise {
    typealias Pair = SIMD2<Float>
    // Pink: Paul Kellet's economy filter, three one-poles in parallel plus the input, within
    // about 0.5 dB of -3 dB/octave above ~10 Hz. The final ×0.11 is folded into the gains.
    private var pink0 = Pair.zero, pink1 = Pair.zero, pink2 = Pair.zero
    // Brown: a leaky integrator, y = (y + 0.02·x) / 1.02, heard 1.6 times louder (folded into
    // its input, so the state is the scaled output).
    private var brown = Pair.zero

    @inline(__always)
    mutating func next(_ white: Pair, color: NoiseColor) -> Pair {
        switch color {
        case .white:
            return white * 0.5
        case .pink:
            pink0 = pink0 * 0.99765 + white * (0.0990460 * 0.11)
            pink1 = pink1 * 0.96300 + white * (0.2965164 * 0.11)
            pink2 = pink2 * 0.57000 + white * (1.0526913 * 0.11)
            return pink0 + pink1 + pink2 + white * (0.1848 * 0.11)
        case .brown:
            brown = brown * (1 / 1.02) + white * (1.6 * 0.02 / 1.02)
            return brown
        }
    }
}
