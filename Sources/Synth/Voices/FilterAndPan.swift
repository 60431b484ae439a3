/// The second half of the eight voices: each voice's low-pass filter, then its gain and pan,
/// ramped per sample from the last block's values.
///
/// A stage of its own, after the oscillators have filled the block's sources, for two
/// reasons: the filter's recursion is the loop's critical path, and here all eight voices'
/// filters run side by side (two independent chains per sample on SSE, one on AVX), while
/// the oscillator loop, relieved of the filter and gain state, keeps its own in registers.
struct FilterAndPan {
    typealias Lanes = SIMD8<Float>

    private var filter = LowpassLanes()
    /// Left and right gains at the end of the last block (ramped from here, never stepped).
    private var left: Lanes = .zero
    private var right: Lanes = .zero

    /// Filters `output.sources` and leaves the panned voices in `output.left/right`. The
    /// filter's output comes doubled, so the gains carry a ½.
    mutating func process(_ coefficients: LowpassLanes.Coefficients, left nextLeft: Lanes, right nextRight: Lanes,
                          output: GroupOutput, frames: Int) {
        let step = 1 / Float(frames)
        var lowpass = filter, gainLeft = left, gainRight = right
        let stepLeft = (nextLeft - left) * step, stepRight = (nextRight - right) * step
        let sources = output.sources, outLeft = output.left, outRight = output.right
        for pair in 0..<frames / 2 {
            let i = 2 &* pair
            let (y0, y1) = lowpass.process(sources[i], sources[i + 1], coefficients)
            gainLeft += stepLeft
            outLeft[i] = GroupOutput.panned(y0 * gainLeft)
            gainRight += stepRight
            outRight[i] = GroupOutput.panned(y0 * gainRight)
            gainLeft += stepLeft
            outLeft[i + 1] = GroupOutput.panned(y1 * gainLeft)
            gainRight += stepRight
            outRight[i + 1] = GroupOutput.panned(y1 * gainRight)
        }
        filter = lowpass
        left = nextLeft
        right = nextRight
    }
}
