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
public final class ParameterMailbox: @unchecked Sendable {
    // @unchecked: `slots` is written only under `submitters`, read only via atomics.
    private let slots: UnsafeMutablePointer<UnsafeAtomic<UInt64>.Storage>
    private let sequence = ManagedAtomic<UInt64>(0)
    private let submitters: Mutex<ParameterSet>

    public init(initial: ParameterSet) {
        let count = ParameterID.count
        slots = .allocate(capacity: count)
        for id in ParameterID.allCases {
            (slots + id.rawValue).initialize(to: .init(initial[id].bitPattern))
        }
        submitters = Mutex(initial)
    }

    deinit {
        slots.deinitialize(count: ParameterID.count)
        slots.deallocate()
    }

    /// The values in force after every submission so far.
    public var current: ParameterSet { submitters.withLock { $0 } }

    /// Applies assignments all or nothing and publishes them together. Returns the values now in force.
    @discardableResult
    public func submit(_ assignments: [(key: String, value: ParameterValue)]) throws(ParameterError) -> ParameterSet {
        try update { (set: inout ParameterSet) throws(ParameterError) in try set.apply(assignments) }
    }

    /// Same, from text values (`key=value` on a command line or in a URL).
    @discardableResult
    public func submit(texts: [(key: String, text: String)]) throws(ParameterError) -> ParameterSet {
        try update { (set: inout ParameterSet) throws(ParameterError) in
            for (key, text) in texts { try set.set(key, text: text) }
        }
    }

    /// Same, from engine values.
    @discardableResult
    public func submit(_ changes: [(ParameterID, Double)]) throws(ParameterError) -> ParameterSet {
        try update { (set: inout ParameterSet) throws(ParameterError) in
            for (id, value) in changes { try set.set(id, number: value) }
        }
    }

    /// Replaces every value (loading a preset into a running engine); changes are smoothed as usual.
    @discardableResult
    public func replace(with parameters: ParameterSet) -> ParameterSet {
        // A ParameterSet is valid by construction, so this cannot fail.
        (try? update { (set: inout ParameterSet) throws(ParameterError) in set = parameters }) ?? parameters
    }

    private func update(_ change: (inout ParameterSet) throws(ParameterError) -> Void) throws(ParameterError) -> ParameterSet {
        try submitters.withLock { (set: inout ParameterSet) throws(ParameterError) -> ParameterSet in
            var next = set
            try change(&next)
            let changed = next.differences(from: set)
            guard !changed.isEmpty else { return next }
            let start = sequence.load(ordering: .relaxed)
            sequence.store(start &+ 1, ordering: .relaxed)
            atomicMemoryFence(ordering: .releasing)
            for id in changed {
                UnsafeAtomic(at: slots + id.rawValue).store(next[id].bitPattern, ordering: .relaxed)
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

    /// Copies every value into `destination` if publication `expected` is still the newest;
    /// returns false (and the caller tries again next block) if a submitter got in between.
    @inline(__always)
    func read(into destination: UnsafeMutablePointer<Double>, expected: UInt64) -> Bool {
        for index in 0..<ParameterID.count {
            destination[index] = Double(bitPattern: UnsafeAtomic(at: slots + index).load(ordering: .relaxed))
        }
        atomicMemoryFence(ordering: .acquiring)
        return sequence.load(ordering: .relaxed) == expected
    }
}
