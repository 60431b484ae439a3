/// Eight synthesizer voices in groups of SIMD lanes (`VoiceGroup`, `VoiceLanes`): two detuned
/// band-limited oscillators (the first with a square sub-oscillator) and noise into a
/// state-variable low-pass filter, with amp and filter envelopes. Voices sit in lanes (not
/// time steps) because the filter is recursive in time but independent across voices.
///
/// The bank keeps what is per note (pitch, velocity, gate, envelopes) in eight lanes and does
/// the block-rate maths (pitch, filter coefficients, gain and pan) once per block for all
/// voices; each group then runs the block's samples, and the groups' lanes are summed into
/// the stereo output at the end. Notes fill the low group first, so (in the two-group build)
/// with four or fewer voices sounding the high group costs nothing.
struct VoiceBank {
    typealias Lanes = SIMD8<Float>
    static let voiceCount = 8

    private let sampleRate: Float

    private var groups: [VoiceGroup]
    private var filterAndPan = FilterAndPan()
    private let output: GroupOutput
    private var amp = Envelope()
    private var filterEnvelope = Envelope()

    private var note: Lanes = Lanes(repeating: 60)
    private var velocity: Lanes = .zero
    private var gateRemaining: Lanes = .zero
    private var age: Lanes = .zero
    private static let lanePan: Lanes = [-0.9, 0.9, -0.5, 0.5, -0.2, 0.2, -0.7, 0.7]

    private var gain: Lanes = .zero
    /// Oscillator mix levels at the end of the last block (ramped from here, never stepped).
    private var mix = SIMD4<Float>(1, 0, 0, 0)  // main, unison, sub, noise

    init(sampleRate: Double, blockFrames: Int, seed: UInt64) {
        self.sampleRate = Float(sampleRate)
        var random = SeededRandom(seed: seed, salt: 0x0500)
        var phases = Lanes.zero, unisonPhases = Lanes.zero
        for lane in 0..<Self.voiceCount {
            phases[lane] = random.unit()
            unisonPhases[lane] = random.unit()
        }
        groups = (0..<voiceGroupCount).map { index in
            VoiceGroup(phases: phases.group(index), unisonPhases: unisonPhases.group(index), noise: GroupNoise(seed: seed, group: index))
        }
        output = GroupOutput(frames: blockFrames)
    }

    /// True while any voice is sounding (or still ramping down).
    var isActive: Bool { !all(amp.isIdle) || any(gain .!= 0) }

    /// Starts a note on a free voice, or steals the quietest released one, or the quietest.
    mutating func noteOn(midiNote: Float, velocity noteVelocity: Float, gateSamples: Float) {
        let lane = chooseLane()
        note[lane] = midiNote
        velocity[lane] = noteVelocity
        gateRemaining[lane] = gateSamples
        age[lane] = 0
        amp.trigger(lane: lane)
        filterEnvelope.trigger(lane: lane)
    }

    private func chooseLane() -> Int {
        let idle = amp.isIdle
        let released = amp.isReleasedOrIdle
        var best = 0
        var bestScore = Float.infinity
        for lane in 0..<Self.voiceCount {
            if idle[lane] { return lane }
            // Prefer released voices, then quiet ones, then old ones.
            let score = amp.level[lane] + (released[lane] ? 0 : 2) - age[lane] * 1e-6
            if score < bestScore { bestScore = score; best = lane }
        }
        return best
    }

    /// Adds one control block of all voices into `left` and `right`.
    mutating func render(_ controls: VoiceControls, left outLeft: UnsafeMutablePointer<Float>, right outRight: UnsafeMutablePointer<Float>, frames: Int) {
        precondition(frames <= output.frames && frames % 4 == 0, "a control block of whole lane sums")
        updateEnvelopes(controls, frames: frames)
        guard isActive else { return }
        switch controls.waveform {
        case .saw: renderGroups(SawShape.self, controls, outLeft, outRight, frames)
        case .pulse: renderGroups(PulseShape.self, controls, outLeft, outRight, frames)
        case .triangle: renderGroups(TriangleShape.self, controls, outLeft, outRight, frames)
        case .sine: renderGroups(SineShape.self, controls, outLeft, outRight, frames)
        }
    }

    private mutating func updateEnvelopes(_ controls: VoiceControls, frames: Int) {
        let elapsed = Float(frames)
        gateRemaining -= elapsed
        age += elapsed
        amp.release(where: gateRemaining .<= 0)
        filterEnvelope.release(where: gateRemaining .<= 0)
        amp.advance(controls.ampRates)
        filterEnvelope.advance(controls.filterRates)
    }

    private mutating func renderGroups<Shape: OscillatorShape>(
        _ shape: Shape.Type, _ c: VoiceControls,
        _ outLeft: UnsafeMutablePointer<Float>, _ outRight: UnsafeMutablePointer<Float>, _ frames: Int
    ) {
        // Pitch: MIDI note plus vibrato, to cycles per sample.
        let pitch = (note - 69 + c.lfoPitchSemitones) * (1.0 / 12)
        let centre = exp2Fast(pitch) * (440 / sampleRate)
        let detuned = (centre * c.detuneRatio).limited(1e-6, 0.45)
        let unisonIncrement = (centre / c.detuneRatio).limited(1e-6, 0.45)
        let width = BandLimitedOscillator.pulseEdge(width: c.pulseWidth)

        // Filter: cutoff in octaves, moved by envelope, key and LFO; then the SVF coefficients.
        var octaves = Lanes(repeating: c.cutoffOctaves + c.lfoCutoffOctaves)
        octaves += filterEnvelope.level * c.filterEnvOctaves + (note - 60) * (c.keyTrack / 12)
        let normalized = (exp2Fast(octaves) / sampleRate).limited(20 / sampleRate, 0.45)
        let g = tanPi(normalized)
        let k = Lanes(repeating: 2 - 1.96 * c.resonance)

        // Gain and equal-power pan, targets for the end of this block. The ½ undoes the
        // filter's doubled output.
        let nextGain = amp.level * velocity * (c.level * 0.5)
        let pan = (Self.lanePan * c.spread + c.lfoPan).limited(-1, 1)
        let angle = (pan + 1) * 0.125  // quarter turn across the field
        let nextLeft = sine2Pi(angle + 0.25) * (nextGain * 0.5)
        let nextRight = sine2Pi(angle) * (nextGain * 0.5)

        // The sub rides on the first oscillator, so its level is given relative to the main one.
        let mainMix = 1 - 0.5 * c.unisonMix
        let nextMix = SIMD4<Float>(mainMix, 0.5 * c.unisonMix, c.subLevel / mainMix, c.noiseLevel)
        let levels = VoiceGroup.Mix(start: mix, end: nextMix)

        // A group runs while any of its voices has gain, now or at the block's end.
        for index in 0..<voiceGroupCount {
            if nextGain.group(index) != .zero || gain.group(index) != .zero {
                let block = VoiceGroup.Block(pitch: .init(increment: detuned.group(index)),
                                             unisonPitch: .init(increment: unisonIncrement.group(index)), width: width)
                groups[index].render(shape, block, mix: levels, into: output, group: index, frames: frames)
            } else {
                output.clearSources(ofGroup: index, frames: frames)
            }
        }
        filterAndPan.process(.init(g: g, k: k), left: nextLeft, right: nextRight, output: output, frames: frames)
        output.mix(intoLeft: outLeft, right: outRight, frames: frames)
        gain = nextGain
        mix = nextMix
    }
}
