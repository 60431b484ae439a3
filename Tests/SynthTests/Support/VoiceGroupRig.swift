@testable import Synth

/// Runs the voice bank's oscillator stage on its own: every voice group renders a block into
/// the bank's scratch (`GroupOutput`), as `VoiceBank` does, and the block's frames come back
/// as eight lanes, one per voice.
struct VoiceGroupRig {
    static let frames = ControlBlock.frames
    private var groups: [VoiceGroup]
    private let output = GroupOutput(frames: frames)

    init(phases: SIMD8<Float>, unisonPhases: SIMD8<Float> = .zero, seed: UInt64 = 1) {
        groups = (0..<voiceGroupCount).map { index in
            VoiceGroup(phases: phases.group(index), unisonPhases: unisonPhases.group(index),
                       noise: GroupNoise(seed: seed, group: index))
        }
    }

    /// One block: cycles per sample for each voice's two oscillators, the pulse width, and
    /// the levels (main, unison, sub relative to main, noise) ramped from `mix.start`.
    mutating func render<Shape: OscillatorShape>(_ shape: Shape.Type, increments: SIMD8<Float>,
                                                 unisonIncrements: SIMD8<Float>, width: Float = 0.5,
                                                 mix: VoiceGroup.Mix) -> [SIMD8<Float>] {
        for index in groups.indices {
            let block = VoiceGroup.Block(pitch: .init(increment: increments.group(index)),
                                         unisonPitch: .init(increment: unisonIncrements.group(index)),
                                         width: BandLimitedOscillator.pulseEdge(width: width))
            groups[index].render(shape, block, mix: mix, into: output, group: index, frames: Self.frames)
        }
        return (0..<Self.frames).map { output.sources[$0] }
    }

    /// Lane 0 of `blocks` blocks of one steady oscillator at gain 1, no sub: for spectra.
    static func singleOscillator<Shape: OscillatorShape>(_ shape: Shape.Type, increment: Float, width: Float = 0.5,
                                                         blocks: Int) -> [Float] {
        var rig = VoiceGroupRig(phases: .zero)
        let mix = VoiceGroup.Mix(start: [1, 0, 0, 0], end: [1, 0, 0, 0])
        let increments = SIMD8<Float>(repeating: increment)
        return (0..<blocks).flatMap { _ in
            rig.render(shape, increments: increments, unisonIncrements: increments, width: width, mix: mix).map { $0[0] }
        }
    }
}
