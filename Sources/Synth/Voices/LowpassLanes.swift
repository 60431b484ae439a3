/// Simper's trapezoidal state-variable low-pass for the eight voices, one per lane, run two
/// samples per step.
///
/// The filter is a linear 2×2 state update, s ← A·s + b·x with s = (ic1, ic2), and the loop
/// waits on that recursion: everything else in a sample can overlap, the chain from one
/// state to the next cannot. So the state jumps two samples at once, s ← A²·s + A·b·x₀ + b·x₁
/// (a multiply and two adds deep, the same as one step), and the state between, which the
/// output needs, hangs off the chain instead of lengthening it. That halves the latency per
/// sample for about the same number of instructions.
///
/// The output is returned doubled (the sum of the old and new second state, without the
/// trapezoid's halving); the caller's gain takes the ½.
struct LowpassLanes {
    typealias Lanes = SIMD8<Float>

    /// Coefficients for a block; the trapezoidal filter takes a new set without clicks.
    struct Coefficients {
        // One step of the second state: ic2 ← a21·ic1 + a22·ic2 + b2·x.
        var a21: Lanes
        var a22: Lanes
        var b2: Lanes
        // Two steps: A² and A·b; the second input enters with b = (b1, b2), and b1 = a21.
        var aa11: Lanes, aa12: Lanes, aa21: Lanes, aa22: Lanes
        var ab1: Lanes, ab2: Lanes

        /// `g` is tan(π·cutoff/rate), `k` the damping (2 - 2·resonance, roughly).
        init(g: Lanes, k: Lanes) {
            // One step, from Simper's ic1 ← 2·v1 - ic1, ic2 ← 2·v2 - ic2 with
            // v1 = a1·ic1 + a2·(x - ic2), v2 = ic2 + g·v1:
            let a1 = 1 / (1 + g * (g + k))
            let a2 = g * a1
            let a11 = 2 * a1 - 1, a12 = -2 * a2
            a21 = 2 * a2
            a22 = 1 - 2 * g * a2
            let b1 = a21
            b2 = 2 * g * a2
            aa11 = a11 * a11 + a12 * a21
            aa12 = a11 * a12 + a12 * a22
            aa21 = a21 * a11 + a22 * a21
            aa22 = a21 * a12 + a22 * a22
            ab1 = a11 * b1 + a12 * b2
            ab2 = a21 * b1 + a22 * b2
        }
    }

    private var ic1: Lanes = .zero
    private var ic2: Lanes = .zero

    /// Filters two consecutive samples per lane; returns twice the low-pass outputs.
    @inline(__always)
    mutating func process(_ x0: Lanes, _ x1: Lanes, _ c: Coefficients) -> (Lanes, Lanes) {
        // The inputs' share first, off the chain; then each state is one multiply and two
        // adds from the last.
        let in1 = multiplyAdd(c.ab1, x0, c.a21 * x1)  // b1 = a21
        let in2 = multiplyAdd(c.ab2, x0, c.b2 * x1)
        let between = multiplyAdd(c.a21, ic1, multiplyAdd(c.a22, ic2, c.b2 * x0))
        let next1 = multiplyAdd(c.aa11, ic1, multiplyAdd(c.aa12, ic2, in1))
        let next2 = multiplyAdd(c.aa22, ic2, multiplyAdd(c.aa21, ic1, in2))
        let doubled = (ic2 + between, between + next2)
        ic1 = next1
        ic2 = next2
        return doubled
    }
}
