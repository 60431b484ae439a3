import RealModule
#if SYNTHCAST_AVX2
import _Builtin_intrinsics.intel
#endif

/// An eight-line feedback delay network (Jot/Stautner-Puckette): eight delay lines mixed by
/// an orthogonal Hadamard matrix, each damped by a two-tap absorption filter and scaled so
/// that the tail decays by 60 dB in the time `size` sets.
///
/// Every line is longer than a control block, so nothing a block writes is read within the
/// same block. The network therefore runs a block at a time, with vectors that run along
/// time: read each line's samples for the block, damp, mix the lines, write them back. The
/// damping is an FIR, y = x + b·(x[n-1] - x), rather than the usual one-pole low-pass: a
/// recursive filter would chain every sample to the one before and leave the loop waiting on
/// latency (it took 80 % of the reverb's time), while the FIR's highs still fall with every
/// pass.
struct Reverb {
    // Consecutive frames of one line (eight lines of them fill the registers).
    typealias Block = FrameRun
    static let lineCount = 8
    private static let frames = ControlBlock.frames
    /// Mutually prime line lengths at 44.1 kHz (23 to 64 ms), scaled to the sample rate.
    private static let lengthsAt44k: [Double] = [1021, 1327, 1559, 1801, 2029, 2251, 2543, 2819]
    /// Frames per line ring: a power of two (wrapping is a mask) with room for the longest
    /// line at 48 kHz and a block. A constant, so the lines' addresses are constant offsets.
    private static let capacity = 4096
    /// Each ring is followed by this many frames repeating its start, so a block's reads are
    /// one contiguous run wherever they fall.
    private static let mirrorFrames = 2 * frames
    private static let lineStride = capacity + mirrorFrames

    private let lines: SampleBuffer  // lineCount rings of lineStride frames
    /// How far behind the write each line reads: its length, and one more for the damping's
    /// second tap.
    private let readBack: SIMD8<Int>
    private let lengthSeconds: [Double]
    private var writeIndex = 0
    private var idle = true
    private var decayGains = Memo<Float, SIMD8<Float>>()

    init(sampleRate: Double) {
        let lengths = Self.lengthsAt44k.map { Int(($0 * sampleRate / 44100).rounded()) }
        readBack = SIMD8(lengths.map { $0 + 1 })
        precondition(lengths.min()! > Self.frames && Self.frames % Block.scalarCount == 0, "lines must be longer than a block of whole vectors")
        precondition(lengths.max()! + Self.frames < Self.capacity, "sample rate too high for the reverb's lines")
        lengthSeconds = lengths.map { Double($0) / sampleRate }
        lines = SampleBuffer(count: Self.lineStride * Self.lineCount)
    }

    struct Controls {
        var size: Float
        var damping: Float
        var startMix: Float
        var mix: Float
    }

    /// Feeds the mono sum of `inLeft/inRight` in and adds the stereo tail to the outputs, one
    /// control block.
    mutating func process(_ c: Controls, inLeft: UnsafePointer<Float>, inRight: UnsafePointer<Float>,
                          outLeft: UnsafeMutablePointer<Float>, outRight: UnsafeMutablePointer<Float>) {
        guard c.mix > 0 || c.startMix > 0 else {
            if !idle { lines.clear(); idle = true }
            return
        }
        idle = false
        // Damping: 0 keeps the highs, 1 halves the top octave on every pass. Each line is
        // damped as (1 - absorb)·(x + k·x[n-1]); the common factor joins the gains below.
        let absorb = 0.5 * c.damping
        let keep = 1 - absorb, k = absorb / keep
        let decay = decayGains(c.size) { size in
            // Decay time 0.3 s ... 12 s; per-line gain for -60 dB over that time.
            let seconds = 0.3 * Double.pow(40, Double(size))
            var gains = SIMD8<Float>.zero
            for line in 0..<Self.lineCount {
                gains[line] = Float(Double.pow(10, -3 * lengthSeconds[line] / seconds) / 8.0.squareRoot())
            }
            return gains
        }
        let gains = decay * keep

        // Each line's reads start one sample early: the damping's second tap.
        let base = lines.pointer, write = writeIndex, mask = Self.capacity - 1
        let starts = (SIMD8(repeating: write) &- readBack) & mask
        func reads(_ line: Int) -> UnsafePointer<Float> { UnsafePointer(base + line * Self.lineStride + starts[line]) }
        let r0 = reads(0), r1 = reads(1), r2 = reads(2), r3 = reads(3), r4 = reads(4), r5 = reads(5), r6 = reads(6), r7 = reads(7)
        let w = base + write
        let g0 = gains[0], g1 = gains[1], g2 = gains[2], g3 = gains[3], g4 = gains[4], g5 = gains[5], g6 = gains[6], g7 = gains[7]

        // Even lines to the left, odd lines to the right: two decorrelated tails. After the
        // transform, outputs 0 ± 1 are twice the even and odd sums.
        let mixStep = (c.mix - c.startMix) / Float(Self.frames)
        let wetScale = 0.25 * keep
        let step = Block.scalarCount
        var mix = (c.startMix + Block.counting * mixStep) * wetScale
        let mixBlockStep = Float(step) * mixStep * wetScale
        // Mix the lines (Hadamard, orthonormal, times each line's decay gain), add the input,
        // and write the result where the block's samples go.
        for at in stride(from: 0, to: Self.frames, by: step) {
            @inline(__always) func damped(_ r: UnsafePointer<Float>) -> Block { multiplyAdd(load(r + at), Block(repeating: k), Self.loadApart(r + at + 1)) }
            var v = (damped(r0), damped(r1), damped(r2), damped(r3), damped(r4), damped(r5), damped(r6), damped(r7))
            Self.hadamard(&v)
            store(multiplyAdd(v.0 + v.1, mix, load(outLeft + at)), outLeft + at)
            store(multiplyAdd(v.0 - v.1, mix, load(outRight + at)), outRight + at)
            mix += mixBlockStep

            let input = (load(inLeft + at, as: Block.self) + load(inRight + at)) * 0.25
            let line = w + at, stride = Self.lineStride
            store(multiplyAdd(v.0, Block(repeating: g0), input), line)
            store(multiplyAdd(v.1, Block(repeating: g1), input), line + stride)
            store(multiplyAdd(v.2, Block(repeating: g2), input), line + 2 * stride)
            store(multiplyAdd(v.3, Block(repeating: g3), input), line + 3 * stride)
            store(multiplyAdd(v.4, Block(repeating: g4), input), line + 4 * stride)
            store(multiplyAdd(v.5, Block(repeating: g5), input), line + 5 * stride)
            store(multiplyAdd(v.6, Block(repeating: g6), input), line + 6 * stride)
            store(multiplyAdd(v.7, Block(repeating: g7), input), line + 7 * stride)
        }
        // The ring's first blocks are mirrored past its end.
        if write < Self.mirrorFrames {
            for line in 0..<Self.lineCount {
                let start = base + line * Self.lineStride + write
                (start + Self.capacity).update(from: start, count: Self.frames)
            }
        }
        writeIndex = (write &+ Self.frames) & mask
    }

    /// A vector load that LLVM leaves alone. Two loads one sample apart (the damping's taps)
    /// it otherwise merges into one load, a broadcast, a blend and a permute: three shuffles
    /// in place of a load, on every line. `vlddqu` is an opaque intrinsic, so it stays a load.
    @inline(__always)
    private static func loadApart(_ pointer: UnsafePointer<Float>) -> Block {
        #if SYNTHCAST_AVX2
        unsafeBitCast(_mm256_lddqu_si256(UnsafeRawPointer(pointer).assumingMemoryBound(to: SIMD4<Int64>.self)), to: Block.self)
        #else
        load(pointer)
        #endif
    }

    /// 8-point fast Walsh-Hadamard transform across the lines, each lane one frame.
    @inline(__always)
    private static func hadamard(_ v: inout (Block, Block, Block, Block, Block, Block, Block, Block)) {
        (v.0, v.1) = (v.0 + v.1, v.0 - v.1); (v.2, v.3) = (v.2 + v.3, v.2 - v.3)
        (v.4, v.5) = (v.4 + v.5, v.4 - v.5); (v.6, v.7) = (v.6 + v.7, v.6 - v.7)
        (v.0, v.2) = (v.0 + v.2, v.0 - v.2); (v.1, v.3) = (v.1 + v.3, v.1 - v.3)
        (v.4, v.6) = (v.4 + v.6, v.4 - v.6); (v.5, v.7) = (v.5 + v.7, v.5 - v.7)
        (v.0, v.4) = (v.0 + v.4, v.0 - v.4); (v.1, v.5) = (v.1 + v.5, v.1 - v.5)
        (v.2, v.6) = (v.2 + v.6, v.2 - v.6); (v.3, v.7) = (v.3 + v.7, v.3 - v.7)
    }
}
