/// Eight synthesizer voices, one per SIMD lane: two detuned band-limited oscillators (the
/// first with a square sub-oscillator) and noise into a state-variable low-pass filter, with amp and filter
/// envelopes. Voices sit in lanes (not time steps) because the filter is recursive in time
/// but independent across voices.
struct VoiceBank {
    typealias Lanes = SIMD8<Float>
    static let voiceCount = 8

    private let sampleRate: Float
    private let blockSeconds: Double

    private var oscillator: BandLimitedOscillator
    private var unison: BandLimitedOscillator
    private var blep = BLEPAccumulator()
    private var noise: NoiseLanes
    private var amp = Envelope()
    private var filterEnvelope = Envelope()

    private var note: Lanes = Lanes(repeating: 60)
    private var velocity: Lanes = .zero
    private var gateRemaining: Lanes = .zero
    private var age: Lanes = .zero
    private static let lanePan: Lanes = [-0.9, 0.9, -0.5, 0.5, -0.2, 0.2, -0.7, 0.7]

    // Filter state (Simper's trapezoidal SVF). Its coefficients are set once per block: the
    // cutoff is already smoothed and the trapezoidal filter takes coefficient updates without
    // clicks, while ramping them per sample would cost twelve more vector registers in the loop.
    private var ic1: Lanes = .zero
    private var ic2: Lanes = .zero
    private var gain: Lanes = .zero
    /// Oscillator mix levels at the end of the last block (ramped from here, never stepped).
    private var mix = SIMD4<Float>(1, 0, 0, 0)  // main, unison, sub, noise
    private var left: Lanes = .zero
    private var right: Lanes = .zero

    init(sampleRate: Double, blockFrames: Int, seed: UInt64) {
        self.sampleRate = Float(sampleRate)
        blockSeconds = Double(blockFrames) / sampleRate
        var random = SeededRandom(seed: seed, salt: 0x0500)
        var phases = Lanes.zero, unisonPhases = Lanes.zero
        for lane in 0..<Self.voiceCount {
            phases[lane] = random.unit()
            unisonPhases[lane] = random.unit()
        }
        oscillator = BandLimitedOscillator(phase: phases)
        unison = BandLimitedOscillator(phase: unisonPhases)
        noise = NoiseLanes(seed: seed)
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
        updateEnvelopes(controls, frames: frames)
        guard isActive else { return }
        switch controls.waveform {
        case .saw: renderLanes(SawShape.self, controls, outLeft, outRight, frames)
        case .pulse: renderLanes(PulseShape.self, controls, outLeft, outRight, frames)
        case .triangle: renderLanes(TriangleShape.self, controls, outLeft, outRight, frames)
        case .sine: renderLanes(SineShape.self, controls, outLeft, outRight, frames)
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

    @inline(__always)
    private mutating func renderLanes<Shape: OscillatorShape>(
        _ shape: Shape.Type, _ c: VoiceControls,
        _ outLeft: UnsafeMutablePointer<Float>, _ outRight: UnsafeMutablePointer<Float>, _ frames: Int
    ) {
        let step = 1 / Float(frames)

        // Pitch: MIDI note plus vibrato, to cycles per sample.
        let pitch = (note - 69 + c.lfoPitchSemitones) * (1.0 / 12)
        let centre = exp2Fast(pitch) * (440 / sampleRate)
        let detuned = (centre * c.detuneRatio).limited(1e-6, 0.45)
        let unisonIncrement = (centre / c.detuneRatio).limited(1e-6, 0.45)
        let width = Lanes(repeating: c.pulseWidth)

        // Filter: cutoff in octaves, moved by envelope, key and LFO; then the SVF coefficients.
        var octaves = Lanes(repeating: c.cutoffOctaves + c.lfoCutoffOctaves)
        octaves += filterEnvelope.level * c.filterEnvOctaves + (note - 60) * (c.keyTrack / 12)
        let normalized = (exp2Fast(octaves) / sampleRate).limited(20 / sampleRate, 0.45)
        let g = tanPi(normalized)
        let k = Lanes(repeating: 2 - 1.96 * c.resonance)
        let a1 = 1 / (1 + g * (g + k))
        let a2 = g * a1
        let a3 = g * a2

        // Gain and equal-power pan, targets for the end of this block.
        let nextGain = amp.level * velocity * (c.level * 0.5)
        let pan = (Self.lanePan * c.spread + c.lfoPan).limited(-1, 1)
        let angle = (pan + 1) * 0.125  // quarter turn across the field
        let nextLeft = sine2Pi(angle + 0.25) * nextGain
        let nextRight = sine2Pi(angle) * nextGain

        // Hot loop: state in locals, per-sample linear ramps of every block value.
        var osc = oscillator, uni = unison, white = noise, out = blep
        var ic1 = ic1, ic2 = ic2, gl = left, gr = right
        let dgl = (nextLeft - gl) * step, dgr = (nextRight - gr) * step
        // The sub rides on the first oscillator, so its level is given relative to the main one.
        let mainMix = 1 - 0.5 * c.unisonMix
        let nextMix = SIMD4<Float>(mainMix, 0.5 * c.unisonMix, c.subLevel / mainMix, c.noiseLevel)
        var levels = mix
        let levelStep = (nextMix - mix) * step
        let useUnison = nextMix[1] > 0 || mix[1] > 0, useNoise = nextMix[3] > 0 || mix[3] > 0
        for i in 0..<frames {
            levels += levelStep
            out.begin()
            Shape.add(&osc, detuned, width: width, gain: levels[0], sub: levels[2], into: &out)
            if useUnison { Shape.add(&uni, unisonIncrement, width: width, gain: levels[1], sub: 0, into: &out) }
            var x = out.finish()
            if useNoise { x += white.next() * levels[3] }
            let v3 = x - ic2
            let v1 = a1 * ic1 + a2 * v3
            let v2 = ic2 + a2 * ic1 + a3 * v3
            ic1 = 2 * v1 - ic1
            ic2 = 2 * v2 - ic2
            gl += dgl; gr += dgr
            let (sampleLeft, sampleRight) = (v2 * gl).sums(with: v2 * gr)
            outLeft[i] += sampleLeft
            outRight[i] += sampleRight
        }
        oscillator = osc; unison = uni; noise = white; blep = out
        self.ic1 = ic1; self.ic2 = ic2
        left = nextLeft; right = nextRight
        gain = nextGain
        mix = nextMix
    }
}
