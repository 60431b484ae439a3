import RealModule

/// The last stage: gain, stereo width, DC removal and a limiter whose output never exceeds
/// the ceiling (-0.3 dBFS). Works a control block at a time with vectors along time, since
/// each part needs only block-rate state:
///
/// - DC removal subtracts a running estimate of the offset: a one-pole low-pass of the block
///   means at block rate (about 3 Hz), ramped across the block. It removes DC and sub-sonic
///   drift like the usual first-order high-pass without chaining every sample to the last.
/// - The limiter follows the block peak (instant attack, 150 ms release) and ramps the gain
///   down once the signal passes -3 dBFS, which keeps loud passages clean.
/// - Behind it a soft clipper is the identity up to its knee and bends smoothly towards the
///   ceiling (never reaching it), catching what a gain ramp lets through within a block.
///
/// Below -3 dBFS and away from DC the stage is the identity, so test tones keep their level.
struct MasterBus {
    typealias Chunk = SIMD8<Float>
    static let ceiling: Float = 0.966_050_9  // -0.3 dBFS
    static let threshold: Float = 0.707_945_8  // -3 dBFS
    private static let knee: Float = 0.85

    private let dcCoefficient: Float
    private let releaseFactor: Float
    private var offset = SIMD2<Float>.zero
    private var follower: Float = 0
    private var limiterGain: Float = 1

    init(sampleRate: Double, blockFrames: Int) {
        let blockRate = sampleRate / Double(blockFrames)
        dcCoefficient = Float(1 - Double.exp(-2 * Double.pi * 3 / blockRate))
        releaseFactor = Float(Double.exp(-4.605 / (0.15 * blockRate)))
    }

    struct Controls {
        var startGain: Float
        var gain: Float
        var startWidth: Float
        var width: Float
    }

    /// Processes one block in place; `frames` is a multiple of 8.
    mutating func process(_ c: Controls, left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        let step = 1 / Float(frames)
        let ramp = (Chunk(0, 1, 2, 3, 4, 5, 6, 7) + 1) * step
        func load(_ pointer: UnsafeMutablePointer<Float>, _ at: Int) -> Chunk { UnsafeRawPointer(pointer + at).loadUnaligned(as: Chunk.self) }
        func store(_ value: Chunk, _ pointer: UnsafeMutablePointer<Float>, _ at: Int) {
            UnsafeMutableRawPointer(pointer + at).storeBytes(of: value, as: Chunk.self)
        }

        // Gain, width (mid/side) and the block's DC, in one pass.
        var sum = Chunk.zero, sumRight = Chunk.zero
        for chunk in stride(from: 0, to: frames, by: 8) {
            let position = ramp + Float(chunk) * step
            let gain = c.startGain + (c.gain - c.startGain) * position
            let width = c.startWidth + (c.width - c.startWidth) * position
            let l = load(left, chunk), r = load(right, chunk)
            let mid = (l + r) * 0.5, side = (l - r) * 0.5 * width
            let outLeft = (mid + side) * gain, outRight = (mid - side) * gain
            store(outLeft, left, chunk)
            store(outRight, right, chunk)
            sum += outLeft
            sumRight += outRight
        }
        let mean = SIMD2(sum.sum(), sumRight.sum()) * step
        let startOffset = offset
        offset += (mean - offset) * dcCoefficient

        // Remove the offset, find the peak.
        var peak = Chunk.zero
        for chunk in stride(from: 0, to: frames, by: 8) {
            let position = ramp + Float(chunk) * step
            let l = load(left, chunk) - (startOffset[0] + (offset[0] - startOffset[0]) * position)
            let r = load(right, chunk) - (startOffset[1] + (offset[1] - startOffset[1]) * position)
            store(l, left, chunk)
            store(r, right, chunk)
            peak = pointwiseMaximum(peak, pointwiseMaximum(l.magnitude, r.magnitude))
        }

        // Limiter gain for this block, ramped from the last one; then the soft clipper.
        follower = max(peak.max(), follower * releaseFactor)
        let startGain = limiterGain
        limiterGain = follower > Self.threshold ? Self.threshold / follower : 1
        let limiting = startGain < 1 || limiterGain < 1
        guard limiting || follower > Self.knee else { return }
        for chunk in stride(from: 0, to: frames, by: 8) {
            let gain = startGain + (limiterGain - startGain) * (ramp + Float(chunk) * step)
            store(Self.softClip(load(left, chunk) * gain), left, chunk)
            store(Self.softClip(load(right, chunk) * gain), right, chunk)
        }
    }

    /// Identity below the knee; above it x/(1+x) bends towards the ceiling with a matching slope.
    @inline(__always)
    static func softClip(_ x: Chunk) -> Chunk {
        let magnitude = x.magnitude
        let room = ceiling - knee
        let over = (magnitude - knee).replacing(with: 0, where: magnitude .< knee) / room
        let bent = knee + room * over / (1 + over)
        let signed = bent.replacing(with: -bent, where: x .< 0)
        return x.replacing(with: signed, where: magnitude .> knee)
    }
}
