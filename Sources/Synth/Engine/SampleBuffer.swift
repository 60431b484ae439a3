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
}
