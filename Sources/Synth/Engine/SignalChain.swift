import RealModule

/// Everything that makes sound, in signal order: sequencer → voices, drums and texture →
/// delay and reverb → test signal → master. One value type, so the engine touches its state
/// through a single access per control block (class properties would each pay a dynamic
/// exclusivity check).
struct SignalChain {
    private let sampleRate: Double
    private let blockSeconds: Double

    private var sequencer: Sequencer
    private var voices: VoiceBank
    private var drums: DrumMachine
    private var lfo: LFO
    private var texture: NoiseTexture
    private var testSignal: TestSignal
    private var delay: StereoDelay
    private var reverb: Reverb
    private var master: MasterBus

    // The voices alone (the effects' input) and the full mix, one control block each.
    private let voiceLeft: SampleBuffer
    private let voiceRight: SampleBuffer
    let mixLeft: SampleBuffer
    let mixRight: SampleBuffer

    private var ampRates = Memo<SIMD4<Double>, Envelope.Rates>()
    private var filterRates = Memo<SIMD4<Double>, Envelope.Rates>()
    private var detuneRatio = Memo<Double, Float>()
    private var masterGain = Memo<Double, Float>()
    private var masterGainStart = Memo<Double, Float>()
    private var testAmplitude = Memo<Double, Float>()
    private var testAmplitudeStart = Memo<Double, Float>()

    init(sampleRate: Double, blockFrames: Int, seed: UInt64) {
        self.sampleRate = sampleRate
        blockSeconds = Double(blockFrames) / sampleRate
        sequencer = Sequencer(sampleRate: sampleRate, seed: seed)
        voices = VoiceBank(sampleRate: sampleRate, blockFrames: blockFrames, seed: seed)
        drums = DrumMachine(sampleRate: sampleRate, seed: seed)
        lfo = LFO(seed: seed)
        texture = NoiseTexture(sampleRate: sampleRate, seed: seed)
        testSignal = TestSignal(sampleRate: sampleRate)
        delay = StereoDelay(sampleRate: sampleRate)
        reverb = Reverb(sampleRate: sampleRate, blockFrames: blockFrames)
        master = MasterBus(sampleRate: sampleRate, blockFrames: blockFrames)
        voiceLeft = SampleBuffer(count: blockFrames)
        voiceRight = SampleBuffer(count: blockFrames)
        mixLeft = SampleBuffer(count: blockFrames)
        mixRight = SampleBuffer(count: blockFrames)
    }

    /// Renders one control block into `mixLeft/mixRight`. `p` holds the parameter values at
    /// the end of the block, `start` those at its start (for per-sample ramps).
    mutating func render(_ p: ControlValues, start: ControlValues, cutoffOctaves: Double, frames: Int) {
        voiceLeft.clear(); voiceRight.clear()
        sequencer.advance(frames: frames, p, voices: &voices, drums: &drums)
        let modulation = lfo.advance(rate: p[.lfoRate], seconds: blockSeconds, shape: p.choice(.lfoShape))
        voices.render(voiceControls(p, modulation: modulation, cutoffOctaves: cutoffOctaves),
                      left: voiceLeft.pointer, right: voiceRight.pointer, frames: frames)

        let left = mixLeft.pointer, right = mixRight.pointer
        left.update(from: voiceLeft.pointer, count: frames)
        right.update(from: voiceRight.pointer, count: frames)
        drums.render(kickPitch: p.float(.kickPitch), startLevel: start.float(.drumLevel), level: p.float(.drumLevel),
                     left: left, right: right, frames: frames)
        texture.render(.init(color: p.choice(.textureColor), toneHz: p.float(.textureTone), motion: p.float(.textureMotion),
                             motionRate: p[.textureMotionRate], dropsPerSecond: p.float(.textureDrops),
                             startLevel: start.float(.textureLevel), level: p.float(.textureLevel)),
                       left: left, right: right, frames: frames)
        let beatSeconds = 60 / p[.tempo]
        delay.process(.init(delaySeconds: p.choice(.delayTime, as: DelayDivision.self).beats * beatSeconds,
                            feedback: p.float(.delayFeedback), damping: p.float(.delayDamping),
                            startMix: start.float(.delayMix), mix: p.float(.delayMix), sampleRate: sampleRate),
                      inLeft: voiceLeft.pointer, inRight: voiceRight.pointer, outLeft: left, outRight: right, frames: frames)
        reverb.process(.init(size: p.float(.reverbSize), damping: p.float(.reverbDamping),
                             startMix: start.float(.reverbMix), mix: p.float(.reverbMix)),
                       inLeft: voiceLeft.pointer, inRight: voiceRight.pointer, outLeft: left, outRight: right, frames: frames)
        testSignal.render(kind: p.choice(.testSignal), frequency: p[.testFrequency], sweepSeconds: p[.sweepSeconds],
                          startAmplitude: testAmplitudeStart(start[.testLevel], amplitude), amplitude: testAmplitude(p[.testLevel], amplitude),
                          left: left, right: right, frames: frames)
        master.process(.init(startGain: masterGainStart(start[.gain], amplitude), gain: masterGain(p[.gain], amplitude),
                             startWidth: start.float(.width), width: p.float(.width)),
                       left: left, right: right, frames: frames)
    }

    private mutating func voiceControls(_ p: ControlValues, modulation: Float, cutoffOctaves: Double) -> VoiceControls {
        let blockSeconds = blockSeconds
        func toRates(_ t: SIMD4<Double>) -> Envelope.Rates {
            Envelope.Rates(attack: t[0], decay: t[1], sustain: t[2], release: t[3], blockSeconds: blockSeconds)
        }
        let detune = p[.detune]
        return VoiceControls(
            waveform: p.choice(.wave),
            pulseWidth: p.float(.pulseWidth),
            detuneRatio: detuneRatio(detune) { Float(Double.exp2($0 / 1200)) },
            unisonMix: Float(min(1, detune / 2)),
            subLevel: p.float(.subLevel),
            noiseLevel: p.float(.noiseLevel),
            level: p.float(.voiceLevel),
            spread: p.float(.spread),
            cutoffOctaves: Float(cutoffOctaves),
            resonance: p.float(.resonance),
            filterEnvOctaves: p.float(.filterEnvAmount),
            keyTrack: p.float(.keyTrack),
            lfoCutoffOctaves: modulation * p.float(.lfoToCutoff),
            lfoPitchSemitones: modulation * p.float(.lfoToPitch),
            lfoPan: modulation * p.float(.lfoToPan),
            ampRates: ampRates(SIMD4(p[.ampAttack], p[.ampDecay], p[.ampSustain], p[.ampRelease]), toRates),
            filterRates: filterRates(SIMD4(p[.filterAttack], p[.filterDecay], p[.filterSustain], p[.filterRelease]), toRates))
    }
}

private func amplitude(_ decibels: Double) -> Float { Float(gain(fromDecibels: decibels)) }
