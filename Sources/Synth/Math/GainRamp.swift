/// Multiplies a stereo block by a gain ramped linearly from `start` (before the first frame)
/// to `end` (at the last): a level change without a step. `frames` is a multiple of 8.
@inline(__always)
func applyGainRamp(from start: Float, to end: Float, left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
    typealias Chunk = SIMD8<Float>
    let slope = (end - start) / Float(frames)
    for at in stride(from: 0, to: frames, by: 8) {
        let gain = start + slope * (Chunk.oneThroughEight + Float(at))
        let l = UnsafeMutableRawPointer(left + at), r = UnsafeMutableRawPointer(right + at)
        l.storeBytes(of: l.loadUnaligned(as: Chunk.self) * gain, as: Chunk.self)
        r.storeBytes(of: r.loadUnaligned(as: Chunk.self) * gain, as: Chunk.self)
    }
}
