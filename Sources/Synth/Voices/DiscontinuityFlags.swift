#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Which samples of a block an oscillator must correct: a byte per sample, its lanes'
/// discontinuities as bits, written unconditionally by the per-sample loop (a store, where
/// keeping a list would need a branch or a counter), and read back as bit masks of 64
/// samples, so that finding the next marked sample is a bit scan, not a branch per sample.
struct DiscontinuityFlags {
    /// Capacity is rounded up to whole words of 64 samples, read past a block's end.
    static func capacity(frames: Int) -> Int { (frames + 63) / 64 * 64 }

    let bytes: UnsafeMutablePointer<UInt8>

    /// Marks sample `index` with its lanes' discontinuity bits (zero for none).
    @inline(__always)
    func mark(_ index: Int, _ lanes: Int32) {
        bytes[index] = UInt8(truncatingIfNeeded: lanes)
    }

    /// The marked samples among the first `frames`, in order.
    @inline(__always)
    func marked(frames: Int) -> MarkedSamples { MarkedSamples(flags: self, frames: frames) }

    struct MarkedSamples: Sequence, IteratorProtocol {
        let flags: DiscontinuityFlags
        let frames: Int
        private var word: UInt64 = 0
        private var wordStart = -64

        init(flags: DiscontinuityFlags, frames: Int) {
            self.flags = flags
            self.frames = frames
        }

        @inline(__always)
        mutating func next() -> Int? {
            while word == 0 {
                wordStart &+= 64
                if wordStart >= frames { return nil }
                word = flags.nonzero(at: wordStart)
                let remaining = frames &- wordStart
                if remaining < 64 { word &= (1 &<< UInt64(remaining)) &- 1 }
            }
            let index = wordStart &+ word.trailingZeroBitCount
            word &= word &- 1
            return index
        }
    }

    /// Bit j set where byte `start + j` is nonzero, for 64 bytes.
    @inline(__always)
    private func nonzero(at start: Int) -> UInt64 {
        #if arch(x86_64)
        let chunks = UnsafeRawPointer(bytes + start)
        var zero: UInt64 = 0
        for part in 0..<4 {
            let chunk = chunks.loadUnaligned(fromByteOffset: part * 16, as: SIMD2<Int64>.self)
            let bits = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, SIMD2<Int64>.zero))
            zero |= (UInt64(truncatingIfNeeded: bits) & 0xFFFF) &<< UInt64(part * 16)
        }
        return ~zero
        #else
        var marked: UInt64 = 0
        for j in 0..<64 where bytes[start + j] != 0 { marked |= 1 &<< UInt64(j) }
        return marked
        #endif
    }
}
