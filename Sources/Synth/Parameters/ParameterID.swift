/// Every parameter the engine knows, in schema order. The raw value indexes the engine's
/// parameter arrays; the key users type lives in the schema (`ParameterSchema`).
public enum ParameterID: Int, CaseIterable, Sendable {
    // Sequencer
    case style, tempo, root, octave, scale, density, octaveRange, patternLength, swing
    case noteLength, chordSize, evolve
    // Oscillator
    case wave, pulseWidth, detune, subLevel, noiseLevel, voiceLevel, spread
    // Filter
    case cutoff, resonance, filterEnvAmount, keyTrack
    // Envelopes
    case ampAttack, ampDecay, ampSustain, ampRelease
    case filterAttack, filterDecay, filterSustain, filterRelease
    // LFO
    case lfoShape, lfoRate, lfoToCutoff, lfoToPitch, lfoToPan
    // Drums
    case drumLevel, kickHits, snareHits, hatHits, drumChance, kickPitch
    // Texture
    case textureLevel, textureColor, textureTone, textureMotion, textureMotionRate, textureDrops
    // Delay
    case delayTime, delayFeedback, delayMix, delayDamping
    // Reverb
    case reverbSize, reverbDamping, reverbMix
    // Test signal
    case testSignal, testFrequency, testLevel, sweepSeconds
    // Master
    case gain, width, normalize, loudness

    /// How many parameters there are; a stored constant so the audio thread can read it freely.
    public static let count = allCases.count

    public var spec: ParameterSpec { ParameterSchema.specs[rawValue] }
    public var key: String { spec.key }
}
