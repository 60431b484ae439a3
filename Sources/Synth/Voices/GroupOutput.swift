/// The voice bank's scratch memory for one control block, taken once at set-up (the audio
/// path never allocates):
/// - `sources`: per frame, the eight voices' oscillator-and-noise samples, one SIMD8 (each
///   group of four fills its half), which the filter stage reads as one vector;
/// - `left`/`right`: per frame, the voices' panned outputs folded to four lanes, summed
///   across lanes once per block, four frames at a time (`SIMD4.laneSums`), because a
///   horizontal sum in every sample costs about as much as a voice's oscillator.
final class GroupOutput {
    let sources: UnsafeMutablePointer<SIMD8<Float>>
    let left: UnsafeMutablePointer<SIMD4<Float>>
    let right: UnsafeMutablePointer<SIMD4<Float>>
    let frames: Int

    init(frames: Int) {
        precondition(frames % 4 == 0, "lane sums go four frames at a time")
        self.frames = frames
        sources = .allocate(capacity: frames)
        left = .allocate(capacity: frames)
        right = .allocate(capacity: frames)
        sources.initialize(repeating: .zero, count: frames)
        left.initialize(repeating: .zero, count: frames)
        right.initialize(repeating: .zero, count: frames)
    }

    deinit {
        sources.deallocate()
        left.deallocate()
        right.deallocate()
    }

    /// Group `index`'s half of each frame's sources: a four-lane vector every eight floats.
    func sources(ofGroup index: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(sources) + index * MemoryLayout<SIMD4<Float>>.stride
    }

    /// Silences a group's half of the sources, for a block in which it does not run.
    func clearSources(ofGroup index: Int, frames: Int) {
        let base = sources(ofGroup: index)
        for i in 0..<frames { base.storeBytes(of: .zero, toByteOffset: i * MemoryLayout<SIMD8<Float>>.stride, as: SIMD4<Float>.self) }
    }

    /// Adds each frame's lane sums to `outLeft/outRight`.
    @inline(__always)
    func mix(intoLeft outLeft: UnsafeMutablePointer<Float>, right outRight: UnsafeMutablePointer<Float>, frames: Int) {
        typealias Lanes = SIMD4<Float>
        for t in stride(from: 0, to: frames, by: 4) {
            let sumsLeft = Lanes.laneSums(left[t], left[t + 1], left[t + 2], left[t + 3])
            let sumsRight = Lanes.laneSums(right[t], right[t + 1], right[t + 2], right[t + 3])
            let l = UnsafeMutableRawPointer(outLeft + t), r = UnsafeMutableRawPointer(outRight + t)
            l.storeBytes(of: l.loadUnaligned(as: Lanes.self) + sumsLeft, as: Lanes.self)
            r.storeBytes(of: r.loadUnaligned(as: Lanes.self) + sumsRight, as: Lanes.self)
        }
    }
}
