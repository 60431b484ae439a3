import RealModule

/// Everything that makes sound, in signal order: sequencer → voices, drums and texture →
/// delay and reverb → loudness → test signal → sleep fade → master. One value type, so the engine touches its state
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
    private var loudness: LoudnessStage
    /// The sleep timer's fade, before the master so its level meter sees it.
    var fade: FadeOut
    /// The frame the next control block starts at.
    private var nextBlockFrame: Int64 = 0
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
    private var units: UnitControls?

    init(sampleRate: Double, blockFrames: Int, seed: UInt64) {
        precondition(blockFrames == ControlBlock.frames, "the effects work in control blocks")
        self.sampleRate = sampleRate
        blockSeconds = Double(blockFrames) / sampleRate
        sequencer = Sequencer(sampleRate: sampleRate, seed: seed)
        voices = VoiceBank(sampleRate: sampleRate, blockFrames: blockFrames, seed: seed)
        drums = DrumMachine(sampleRate: sampleRate, seed: seed)
        lfo = LFO(seed: seed)
        texture = NoiseTexture(sampleRate: sampleRate, seed: seed)
        testSignal = TestSignal(sampleRate: sampleRate)
        delay = StereoDelay(sampleRate: sampleRate)
        reverb = Reverb(sampleRate: sampleRate)
        loudness = LoudnessStage(sampleRate: sampleRate)
        fade = FadeOut(sampleRate: sampleRate)
        master = MasterBus(sampleRate: sampleRate)
        voiceLeft = SampleBuffer(count: blockFrames)
        voiceRight = SampleBuffer(count: blockFrames)
        mixLeft = SampleBuffer(count: blockFrames)
        mixRight = SampleBuffer(count: blockFrames)
    }

    /// Renders one control block into `mixLeft/mixRight`. `p` holds the parameter values at
    /// the end of the block, `start` those at its start (for per-sample ramps); `moved` says
    /// whether any of them changed since the last block.
    mutating func render(_ p: ControlValues, start: ControlValues, cutoffOctaves: Double, moved: Bool) {
        let frames = ControlBlock.frames
        if moved || units == nil { units = unitControls(p, start: start, cutoffOctaves: cutoffOctaves) }
        var u = units.unsafelyUnwrapped

        voiceLeft.clear(frames: frames); voiceRight.clear(frames: frames)
        sequencer.advance(frames: frames, p, voices: &voices, drums: &drums)
        lfo.advance(rate: u.lfoRate, seconds: blockSeconds)
        if u.modulated {
            let modulation = lfo.value(shape: u.lfoShape)
            u.voices.lfoCutoffOctaves = modulation * u.lfoToCutoff
            u.voices.lfoPitchSemitones = modulation * u.lfoToPitch
            u.voices.lfoPan = modulation * u.lfoToPan
        }
        voices.render(u.voices, left: voiceLeft.pointer, right: voiceRight.pointer, frames: frames)

        let left = mixLeft.pointer, right = mixRight.pointer
        voiceLeft.copy(frames: frames, to: left)
        voiceRight.copy(frames: frames, to: right)
        drums.render(kickPitch: p.float(.kickPitch), startLevel: start.float(.drumLevel), level: p.float(.drumLevel),
                     left: left, right: right, frames: frames)
        texture.render(.init(color: p.choice(.textureColor), toneHz: p.float(.textureTone), motion: p.float(.textureMotion),
                             motionRate: p[.textureMotionRate], dropsPerSecond: p.float(.textureDrops),
                             startLevel: start.float(.textureLevel), level: p.float(.textureLevel)),
                       left: left, right: right, frames: frames)
        delay.process(u.delay, inLeft: voiceLeft.pointer, inRight: voiceRight.pointer, outLeft: left, outRight: right)
        reverb.process(u.reverb, inLeft: voiceLeft.pointer, inRight: voiceRight.pointer, outLeft: left, outRight: right)
        loudness.process(target: p[.normalize] != 0 ? p[.loudness] : nil, limiterEnergy: master.limiterEnergy, left: left, right: right, frames: frames)
        testSignal.render(kind: u.testKind, frequency: u.testFrequency, sweepSeconds: u.sweepSeconds,
                          startAmplitude: u.testStartAmplitude, amplitude: u.testAmplitude,
                          left: left, right: right, frames: frames)
        if fade.isActive { fade.apply(blockStartingAt: nextBlockFrame, left: left, right: right, frames: frames) }
        nextBlockFrame += Int64(frames)
        master.process(u.master, left: left, right: right)
    }

    /// Whether the sequencer's next bar starts within the next `frames`.
    func barStarts(withinFrames frames: Int) -> Bool { sequencer.barStarts(withinFrames: frames) }

    /// The master bus's output peak since the last call (see `MasterBus.takePeak`).
    mutating func takePeak(keepingLastBlock: Bool) -> Float {
        master.takePeak(keepingLastBlock: keepingLastBlock)
    }

    /// What the voices, LFO, effects, test signal and master take from the parameters. Kept
    /// from block to block while no parameter moves, which is most of the time; only the
    /// LFO's share of the voice controls changes then.
    private struct UnitControls {
        var voices: VoiceControls
        var modulated: Bool
        var lfoRate: Double
        var lfoShape: LFOShape
        var lfoToCutoff: Float
        var lfoToPitch: Float
        var lfoToPan: Float
        var delay: StereoDelay.Controls
        var reverb: Reverb.Controls
        var testKind: TestSignalKind
        var testFrequency: Double
        var sweepSeconds: Double
        var testStartAmplitude: Float
        var testAmplitude: Float
        var master: MasterBus.Controls
    }

    private mutating func unitControls(_ p: ControlValues, start: ControlValues, cutoffOctaves: Double) -> UnitControls {
        let testKind: TestSignalKind = p.choice(.testSignal)
        let testOn = testKind != .off
        return UnitControls(
            voices: voiceControls(p, modulation: 0, cutoffOctaves: cutoffOctaves),
            modulated: p[.lfoToCutoff] != 0 || p[.lfoToPitch] != 0 || p[.lfoToPan] != 0,
            lfoRate: p[.lfoRate],
            lfoShape: p.choice(.lfoShape),
            lfoToCutoff: p.float(.lfoToCutoff),
            lfoToPitch: p.float(.lfoToPitch),
            lfoToPan: p.float(.lfoToPan),
            delay: .init(delaySeconds: p.choice(.delayTime, as: DelayDivision.self).beats * 60 / p[.tempo],
                         feedback: p.float(.delayFeedback), damping: p.float(.delayDamping),
                         startMix: start.float(.delayMix), mix: p.float(.delayMix), sampleRate: sampleRate),
            reverb: .init(size: p.float(.reverbSize), damping: p.float(.reverbDamping),
                          startMix: start.float(.reverbMix), mix: p.float(.reverbMix)),
            testKind: testKind,
            testFrequency: p[.testFrequency],
            sweepSeconds: p[.sweepSeconds],
            testStartAmplitude: testOn ? testAmplitudeStart(start[.testLevel], amplitude) : 0,
            testAmplitude: testOn ? testAmplitude(p[.testLevel], amplitude) : 0,
            master: .init(startGain: masterGainStart(start[.gain], amplitude), gain: masterGain(p[.gain], amplitude),
                          startWidth: start.float(.width), width: p.float(.width)))
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
