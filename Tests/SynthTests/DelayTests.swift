import Foundation
import Testing
@testable import Synth

/// The delay on its own, fed known signals a control block at a time: echoes arrive at the
/// tempo-synced time with the level the feedback sets, and a change of delay time glides
/// without a glitch, also where the ring buffer wraps.
@Suite("Stereo delay")
struct DelayTests {
    static let sampleRate = 44100.0
    static let frames = ControlBlock.frames

    /// Runs the delay over `left/right` (whole blocks), returning the echoes alone (the dry
    /// outputs start at zero). `controls` gives each block's settings from its first frame.
    static func echoes(left: [Float], right: [Float], controls: (Int) -> StereoDelay.Controls) -> (left: [Float], right: [Float]) {
        // Padded to whole blocks.
        let count = (left.count + frames - 1) / frames * frames
        let left = left + [Float](repeating: 0, count: count - left.count)
        let right = right + [Float](repeating: 0, count: count - right.count)
        var delay = StereoDelay(sampleRate: sampleRate)
        var outLeft = [Float](repeating: 0, count: count), outRight = outLeft
        left.withUnsafeBufferPointer { inLeft in
            right.withUnsafeBufferPointer { inRight in
                outLeft.withUnsafeMutableBufferPointer { outL in
                    outRight.withUnsafeMutableBufferPointer { outR in
                        for start in stride(from: 0, to: left.count, by: frames) {
                            delay.process(controls(start), inLeft: inLeft.baseAddress! + start, inRight: inRight.baseAddress! + start,
                                          outLeft: outL.baseAddress! + start, outRight: outR.baseAddress! + start)
                        }
                    }
                }
            }
        }
        return (outLeft, outRight)
    }

    static func controls(_ division: DelayDivision, bpm: Double, feedback: Float = 0, damping: Float = 0) -> StereoDelay.Controls {
        .init(delaySeconds: division.beats * 60 / bpm, feedback: feedback, damping: damping, startMix: 1, mix: 1, sampleRate: sampleRate)
    }

    @Test("an impulse echoes at the division's time, then ping-pongs at the feedback's level")
    func impulseEchoes() {
        // A quarter note at 120 BPM is 0.5 s: 22050 frames exactly.
        let count = 3 * 22050 + 200
        var impulse = [Float](repeating: 0, count: count)
        impulse[100] = 1
        let silence = [Float](repeating: 0, count: count)
        let out = Self.echoes(left: impulse, right: silence) { _ in Self.controls(.quarter, bpm: 120, feedback: 0.5) }

        #expect(out.left[100 + 22050] == 1)
        #expect(out.right[100 + 2 * 22050] == 0.5, "the first repeat crosses to the other side")
        #expect(out.left[100 + 3 * 22050] == 0.25)
        let others = out.left.enumerated().filter { $0.offset != 100 + 22050 && $0.offset != 100 + 3 * 22050 }.map { abs($0.element) }
        #expect(others.max()! == 0, "nothing but the echoes")
        #expect(out.right.enumerated().filter { $0.offset != 100 + 2 * 22050 }.map { abs($0.element) }.max()! == 0)
    }

    @Test("a fractional delay time reads between samples")
    func fractionalDelay() {
        // A dotted eighth at 93 BPM: 21338.71 frames. A slow sine through it must come out as
        // the same sine that many frames later, across several wraps of the ring.
        let bpm = 93.0, delayFrames = 0.75 * 60 / bpm * Self.sampleRate
        let count = 6 * 44100
        let hz = 97.0
        let sine = (0..<count).map { Float(sin(2 * .pi * hz * Double($0) / Self.sampleRate)) }
        let out = Self.echoes(left: sine, right: sine) { _ in Self.controls(.dottedEighth, bpm: bpm) }
        var worst: Float = 0
        for n in Int(delayFrames) + 2..<count {
            let expected = Float(sin(2 * .pi * hz * (Double(n) - delayFrames) / Self.sampleRate))
            worst = max(worst, abs(out.left[n] - expected), abs(out.right[n] - expected))
        }
        #expect(worst < 1e-4, "largest error \(worst)")
    }

    @Test("a change of delay time glides without a glitch")
    func glide() {
        // A constant input echoes as the same constant wherever the read position is, so any
        // drop-out or spike while the time glides (and the ring wraps) shows up exactly.
        let count = 8 * 44100
        let constant = [Float](repeating: 0.5, count: count)
        let change = 2 * 44100, changeBack = 5 * 44100
        let out = Self.echoes(left: constant, right: constant) { start in
            start < change ? Self.controls(.eighth, bpm: 120) : start < changeBack ? Self.controls(.half, bpm: 90) : Self.controls(.sixteenth, bpm: 240)
        }
        let settled = out.left[44100...].map { abs($0 - 0.5) }.max()!
        #expect(settled < 1e-6, "largest deviation from the constant \(settled)")
        #expect(out.right[44100...].map { abs($0 - 0.5) }.max()! < 1e-6)
    }

    @Test("a change of delay time bends a tone without a jump")
    func glideIsSmooth() {
        // The glide moves a tenth of the way each block: the read position runs fast at first
        // (a tape-like bend), but it never jumps, so the echo's steps stay within those of the
        // sine played at the fastest speed.
        let count = 4 * 44100
        let hz = 220.0, amplitude = 0.5
        let sine = (0..<count).map { Float(amplitude * sin(2 * .pi * hz * Double($0) / Self.sampleRate)) }
        let change = 2 * 44100
        let before = Self.controls(.quarter, bpm: 100), after = Self.controls(.quarter, bpm: 110)
        let out = Self.echoes(left: sine, right: sine) { start in start < change ? before : after }
        func largestStep(_ range: Range<Int>) -> Float {
            range.map { abs(out.left[$0] - out.left[$0 - 1]) }.max()!
        }
        let slope = Float(amplitude * 2 * .pi * hz / Self.sampleRate)
        let changeFrames = Float((before.delaySeconds - after.delaySeconds) * Self.sampleRate)
        let fastest = 1 + 0.1 * changeFrames / Float(Self.frames)
        #expect(largestStep(44100..<change) <= slope * 1.01)
        #expect(largestStep(change..<change + 44100) <= slope * fastest * 1.05, "fastest speed \(fastest)")
        #expect(largestStep(change + 44100..<count) <= slope * 1.01, "settled on the new time")
    }
}
