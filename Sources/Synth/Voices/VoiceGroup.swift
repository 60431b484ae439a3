/// The sources of a group of voices, one per lane: two detuned band-limited oscillators (the
/// first with its sub) and noise, mixed. (`FilterAndPan` takes it from there.)
///
/// Why groups of four on SSE, run one after the other through a block, rather than all eight
/// voices in one SIMD8 loop: a SIMD4 vector is one SSE register, so a group's whole state
/// (phases, the correction delay) stays in the sixteen registers where eight lanes spilled
/// to memory every sample; and a group whose voices are all silent is skipped outright. With
/// AVX's 256-bit registers one group holds all eight (`VoiceLanes`).
struct VoiceGroup {
    typealias Lanes = VoiceLanes
    typealias Pitch = BandLimitedOscillator.Pitch

    private var oscillator: BandLimitedOscillator
    private var unison: BandLimitedOscillator
    private var blep = BLEPAccumulator()
    private var noise: GroupNoise

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
    }

    /// Renders one block of sources to `out`: the group's lanes every eight floats.
    mutating func render<Shape: OscillatorShape>(_ shape: Shape.Type, _ block: Block, mix: Mix,
                                                 into out: UnsafeMutableRawPointer, frames: Int) {
        // One specialised loop per combination of the block's switches, so that no state is
        // updated conditionally inside the loop: a conditional update would keep that state
        // in memory instead of registers.
        switch (mix.isSteady, mix.usesUnison, mix.usesNoise) {
        case (true, true, false): run(shape, block, mix, out, frames, Off.self, On.self, Off.self)
        case (true, false, false): run(shape, block, mix, out, frames, Off.self, Off.self, Off.self)
        case (true, true, true): run(shape, block, mix, out, frames, Off.self, On.self, On.self)
        case (true, false, true): run(shape, block, mix, out, frames, Off.self, Off.self, On.self)
        case (false, true, false): run(shape, block, mix, out, frames, On.self, On.self, Off.self)
        case (false, false, false): run(shape, block, mix, out, frames, On.self, Off.self, Off.self)
        case (false, true, true): run(shape, block, mix, out, frames, On.self, On.self, On.self)
        case (false, false, true): run(shape, block, mix, out, frames, On.self, Off.self, On.self)
        }
    }

    /// The loop's switches are types, so that each combination is specialised as a function of
    /// its own. (As `Bool` arguments to an inlined loop they made one function of eight loops,
    /// too large for the optimiser to inline each sample's oscillator call any more.)
    private protocol Switch { static var isOn: Bool { get } }
    private enum On: Switch { static var isOn: Bool { true } }
    private enum Off: Switch { static var isOn: Bool { false } }

    @inline(never)
    private mutating func run<Shape: OscillatorShape, Ramping: Switch, Unison: Switch, Noise: Switch>(
        _: Shape.Type, _ block: Block, _ mix: Mix, _ out: UnsafeMutableRawPointer, _ frames: Int,
        _: Ramping.Type, _: Unison.Type, _: Noise.Type
    ) {
        let ramping = Ramping.isOn, useUnison = Unison.isOn, useNoise = Noise.isOn
        let step = 1 / Float(frames)
        // Hot loop: state in locals, stored back once.
        var osc = oscillator, uni = unison, corrections = blep, white = noise
        var levels = mix.start
        let levelStep = (mix.end - mix.start) * step
        let frameStride = MemoryLayout<SIMD8<Float>>.stride
        for i in 0..<frames {
            if ramping { levels += levelStep }
            corrections.begin()
            Shape.add(&osc, block.pitch, width: block.width, gain: levels[0], sub: levels[2], into: &corrections)
            if useUnison {
                Shape.add(&uni, block.unisonPitch, width: block.width, gain: levels[1], sub: nil, into: &corrections)
            }
            var x = corrections.finish()
            if useNoise { x = multiplyAdd(white.next(), Lanes(repeating: levels[3]), x) }
            out.storeBytes(of: x, toByteOffset: i * frameStride, as: Lanes.self)
        }
        oscillator = osc; unison = uni; blep = corrections; noise = white
    }
}
