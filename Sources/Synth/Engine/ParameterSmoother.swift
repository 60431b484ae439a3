import RealModule

/// Moves each parameter from its old value towards its target, once per control block, so
/// no change arrives as a step. Exponential parameters (frequencies, times) glide in the log
/// domain, so a cutoff sweep sounds even across octaves. Keeps the values at the start and
/// end of the block; DSP that needs per-sample smoothness ramps between the two.
final class ParameterSmoother {
    private let count = ParameterID.count
    private let memory: UnsafeMutablePointer<Double>
    /// Targets and glide state: log2 of the value for exponential parameters.
    private let target: UnsafeMutablePointer<Double>
    private let state: UnsafeMutablePointer<Double>
    /// Values at the end and at the start of the current block, in the schema's units.
    let current: UnsafeMutablePointer<Double>
    let previous: UnsafeMutablePointer<Double>
    private let coefficient: UnsafeMutablePointer<Double>
    private let exponential: UnsafeMutablePointer<Bool>
    private var movedLastBlock = true

    init(initial: ParameterSet, blockSeconds: Double) {
        memory = .allocate(capacity: count * 5)
        memory.initialize(repeating: 0, count: count * 5)
        target = memory
        state = memory + count
        current = memory + 2 * count
        previous = memory + 3 * count
        coefficient = memory + 4 * count
        exponential = .allocate(capacity: count)
        for id in ParameterID.allCases {
            let spec = id.spec, i = id.rawValue
            exponential[i] = spec.curve == .exponential
            // Reaches 99 % of a change within about 4.6 time constants.
            coefficient[i] = spec.smoothingSeconds > 0 ? 1 - Double.exp(-blockSeconds / spec.smoothingSeconds) : 1
            target[i] = internalValue(initial[id], at: i)
            state[i] = target[i]
            current[i] = initial[id]
            previous[i] = initial[id]
        }
    }

    deinit {
        memory.deallocate()
        exponential.deallocate()
    }

    /// New targets, in the schema's units (from the parameter mailbox).
    func setTargets(_ values: UnsafePointer<Double>) {
        for i in 0..<count { target[i] = internalValue(values[i], at: i) }
        movedLastBlock = true
    }

    /// Glide state of a parameter: log2 of its value if exponential (saves a log per block).
    @inline(__always)
    func logValue(_ id: ParameterID) -> Double { state[id.rawValue] }

    /// Advances every moving parameter by one block. Returns false when no value at the
    /// start or the end of the block changed, so the block can reuse what it derived last time.
    func step() -> Bool {
        guard movedLastBlock else { return false }
        previous.update(from: current, count: count)
        var moved = false
        for i in 0..<count where state[i] != target[i] {
            var next = state[i] + (target[i] - state[i]) * coefficient[i]
            // Snap when the remainder is inaudible, so gliding ends and costs nothing after.
            if abs(target[i] - next) <= 1e-6 * max(1, abs(target[i])) { next = target[i] }
            state[i] = next
            current[i] = exponential[i] ? Double.exp2(next) : next
            moved = true
        }
        // One more block after the last move, so `previous` catches up with `current`.
        movedLastBlock = moved
        return true
    }

    @inline(__always)
    private func internalValue(_ value: Double, at index: Int) -> Double {
        exponential[index] ? Double.log2(value) : value
    }
}
