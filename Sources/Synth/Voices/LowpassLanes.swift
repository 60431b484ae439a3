/// Simper's trapezoidal state-variable low-pass for the eight voices, one per lane.
///
/// Written as the 2×2 linear state update it amounts to, rather than in its textbook
/// v1/v2/v3 form: the same filter, but the longest chain from one sample's state to the
/// next is a subtract, a multiply and an add instead of five dependent operations, and the
/// voice loop waits on that chain every sample. The output is returned doubled (the mean of
/// the old and new second state, without the halving), the caller's gain takes the ½.
struct LowpassLanes {
    typealias Lanes = SIMD8<Float>

    /// Coefficients for a block; the trapezoidal filter takes a new set without clicks.
    struct Coefficients {
        /// ic1 ← feedback·ic1 + drive·(x - ic2); ic2 ← ic2 + drive·ic1 + input·(x - ic2)
        var feedback: Lanes
        var drive: Lanes
        var input: Lanes

        /// `g` is tan(π·cutoff/rate), `k` the damping (2 - 2·resonance, roughly).
        init(g: Lanes, k: Lanes) {
            let a1 = 1 / (1 + g * (g + k))
            let a2 = g * a1
            feedback = 2 * a1 - 1
            drive = 2 * a2
            input = 2 * g * a2
        }
    }

    private var ic1: Lanes = .zero
    private var ic2: Lanes = .zero

    /// Filters one sample per lane; returns twice the low-pass output.
    @inline(__always)
    mutating func process(_ x: Lanes, _ c: Coefficients) -> Lanes {
        let toInput = x - ic2
        let next1 = c.feedback * ic1 + c.drive * toInput
        let next2 = (ic2 + c.drive * ic1) + c.input * toInput
        let doubled = ic2 + next2
        ic1 = next1
        ic2 = next2
        return doubled
    }
}
