/// The voice bank's scratch memory for one control block, taken once at set-up (the audio
/// path never allocates):
/// - `sources`: per frame, the eight voices' oscillator-and-noise samples, one SIMD8 (each
///   group fills its lanes), which the filter stage reads as one vector; three frames more
///   than a block, for the oscillators' corrections that reach past it (`VoiceGroup`);
/// - `flags`: which samples of a block each of a group's two oscillators must correct
///   (`DiscontinuityFlags`), a byte a frame;
/// - `left`/`right`: per frame, the eight voices' panned outputs, summed across lanes once
///   per block, several frames at a time (`laneSums`), because a horizontal sum in every
///   sample costs about as much as a voice's oscillator. On SSE the filter loop folds the
///   eight lanes to four as it stores them (`Panned`) and the sums go four frames at a
///   time; on AVX that fold made LLVM split the whole loop's vectors in two, so there the
///   eight lanes are stored and summed eight frames at a time.
final class GroupOutput {
    let sources: UnsafeMutablePointer<SIMD8<Float>>
    private let flags: UnsafeMutablePointer<UInt8>
    private let flagsPerOscillator: Int
    #if SYNTHCAST_AVX2
    typealias Panned = SIMD8<Float>
    @inline(__always) static func panned(_ lanes: SIMD8<Float>) -> Panned { lanes }
    #else
    typealias Panned = SIMD4<Float>
    @inline(__always) static func panned(_ lanes: SIMD8<Float>) -> Panned { lanes.lowHalf + lanes.highHalf }
    #endif

    let left: UnsafeMutablePointer<Panned>
    let right: UnsafeMutablePointer<Panned>
    let frames: Int

    init(frames: Int) {
        precondition(frames % 4 == 0, "lane sums go four frames at a time")
        self.frames = frames
        sources = .allocate(capacity: frames + 3)
        flagsPerOscillator = DiscontinuityFlags.capacity(frames: frames)
        flags = .allocate(capacity: 2 * flagsPerOscillator)
        left = .allocate(capacity: frames)
        right = .allocate(capacity: frames)
        sources.initialize(repeating: .zero, count: frames + 3)
        flags.initialize(repeating: 0, count: 2 * flagsPerOscillator)
        left.initialize(repeating: .zero, count: frames)
        right.initialize(repeating: .zero, count: frames)
    }

    deinit {
        sources.deallocate()
        flags.deallocate()
        left.deallocate()
        right.deallocate()
    }

    /// Group `index`'s lanes of each frame's sources: a group vector every eight floats.
    func sources(ofGroup index: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(sources) + index * MemoryLayout<VoiceLanes>.stride
    }

    /// Discontinuity flags for a group's main (0) or unison (1) oscillator; groups run one
    /// after the other, so they share them.
    func discontinuities(ofOscillator index: Int) -> DiscontinuityFlags {
        DiscontinuityFlags(bytes: flags + index * flagsPerOscillator)
    }

    /// Silences a group's lanes of the sources, for a block in which it does not run.
    func clearSources(ofGroup index: Int, frames: Int) {
        let base = sources(ofGroup: index)
        for i in 0..<frames { base.storeBytes(of: .zero, toByteOffset: i * MemoryLayout<SIMD8<Float>>.stride, as: VoiceLanes.self) }
    }

    /// Adds each frame's lane sums to `outLeft/outRight`.
    @inline(__always)
    func mix(intoLeft outLeft: UnsafeMutablePointer<Float>, right outRight: UnsafeMutablePointer<Float>, frames: Int) {
        #if SYNTHCAST_AVX2
        // Eight frames at a time: folding each frame's halves first made LLVM load every
        // vector twice and shuffle across halves (27 instructions a frame, against about 8).
        precondition(frames % 8 == 0, "wide lane sums go eight frames at a time")
        for t in stride(from: 0, to: frames, by: 8) {
            add(SIMD8.laneSums(left + t), to: outLeft + t)
            add(SIMD8.laneSums(right + t), to: outRight + t)
        }
        #else
        typealias Lanes = SIMD4<Float>
        for t in stride(from: 0, to: frames, by: 4) {
            let sumsLeft = Lanes.laneSums(left[t], left[t + 1], left[t + 2], left[t + 3])
            let sumsRight = Lanes.laneSums(right[t], right[t + 1], right[t + 2], right[t + 3])
            add(sumsLeft, to: outLeft + t)
            add(sumsRight, to: outRight + t)
        }
        #endif
    }
}
