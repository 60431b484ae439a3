import API
import AllocationCounter
import Testing
@testable import Synth

@Suite("Real-time safety")
struct AllocationTests {
    /// Counts this thread's malloc calls while `body` runs.
    static func allocations(_ body: () -> Void) -> Int {
        allocation_counter_start()
        body()
        return allocation_counter_stop()
    }

    @Test("the counter sees allocations (so a zero below means something)")
    func counterWorks() {
        let count = Self.allocations {
            let pointer = UnsafeMutablePointer<Double>.allocate(capacity: 1000)
            pointer.deallocate()
        }
        #expect(count >= 1)
    }

    @Test("rendering allocates nothing after set-up, across every path and parameter changes")
    func renderPathDoesNotAllocate() throws {
        // Everything on: voices with unison, sub and noise, drums, texture with drops,
        // delay, reverb, a test sweep, LFO on every target.
        var parameters = try TestPresets.library.load("lo-fi").parameters
        for (key, value) in [("texture_drops", 30.0), ("lfo_to_pan", 1), ("noise_level", 0.3), ("sub_level", 0.5), ("evolve", 1)] {
            try parameters.set(key, .number(value))
        }
        try parameters.set("test_signal", .string("sweep"))
        try parameters.set("test_level", .number(-30))
        let engine = SynthEngine(parameters: parameters, seed: 4)
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 2 * SynthEngine.maximumBlockFrames)
        defer { buffer.deallocate() }
        engine.render(into: buffer, frames: 4096)  // first block: one-time lazy set-up is allowed

        let styles = ["melody", "arpeggio", "chords", "drone", "off"], waves = ["saw", "pulse", "triangle", "sine"]
        var total = 0
        for round in 0..<40 {
            // Submitting happens on the control side (it may allocate); only rendering is counted.
            try engine.parameters.submit([
                (key: "style", value: .string(styles[round % styles.count])),
                (key: "wave", value: .string(waves[round % waves.count])),
                (key: "cutoff", value: .number(Double(200 + 97 * round))),
                (key: "tempo", value: .number(Double(60 + 4 * round))),
                (key: "delay_mix", value: .number(round % 5 == 0 ? 0 : 0.4)),
                (key: "reverb_mix", value: .number(round % 7 == 0 ? 0 : 0.5)),
                (key: "pattern_length", value: .number(Double(1 + round % 64))),
            ])
            let frames = [1, 31, 32, 500, 4096, 16384][round % 6]
            total += Self.allocations {
                for _ in 0..<8 { engine.render(into: buffer, frames: frames) }
            }
        }
        #expect(total == 0)
    }
}
