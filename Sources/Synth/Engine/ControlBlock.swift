/// The engine's unit of work: every parameter, envelope and effect moves once per control
/// block. A compile-time constant, so the effects' block loops have a fixed trip count and
/// their ramps fold to constants.
///
/// 128 frames (2.9 ms at 44.1 kHz): the block-rate work (pitches, filter coefficients,
/// envelopes, effect set-up) cost about a third of the default preset's instructions at 64,
/// and 128 renders every preset 9–37 % faster. The price: notes start on the block grid, up
/// to 2.9 ms late (0.8 ms RMS), and an attack takes at least one block, both below what a
/// listener can tell in a groove.
enum ControlBlock {
    static let frames = 128
}
