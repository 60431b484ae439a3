/// Zeroed float memory taken once at set-up and freed with its owner: delay lines and
/// scratch blocks. The audio path reads `pointer` and never allocates.
final class SampleBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }

    deinit { pointer.deallocate() }

    func clear() { pointer.update(repeating: 0, count: count) }

    // A control block is too short to pay for a call into memset or memcpy: these two work
    // in vectors of eight, inline. `frames` is a multiple of 8.

    /// Zeroes the first `frames` samples.
    @inline(__always)
    func clear(frames: Int) {
        for i in stride(from: 0, to: frames, by: 8) {
            UnsafeMutableRawPointer(pointer + i).storeBytes(of: SIMD8<Float>.zero, as: SIMD8<Float>.self)
        }
    }

    /// Copies the first `frames` samples to `destination`.
    @inline(__always)
    func copy(frames: Int, to destination: UnsafeMutablePointer<Float>) {
        for i in stride(from: 0, to: frames, by: 8) {
            let block = UnsafeRawPointer(pointer + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(destination + i).storeBytes(of: block, as: SIMD8<Float>.self)
        }
    }
}
