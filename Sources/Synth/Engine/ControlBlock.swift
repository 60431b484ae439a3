/// The engine's unit of work: every parameter, envelope and effect moves once per control
/// block. A compile-time constant, so the effects' block loops have a fixed trip count and
/// their ramps fold to constants.
enum ControlBlock {
    static let frames = 64
}
