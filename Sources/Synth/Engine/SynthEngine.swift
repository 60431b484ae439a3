import RealModule

/// The generative instrument: a parameter set and a seed in, an endless stream of PCM out.
///
/// Audio is made in fixed control blocks of 32 frames; `render` serves any block size from
/// them, so the sound does not depend on how a caller slices its requests. Parameter changes
/// arrive through `parameters` from any thread and take effect at the next control block,
/// all of a batch at the same sample. After `init` the render path takes no locks and
/// allocates nothing.
public final class SynthEngine {
    public static let controlBlockFrames = 32
    /// The most frames one `render` call may ask for.
    public static let maximumBlockFrames = 16_384

    public let format: AudioFormat
    public let seed: UInt64
    /// Submit changes here, from any thread.
    public let parameters: ParameterMailbox
    /// Frames rendered since the start (the stream's clock).
    public private(set) var framesRendered: Int64 = 0

    private let sampleRate: Double
    private let smoother: ParameterSmoother
    private let incoming: UnsafeMutablePointer<Double>
    private var appliedSequence: UInt64 = 0

    private var sequencer: Sequencer
    private var voices: VoiceBank
    private var drums: DrumMachine
    private var lfo: LFO
    private var texture: NoiseTexture
    private var testSignal: TestSignal
    private var delay: StereoDelay
    private var reverb: Reverb
    private var master: MasterBus

    // One control block: the voices alone (the effects' input) and the full mix.
    private let voiceLeft = SampleBuffer(count: controlBlockFrames)
    private let voiceRight = SampleBuffer(count: controlBlockFrames)
    private let mixLeft = SampleBuffer(count: controlBlockFrames)
    private let mixRight = SampleBuffer(count: controlBlockFrames)
    private var blockPosition = controlBlockFrames

    private var ampRates = Memo<SIMD4<Double>, Envelope.Rates>()
    private var filterRates = Memo<SIMD4<Double>, Envelope.Rates>()
    private var detuneRatio = Memo<Double, Float>()
    private var masterGain = Memo<Double, Float>()
    private var testAmplitude = Memo<Double, Float>()

    public init(format: AudioFormat = .standard, parameters initial: ParameterSet = ParameterSet(), seed: UInt64 = 0) {
        self.format = format
        self.seed = seed
        sampleRate = Double(format.sampleRate)
        parameters = ParameterMailbox(initial: initial)
        smoother = ParameterSmoother(initial: initial, blockSeconds: Double(Self.controlBlockFrames) / sampleRate)
        incoming = .allocate(capacity: ParameterID.count)
        incoming.initialize(repeating: 0, count: ParameterID.count)
        sequencer = Sequencer(sampleRate: sampleRate, seed: seed)
        voices = VoiceBank(sampleRate: sampleRate, blockFrames: Self.controlBlockFrames, seed: seed)
        drums = DrumMachine(sampleRate: sampleRate, seed: seed)
        lfo = LFO(seed: seed)
        texture = NoiseTexture(sampleRate: sampleRate, seed: seed)
        testSignal = TestSignal(sampleRate: sampleRate)
        delay = StereoDelay(sampleRate: sampleRate)
        reverb = Reverb(sampleRate: sampleRate)
        master = MasterBus(sampleRate: sampleRate)
    }

    deinit { incoming.deallocate() }

    /// Fills `frames` interleaved frames (`format.channels` samples each) at `output`.
    public func render(into output: UnsafeMutablePointer<Float>, frames: Int) {
        precondition(frames >= 0 && frames <= Self.maximumBlockFrames, "render at most \(Self.maximumBlockFrames) frames per call")
        let stereo = format.channels == 2
        var written = 0
        while written < frames {
            if blockPosition == Self.controlBlockFrames {
                renderControlBlock()
                blockPosition = 0
            }
            let count = min(frames - written, Self.controlBlockFrames - blockPosition)
            let left = mixLeft.pointer + blockPosition, right = mixRight.pointer + blockPosition
            if stereo {
                let out = output + 2 * written
                for i in 0..<count {
                    out[2 * i] = left[i]
                    out[2 * i + 1] = right[i]
                }
            } else {
                let out = output + written
                for i in 0..<count { out[i] = (left[i] + right[i]) * 0.5 }
            }
            blockPosition += count
            written += count
        }
        framesRendered += Int64(frames)
    }

    /// Same, into a buffer whose size sets the frame count.
    public func render(into buffer: UnsafeMutableBufferPointer<Float>) {
        guard let base = buffer.baseAddress else { return }
        render(into: base, frames: buffer.count / format.channels)
    }

    // MARK: One control block

    private func renderControlBlock() {
        takeParameterChanges()
        smoother.step()
        let p = ControlValues(values: smoother.current)
        let start = ControlValues(values: smoother.previous)
        let frames = Self.controlBlockFrames
        let blockSeconds = Double(frames) / sampleRate
        voiceLeft.clear(); voiceRight.clear()

        sequencer.advance(frames: frames, p, voices: &voices, drums: &drums)
        let modulation = lfo.advance(rate: p[.lfoRate], seconds: blockSeconds, shape: p.choice(.lfoShape))
        voices.render(voiceControls(p, modulation: modulation, blockSeconds: blockSeconds),
                      left: voiceLeft.pointer, right: voiceRight.pointer, frames: frames)

        mixLeft.pointer.update(from: voiceLeft.pointer, count: frames)
        mixRight.pointer.update(from: voiceRight.pointer, count: frames)
        drums.render(kickPitch: p.float(.kickPitch), startLevel: start.float(.drumLevel), level: p.float(.drumLevel),
                     left: mixLeft.pointer, right: mixRight.pointer, frames: frames)
        texture.render(.init(color: p.choice(.textureColor), toneHz: p.float(.textureTone), motion: p.float(.textureMotion),
                             motionRate: p[.textureMotionRate], dropsPerSecond: p.float(.textureDrops),
                             startLevel: start.float(.textureLevel), level: p.float(.textureLevel)),
                       left: mixLeft.pointer, right: mixRight.pointer, frames: frames)
        let beatSeconds = 60 / p[.tempo]
        delay.process(.init(delaySeconds: p.choice(.delayTime, as: DelayDivision.self).beats * beatSeconds,
                            feedback: p.float(.delayFeedback), damping: p.float(.delayDamping),
                            startMix: start.float(.delayMix), mix: p.float(.delayMix), sampleRate: sampleRate),
                      inLeft: voiceLeft.pointer, inRight: voiceRight.pointer,
                      outLeft: mixLeft.pointer, outRight: mixRight.pointer, frames: frames)
        reverb.process(.init(size: p.float(.reverbSize), damping: p.float(.reverbDamping),
                             startMix: start.float(.reverbMix), mix: p.float(.reverbMix)),
                       inLeft: voiceLeft.pointer, inRight: voiceRight.pointer,
                       outLeft: mixLeft.pointer, outRight: mixRight.pointer, frames: frames)
        testSignal.render(kind: p.choice(.testSignal), frequency: p[.testFrequency], sweepSeconds: p[.sweepSeconds],
                          startAmplitude: testAmplitude(start[.testLevel], amplitude), amplitude: testAmplitude(p[.testLevel], amplitude),
                          left: mixLeft.pointer, right: mixRight.pointer, frames: frames)
        master.process(.init(startGain: masterGain(start[.gain], amplitude), gain: masterGain(p[.gain], amplitude),
                             startWidth: start.float(.width), width: p.float(.width)),
                       left: mixLeft.pointer, right: mixRight.pointer, frames: frames)
    }

    /// Applies the newest complete batch of changes, if there is one.
    private func takeParameterChanges() {
        guard let sequence = parameters.publishedSequence(), sequence != appliedSequence else { return }
        if parameters.read(into: incoming, expected: sequence) {
            smoother.setTargets(incoming)
            appliedSequence = sequence
        }
    }

    private func voiceControls(_ p: ControlValues, modulation: Float, blockSeconds: Double) -> VoiceControls {
        func rates(_ a: ParameterID, _ d: ParameterID, _ s: ParameterID, _ r: ParameterID) -> SIMD4<Double> {
            SIMD4(p[a], p[d], p[s], p[r])
        }
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
            cutoffOctaves: Float(smoother.logValue(.cutoff)),
            resonance: p.float(.resonance),
            filterEnvOctaves: p.float(.filterEnvAmount),
            keyTrack: p.float(.keyTrack),
            lfoCutoffOctaves: modulation * p.float(.lfoToCutoff),
            lfoPitchSemitones: modulation * p.float(.lfoToPitch),
            lfoPan: modulation * p.float(.lfoToPan),
            ampRates: ampRates(rates(.ampAttack, .ampDecay, .ampSustain, .ampRelease), toRates),
            filterRates: filterRates(rates(.filterAttack, .filterDecay, .filterSustain, .filterRelease), toRates))
    }
}

private func amplitude(_ decibels: Double) -> Float { Float(gain(fromDecibels: decibels)) }
