import RealModule

/// An eight-line feedback delay network (Jot/Stautner-Puckette): eight delay lines mixed by
/// an orthogonal Hadamard matrix, each damped by a two-tap absorption filter and scaled so
/// that the tail decays by 60 dB in the time `size` sets.
///
/// Every line is longer than a control block, so nothing a block writes is read within the
/// same block. The network therefore runs a block at a time, with vectors that run along
/// time: read each line's 32 samples, damp, mix the lines, write them back. The damping is
/// an FIR, y = x + b·(x[n-1] - x), rather than the usual one-pole low-pass: a recursive
/// filter would chain every sample to the one before and leave the loop waiting on latency
/// (it took 80 % of the reverb's time), while the FIR's highs still fall with every pass.
struct Reverb {
    typealias Block = SIMD8<Float>  // eight consecutive frames of one line
    static let lineCount = 8
    /// Mutually prime line lengths at 44.1 kHz (23 to 64 ms), scaled to the sample rate.
    private static let lengthsAt44k: [Double] = [1021, 1327, 1559, 1801, 2029, 2251, 2543, 2819]

    private let lines: SampleBuffer        // lineCount buffers of `capacity` frames
    private let scratch: SampleBuffer      // per line: the last sample of the previous block, then this block's
    private let mixed: SampleBuffer        // lineCount × blockFrames frames to write back
    private let capacity: Int              // a power of two, so wrapping is a mask
    private let lengths: [Int]
    private let lengthSeconds: [Double]
    private let blockFrames: Int
    private var writeIndex = 0
    private var idle = true
    private var decayGains = Memo<Float, SIMD8<Float>>()

    init(sampleRate: Double, blockFrames: Int) {
        lengths = Self.lengthsAt44k.map { Int(($0 * sampleRate / 44100).rounded()) }
        precondition(lengths.min()! > blockFrames && blockFrames % 8 == 0, "lines must be longer than a block of whole vectors")
        lengthSeconds = lengths.map { Double($0) / sampleRate }
        var size = 1
        while size <= lengths.max()! + blockFrames { size <<= 1 }
        capacity = size
        self.blockFrames = blockFrames
        lines = SampleBuffer(count: capacity * Self.lineCount)
        scratch = SampleBuffer(count: (blockFrames + 8) * Self.lineCount)
        mixed = SampleBuffer(count: blockFrames * Self.lineCount)
    }

    struct Controls {
        var size: Float
        var damping: Float
        var startMix: Float
        var mix: Float
    }

    /// Feeds the mono sum of `inLeft/inRight` in and adds the stereo tail to the outputs.
    /// `frames` must be the block size given at set-up (a multiple of 8).
    mutating func process(_ c: Controls, inLeft: UnsafePointer<Float>, inRight: UnsafePointer<Float>,
                          outLeft: UnsafeMutablePointer<Float>, outRight: UnsafeMutablePointer<Float>, frames: Int) {
        guard c.mix > 0 || c.startMix > 0 else {
            if !idle { lines.clear(); scratch.clear(); idle = true }
            return
        }
        idle = false
        let base = lines.pointer, stride = frames + 8
        // Each line's block starts at offset 8 of its scratch row; offset 7 keeps the sample
        // before it, for the damping filter's second tap.
        func row(_ line: Int) -> UnsafeMutablePointer<Float> { scratch.pointer + line * stride + 8 }
        // 1. Read each line's delayed samples for the block (one or two contiguous runs).
        for line in 0..<Self.lineCount {
            copyFromRing(base + line * capacity, at: writeIndex - lengths[line], to: row(line), count: frames)
        }
        // 2. Damping: 0 keeps the highs, 1 halves the top octave on every pass.
        let absorb = 0.5 * c.damping
        // 3. Mix the lines (Hadamard, orthonormal, times each line's decay gain), add the input,
        //    and keep the result in place of what was read; eight frames per vector.
        let gains = decayGains(c.size) { size in
            // Decay time 0.3 s ... 12 s; per-line gain for -60 dB over that time.
            let seconds = 0.3 * Double.pow(40, Double(size))
            var gains = SIMD8<Float>.zero
            for line in 0..<Self.lineCount {
                gains[line] = Float(Double.pow(10, -3 * lengthSeconds[line] / seconds) / 8.0.squareRoot())
            }
            return gains
        }
        let ramp = SIMD8<Float>(0, 1, 2, 3, 4, 5, 6, 7) + 1
        let mixStep = (c.mix - c.startMix) / Float(frames)
        for chunk in Swift.stride(from: 0, to: frames, by: 8) {
            func vector(_ pointer: UnsafePointer<Float>) -> Block { UnsafeRawPointer(pointer).loadUnaligned(as: Block.self) }
            func damped(_ line: Int) -> Block {
                let now = vector(row(line) + chunk), before = vector(row(line) + chunk - 1)
                return now + (before - now) * absorb
            }
            var v = (damped(0), damped(1), damped(2), damped(3), damped(4), damped(5), damped(6), damped(7))
            // Even lines to the left, odd lines to the right: two decorrelated tails.
            let mix = c.startMix + (ramp + Float(chunk)) * mixStep
            let wetLeft = (v.0 + v.2 + v.4 + v.6) * (0.5 * mix)
            let wetRight = (v.1 + v.3 + v.5 + v.7) * (0.5 * mix)
            UnsafeMutableRawPointer(outLeft + chunk).storeBytes(of: vector(outLeft + chunk) + wetLeft, as: Block.self)
            UnsafeMutableRawPointer(outRight + chunk).storeBytes(of: vector(outRight + chunk) + wetRight, as: Block.self)

            let input = (vector(inLeft + chunk) + vector(inRight + chunk)) * 0.25
            Self.hadamard(&v)
            func store(_ line: Int, _ value: Block) {
                UnsafeMutableRawPointer(mixed.pointer + line * frames + chunk).storeBytes(of: value * gains[line] + input, as: Block.self)
            }
            store(0, v.0); store(1, v.1); store(2, v.2); store(3, v.3)
            store(4, v.4); store(5, v.5); store(6, v.6); store(7, v.7)
        }
        // 4. Write the block into the lines; keep each line's last read sample for the next block.
        for line in 0..<Self.lineCount {
            copyToRing(base + line * capacity, at: writeIndex, from: mixed.pointer + line * frames, count: frames)
            row(line)[-1] = row(line)[frames - 1]
        }
        writeIndex = (writeIndex + frames) & (capacity - 1)
    }

    private func copyFromRing(_ ring: UnsafeMutablePointer<Float>, at position: Int, to destination: UnsafeMutablePointer<Float>, count: Int) {
        let start = position & (capacity - 1), first = min(count, capacity - start)
        destination.update(from: ring + start, count: first)
        if first < count { (destination + first).update(from: ring, count: count - first) }
    }

    private func copyToRing(_ ring: UnsafeMutablePointer<Float>, at position: Int, from source: UnsafeMutablePointer<Float>, count: Int) {
        let start = position & (capacity - 1), first = min(count, capacity - start)
        (ring + start).update(from: source, count: first)
        if first < count { ring.update(from: source + first, count: count - first) }
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
