import API
import Atomics
import struct Synchronization.Mutex

/// Carries parameter changes from any thread to the render thread.
///
/// It is a sequence lock over one slot per parameter: submitters take a mutex among
/// themselves, bump the sequence to odd, store the values, and bump it to even. The render
/// thread only loads atomics: at each control block it compares the sequence with the one it
/// last applied and, if a complete publication is there, copies all values at once. So a batch
/// lands at one sample, the render thread never waits or allocates, and changes can never
/// overflow a queue: later values simply replace earlier ones.
///
/// A change may carry a glide time: beside each value sits the glide of its last change, and
/// the engine moves a continuous parameter there over that time, or holds a discrete one for
/// the next bar.
public final class ParameterMailbox: @unchecked Sendable {
    // @unchecked: `slots` and `glides` are written only under `submitters`, read only via atomics.
    private let slots: UnsafeMutablePointer<UnsafeAtomic<UInt64>.Storage>
    private let glides: UnsafeMutablePointer<UnsafeAtomic<UInt64>.Storage>
    private let sequence = ManagedAtomic<UInt64>(0)
    private let submitters: Mutex<ParameterSet>

    public init(initial: ParameterSet) {
        let count = ParameterID.count
        slots = .allocate(capacity: count)
        glides = .allocate(capacity: count)
        for id in ParameterID.allCases {
            (slots + id.rawValue).initialize(to: .init(initial[id].bitPattern))
            (glides + id.rawValue).initialize(to: .init(0))
        }
        submitters = Mutex(initial)
    }

    deinit {
        slots.deinitialize(count: ParameterID.count)
        slots.deallocate()
        glides.deinitialize(count: ParameterID.count)
        glides.deallocate()
    }

    /// The values in force after every submission so far.
    public var current: ParameterSet { submitters.withLock { $0 } }

    /// Publications so far (a submission that changes nothing publishes nothing): a batch counts once.
    public var revision: UInt64 { sequence.load(ordering: .acquiring) / 2 }

    /// Applies assignments all or nothing and publishes them together, gliding over `glide`
    /// seconds. Returns the values now in force.
    @discardableResult
    public func submit(_ assignments: [(key: String, value: ParameterValue)], glide: Double = 0) throws(ParameterError) -> ParameterSet {
        try update(glide: glide) { (set: inout ParameterSet) throws(ParameterError) in try set.apply(assignments) }
    }

    /// Same, from text values (`key=value` on a command line or in a URL).
    @discardableResult
    public func submit(texts: [(key: String, text: String)], glide: Double = 0) throws(ParameterError) -> ParameterSet {
        try update(glide: glide) { (set: inout ParameterSet) throws(ParameterError) in
            for (key, text) in texts { try set.set(key, text: text) }
        }
    }

    /// Same, from engine values.
    @discardableResult
    public func submit(_ changes: [(ParameterID, Double)], glide: Double = 0) throws(ParameterError) -> ParameterSet {
        try update(glide: glide) { (set: inout ParameterSet) throws(ParameterError) in
            for (id, value) in changes { try set.set(id, number: value) }
        }
    }

    /// Replaces every value (loading a preset into a running engine), gliding over `glide`
    /// seconds; with none, changes are smoothed as usual.
    @discardableResult
    public func replace(with parameters: ParameterSet, glide: Double = 0) -> ParameterSet {
        // A ParameterSet is valid by construction, so this cannot fail.
        (try? update(glide: glide) { (set: inout ParameterSet) throws(ParameterError) in set = parameters }) ?? parameters
    }

    private func update(glide: Double, _ change: (inout ParameterSet) throws(ParameterError) -> Void) throws(ParameterError) -> ParameterSet {
        precondition(glide.isFinite && glide >= 0, "a glide time is checked before it gets here")
        return try submitters.withLock { (set: inout ParameterSet) throws(ParameterError) -> ParameterSet in
            var next = set
            try change(&next)
            let changed = next.differences(from: set)
            guard !changed.isEmpty else { return next }
            let start = sequence.load(ordering: .relaxed)
            sequence.store(start &+ 1, ordering: .relaxed)
            atomicMemoryFence(ordering: .releasing)
            for id in changed {
                UnsafeAtomic(at: slots + id.rawValue).store(next[id].bitPattern, ordering: .relaxed)
                UnsafeAtomic(at: glides + id.rawValue).store(glide.bitPattern, ordering: .relaxed)
            }
            sequence.store(start &+ 2, ordering: .releasing)
            set = next
            return next
        }
    }

    // MARK: Render side

    /// The sequence number of the newest complete publication, or nil while one is being written.
    @inline(__always)
    func publishedSequence() -> UInt64? {
        let value = sequence.load(ordering: .acquiring)
        return value & 1 == 0 ? value : nil
    }

    /// Copies every value into `destination`, and the glide of its last change into
    /// `glideDestination`, if publication `expected` is still the newest; returns false (and
    /// the caller tries again next block) if a submitter got in between.
    @inline(__always)
    func read(into destination: UnsafeMutablePointer<Double>, glides glideDestination: UnsafeMutablePointer<Double>,
              expected: UInt64) -> Bool {
        for index in 0..<ParameterID.count {
            destination[index] = Double(bitPattern: UnsafeAtomic(at: slots + index).load(ordering: .relaxed))
            glideDestination[index] = Double(bitPattern: UnsafeAtomic(at: glides + index).load(ordering: .relaxed))
        }
        atomicMemoryFence(ordering: .acquiring)
        return sequence.load(ordering: .relaxed) == expected
    }
}
