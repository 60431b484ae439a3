import API
import Testing
@testable import Synth

@Suite("Determinism")
struct DeterminismTests {
    static func renderWithChanges(seed: UInt64, blockFrames: Int) throws -> [Float] {
        let engine = try Render(preset: "lo-fi").engine(seed: seed)
        var output: [Float] = []
        for round in 0..<8 {
            output += Render.samples(from: engine, frames: 11025, blockFrames: blockFrames)
            // Changes land at the same stream position in both runs.
            try engine.parameters.submit([(key: "cutoff", value: .number(Double(400 + round * 300))),
                                          (key: "scale", value: .string(round % 2 == 0 ? "minor" : "dorian"))])
        }
        return output
    }

    @Test("same preset, seed and changes give bit-identical PCM")
    func identicalRenders() throws {
        let first = try Self.renderWithChanges(seed: 5, blockFrames: 512)
        let second = try Self.renderWithChanges(seed: 5, blockFrames: 512)
        #expect(first == second)
    }

    @Test("the render block size does not change the sound")
    func blockSizeIndependent() throws {
        // Changes are applied between calls, which sit at the same frames when the call
        // sizes divide 11025 evenly: 1, 3, 75 and 11025 all do.
        let reference = try Self.renderWithChanges(seed: 5, blockFrames: 11025)
        for size in [1, 3, 75] {
            #expect(try Self.renderWithChanges(seed: 5, blockFrames: size) == reference, "block size \(size)")
        }
    }

    @Test("a different seed gives a different piece")
    func seedMatters() throws {
        #expect(try Self.renderWithChanges(seed: 5, blockFrames: 512) != Self.renderWithChanges(seed: 6, blockFrames: 512))
    }
}

extension Render {
    func engine(seed: UInt64) -> SynthEngine {
        SynthEngine(format: format, parameters: parameters, seed: seed)
    }
}
