/// The generative sequencer: a sixteenth-note clock with swing that plays the seeded
/// `Pattern` in the chosen style, key and density, and drives the drum layer.
/// Deterministic: its only randomness comes from the seed.
struct Sequencer {
    private var random: SeededRandom
    private var pattern: Pattern
    private var step = 0
    private var arpeggioStep = 0
    private var framesToNextStep: Double = 0
    private let sampleRate: Double

    init(sampleRate: Double, seed: UInt64) {
        self.sampleRate = sampleRate
        random = SeededRandom(seed: seed, salt: 0x5E0)
        pattern = Pattern(random: &random)
    }

    /// Moves the clock on by one control block, triggering every step that falls inside it.
    mutating func advance(frames: Int, _ p: ControlValues, voices: inout VoiceBank, drums: inout DrumMachine) {
        framesToNextStep -= Double(frames)
        while framesToNextStep <= 0 {
            let stepFrames = sampleRate * 15 / p[.tempo]  // a sixteenth note
            playStep(p, stepFrames: stepFrames, voices: &voices, drums: &drums)
            // Swing delays odd sixteenths by up to a third of a step.
            let delay = p[.swing] * stepFrames / 3
            framesToNextStep += step % 2 == 1 ? stepFrames + delay : stepFrames - delay
            step += 1
        }
    }

    /// Whether the first step of a bar (sixteen steps) falls within the next `frames`.
    func barStarts(withinFrames frames: Int) -> Bool {
        step % 16 == 0 && framesToNextStep - Double(frames) <= 0
    }

    private mutating func playStep(_ p: ControlValues, stepFrames: Double, voices: inout VoiceBank, drums: inout DrumMachine) {
        let length = p.int(.patternLength)
        let index = step % length
        if index == 0, step > 0 {
            pattern.evolve(amount: p.float(.evolve), length: length, random: &random)
        }
        drums.trigger(step: step % 16, p, random: &random)

        let scale: Scale = p.choice(.scale)
        let base = 12 * (p.int(.octave) + 1) + p.int(.root)
        let span = p.int(.octaveRange) * scale.degreesPerOctave
        let barRoot = Int(pattern.progression[(step / 16) % 4])
        let gate = Float(p[.noteLength] * stepFrames)
        let plays = pattern.chance[index] < p.float(.density)
        let velocity = pattern.accent[index]

        func play(degree: Int, gate: Float = gate) {
            let note = Float(base + scale.semitones(forDegree: degree))
            voices.noteOn(midiNote: note, velocity: velocity, gateSamples: gate)
        }

        switch p.choice(.style, as: SequencerStyle.self) {
        case .melody:
            guard plays else { return }
            let degree = Int(pattern.contour[index] * Float(span))
            for voice in 0..<p.int(.chordSize) { play(degree: degree + 2 * voice) }
        case .arpeggio:
            guard plays else { return }
            // Up and down over the bar's triad, across the octave range.
            let tones = 3 * p.int(.octaveRange) + 1
            let cycle = max(2 * (tones - 1), 1)
            let position = arpeggioStep % cycle
            let tone = position < tones ? position : cycle - position
            let triad = SIMD4<Int32>(0, 2, 4, 0)
            play(degree: barRoot + Int(triad[tone % 3]) + (tone / 3) * scale.degreesPerOctave)
            arpeggioStep += 1
        case .chords:
            // A chord on each half bar: always on the bar's first step, by chance on the other.
            guard index % 8 == 0, index % 16 == 0 ? p[.density] > 0 : plays else { return }
            for voice in 0..<p.int(.chordSize) { play(degree: barRoot + 2 * voice) }
        case .drone:
            // Root, fifth and octave, renewed each pattern with overlap so it never gaps.
            guard index == 0 else { return }
            let held = Float(Double(length) * stepFrames) + gate
            let intervals = SIMD4<Int32>(0, 7, 12, 0)
            for voice in 0..<3 {
                voices.noteOn(midiNote: Float(base + Int(intervals[voice])), velocity: 0.8, gateSamples: held)
            }
        case .off:
            return
        }
    }
}
