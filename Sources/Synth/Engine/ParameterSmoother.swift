import RealModule

/// Moves each parameter from its old value towards its target, once per control block, so
/// no change arrives as a step. Exponential parameters (frequencies, times) move in the log
/// domain, so a cutoff sweep sounds even across octaves. Keeps the values at the start and
/// end of the block; DSP that needs per-sample smoothness ramps between the two.
///
/// A change without a glide follows a one-pole curve with the parameter's own time constant.
/// A change with a glide (a morph) moves a continuous parameter in a straight line, in that
/// domain, over the glide's blocks; a discrete one (a choice, a whole number) is held until
/// `releaseHeld`, which the engine calls as the next bar starts.
final class ParameterSmoother {
    private let count = ParameterID.count
    private let blockSeconds: Double
    private let memory: UnsafeMutablePointer<Double>
    /// Targets and glide state: log2 of the value for exponential parameters.
    private let target: UnsafeMutablePointer<Double>
    private let state: UnsafeMutablePointer<Double>
    /// Values at the end and at the start of the current block, in the schema's units.
    let current: UnsafeMutablePointer<Double>
    let previous: UnsafeMutablePointer<Double>
    private let coefficient: UnsafeMutablePointer<Double>
    /// A glide's step per block, and the blocks it has left (0: no glide).
    private let glideStep: UnsafeMutablePointer<Double>
    private let glideBlocks: UnsafeMutablePointer<Int>
    /// A discrete value waiting for the next bar, and whether one is.
    private let heldValue: UnsafeMutablePointer<Double>
    private let held: UnsafeMutablePointer<Bool>
    private let exponential: UnsafeMutablePointer<Bool>
    private let discrete: UnsafeMutablePointer<Bool>
    private var movedLastBlock = true
    private(set) var isHoldingForBar = false

    init(initial: ParameterSet, blockSeconds: Double) {
        self.blockSeconds = blockSeconds
        memory = .allocate(capacity: count * 7)
        memory.initialize(repeating: 0, count: count * 7)
        target = memory
        state = memory + count
        current = memory + 2 * count
        previous = memory + 3 * count
        coefficient = memory + 4 * count
        glideStep = memory + 5 * count
        heldValue = memory + 6 * count
        glideBlocks = .allocate(capacity: count)
        glideBlocks.initialize(repeating: 0, count: count)
        held = .allocate(capacity: count)
        held.initialize(repeating: false, count: count)
        exponential = .allocate(capacity: count)
        discrete = .allocate(capacity: count)
        for id in ParameterID.allCases {
            let spec = id.spec, i = id.rawValue
            exponential[i] = spec.curve == .exponential
            discrete[i] = spec.kind != .float
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
        glideBlocks.deallocate()
        held.deallocate()
        exponential.deallocate()
        discrete.deallocate()
    }

    /// New targets, in the schema's units, and the glide of each one's last change in seconds
    /// (from the parameter mailbox). Only values that differ from their target start moving.
    func setTargets(_ values: UnsafePointer<Double>, glides: UnsafePointer<Double>) {
        var holding = false
        for i in 0..<count {
            let next = internalValue(values[i], at: i)
            if discrete[i] {
                if held[i], next == heldValue[i] {
                    holding = true
                    continue
                }
                held[i] = false
                guard next != target[i] else { continue }
                if glides[i] > 0 {
                    held[i] = true
                    heldValue[i] = next
                    holding = true
                } else {
                    target[i] = next
                }
                continue
            }
            guard next != target[i] else { continue }
            target[i] = next
            if glides[i] > 0 {
                let blocks = max(1, Int((glides[i] / blockSeconds).rounded()))
                glideBlocks[i] = blocks
                glideStep[i] = (next - state[i]) / Double(blocks)
            } else {
                glideBlocks[i] = 0
            }
        }
        isHoldingForBar = holding
        movedLastBlock = true
    }

    /// Lets the discrete values held for the bar take effect.
    func releaseHeld() {
        for i in 0..<count where held[i] {
            held[i] = false
            target[i] = heldValue[i]
        }
        isHoldingForBar = false
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
            var next: Double
            if glideBlocks[i] > 0 {
                glideBlocks[i] -= 1
                next = glideBlocks[i] == 0 ? target[i] : state[i] + glideStep[i]
            } else {
                next = state[i] + (target[i] - state[i]) * coefficient[i]
                // Snap when the remainder is inaudible, so gliding ends and costs nothing after.
                if abs(target[i] - next) <= 1e-6 * max(1, abs(target[i])) { next = target[i] }
            }
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
