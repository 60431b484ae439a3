/// The sources of a group of voices, one per lane: two detuned band-limited oscillators (the
/// first with its sub) and noise, mixed. (`FilterAndPan` takes it from there.)
///
/// A block runs in two passes: every sample's naive waveforms first, then the band-limiting
/// corrections for the few samples with a discontinuity, written into the block in place.
///
/// Why groups of four on SSE, run one after the other through a block, rather than all eight
/// voices in one SIMD8 loop: a SIMD4 vector is one SSE register, so a group's whole state
/// (phases, sub signs) stays in the sixteen registers where eight lanes spilled
/// to memory every sample; and a group whose voices are all silent is skipped outright. With
/// AVX's 256-bit registers one group holds all eight (`VoiceLanes`).
struct VoiceGroup {
    typealias Lanes = VoiceLanes
    typealias Pitch = BandLimitedOscillator.Pitch

    private var oscillator: BandLimitedOscillator
    private var unison: BandLimitedOscillator
    private var noise: GroupNoise
    /// The last block's final two samples, still open to correction, and what its last
    /// discontinuities owe the next block's first sample (see `BLEPWindow`).
    private var older: Lanes = .zero
    private var recent: Lanes = .zero
    private var pending: Lanes = .zero

    init(phases: Lanes, unisonPhases: Lanes, noise: GroupNoise) {
        oscillator = BandLimitedOscillator(phase: phases)
        unison = BandLimitedOscillator(phase: unisonPhases)
        self.noise = noise
    }

    /// Everything a block asks of the group, from the bank's block-rate maths.
    struct Block {
        var pitch: Pitch
        var unisonPitch: Pitch
        /// The pulse's falling edge (`BandLimitedOscillator.pulseEdge`).
        var width: VoiceFixed
    }

    /// Oscillator levels (main, unison, sub relative to main, noise), ramped across the block.
    struct Mix {
        var start: SIMD4<Float>
        var end: SIMD4<Float>

        var isSteady: Bool { start == end }
        var usesUnison: Bool { start[1] > 0 || end[1] > 0 }
        var usesNoise: Bool { start[3] > 0 || end[3] > 0 }

        /// The levels at sample `index` of a block, reached by `step` a sample; computed the
        /// same way in both passes, so a correction's height matches its sample's.
        @inline(__always)
        func levels(at index: Int, step: SIMD4<Float>) -> SIMD4<Float> {
            multiplyAdd(step, SIMD4(repeating: Float(index + 1)), start)
        }
    }

    /// Renders one block of sources to `output`'s lanes of this group, two samples late: the
    /// block's first two frames are the last block's final two, which corrections could still
    /// reach until now.
    mutating func render<Shape: OscillatorShape>(_ shape: Shape.Type, _ block: Block, mix: Mix,
                                                 into output: GroupOutput, group index: Int, frames: Int) {
        let scratch = Scratch(output: output, group: index)
        // One specialised loop per combination of the block's switches, so that no state is
        // updated conditionally inside the loop: a conditional update would keep that state
        // in memory instead of registers.
        switch (mix.isSteady, mix.usesUnison, mix.usesNoise) {
        case (true, true, false): run(shape, block, mix, scratch, frames, Off.self, On.self, Off.self)
        case (true, false, false): run(shape, block, mix, scratch, frames, Off.self, Off.self, Off.self)
        case (true, true, true): run(shape, block, mix, scratch, frames, Off.self, On.self, On.self)
        case (true, false, true): run(shape, block, mix, scratch, frames, Off.self, Off.self, On.self)
        case (false, true, false): run(shape, block, mix, scratch, frames, On.self, On.self, Off.self)
        case (false, false, false): run(shape, block, mix, scratch, frames, On.self, Off.self, Off.self)
        case (false, true, true): run(shape, block, mix, scratch, frames, On.self, On.self, On.self)
        case (false, false, true): run(shape, block, mix, scratch, frames, On.self, Off.self, On.self)
        }
    }

    /// The loop's switches are types, so that each combination is specialised as a function of
    /// its own. (As `Bool` arguments to an inlined loop they made one function of eight loops,
    /// too large for the optimiser to inline each sample's oscillator call any more.)
    private protocol Switch { static var isOn: Bool { get } }
    private enum On: Switch { static var isOn: Bool { true } }
    private enum Off: Switch { static var isOn: Bool { false } }

    /// Where a run writes: the group's lanes of the block's sources, and each oscillator's
    /// discontinuity flags.
    private struct Scratch {
        /// The group's lanes of the block's first frame; frames lie `stride` bytes apart.
        let base: UnsafeMutableRawPointer
        let mainFlags: DiscontinuityFlags
        let unisonFlags: DiscontinuityFlags

        static let stride = MemoryLayout<SIMD8<Float>>.stride

        init(output: GroupOutput, group index: Int) {
            base = output.sources(ofGroup: index)
            mainFlags = output.discontinuities(ofOscillator: 0)
            unisonFlags = output.discontinuities(ofOscillator: 1)
        }

        /// The sources of the oscillators' sample `index`: two frames late.
        @inline(__always)
        func sample(_ index: Int) -> UnsafeMutableRawPointer { base + (index &+ 2) &* Self.stride }

        @inline(__always)
        func load(_ index: Int) -> Lanes { sample(index).load(as: Lanes.self) }

        @inline(__always)
        func store(_ value: Lanes, _ index: Int) { sample(index).storeBytes(of: value, as: Lanes.self) }
    }

    @inline(never)
    private mutating func run<Shape: OscillatorShape, Ramping: Switch, Unison: Switch, Noise: Switch>(
        _: Shape.Type, _ block: Block, _ mix: Mix, _ scratch: Scratch, _ frames: Int,
        _: Ramping.Type, _: Unison.Type, _: Noise.Type
    ) {
        let ramping = Ramping.isOn, useUnison = Unison.isOn, useNoise = Noise.isOn
        let levelStep = (mix.end - mix.start) * (1 / Float(frames))
        let startOscillator = oscillator, startUnison = unison
        scratch.store(older, -2)
        scratch.store(recent, -1)

        // Pass 1, every sample: the naive waveforms, and which samples need corrections.
        // State in locals, stored back once.
        var osc = oscillator, uni = unison, white = noise
        for i in 0..<frames {
            let levels = ramping ? mix.levels(at: i, step: levelStep) : mix.start
            var x = Lanes.zero
            scratch.mainFlags.mark(i, Shape.add(&osc, block.pitch, width: block.width, gain: levels[0], sub: levels[2], into: &x))
            if useUnison {
                scratch.unisonFlags.mark(i, Shape.add(&uni, block.unisonPitch, width: block.width, gain: levels[1], sub: nil, into: &x))
            }
            if useNoise { x = multiplyAdd(white.next(), Lanes(repeating: levels[3]), x) }
            scratch.store(x, i)
        }
        oscillator = osc; unison = uni; noise = white
        scratch.store(scratch.load(0) + pending, 0)
        scratch.store(.zero, frames)

        // Pass 2, the few samples with a discontinuity: each oscillator replays them in order.
        var replay = startOscillator
        for i in scratch.mainFlags.marked(frames: frames) {
            let levels = ramping ? mix.levels(at: i, step: levelStep) : mix.start
            replay.move(to: i, after: startOscillator, block.pitch)
            Shape.correct(&replay, block.pitch, width: block.width, gain: levels[0], sub: levels[2],
                          into: BLEPWindow(sample: scratch.sample(i)))
        }
        if useUnison {
            var replay = startUnison
            for i in scratch.unisonFlags.marked(frames: frames) {
                let levels = ramping ? mix.levels(at: i, step: levelStep) : mix.start
                replay.move(to: i, after: startUnison, block.unisonPitch)
                Shape.correct(&replay, block.unisonPitch, width: block.width, gain: levels[1], sub: nil,
                              into: BLEPWindow(sample: scratch.sample(i)))
            }
        }
        older = scratch.load(frames - 2)
        recent = scratch.load(frames - 1)
        pending = scratch.load(frames)
    }
}
