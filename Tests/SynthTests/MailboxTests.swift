import API
import Foundation
import Testing
@testable import Synth

@Suite("Parameter changes across threads")
struct MailboxTests {
    @Test("the mailbox reports the values in force and refuses bad batches whole")
    func valuesInForce() throws {
        let mailbox = ParameterMailbox(initial: ParameterSet())
        let now = try mailbox.submit([(key: "cutoff", value: .number(300)), (key: "wave", value: .string("sine"))])
        #expect(now[.cutoff] == 300)
        #expect(throws: ParameterError.self) {
            try mailbox.submit(texts: [(key: "resonance", text: "0.5"), (key: "tempo", text: "9000")])
        }
        #expect(mailbox.current[.resonance] == ParameterID.resonance.spec.defaultValue)
        #expect(mailbox.current[.cutoff] == 300)
    }

    @Test("changes submitted from other threads while rendering all arrive, with no torn batch")
    func concurrentSubmitters() async throws {
        let engine = try Render(preset: "test-tone").engine()
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 2 * 512)
        defer { buffer.deallocate() }
        let submitters = 4, rounds = 250
        let mailbox = engine.parameters
        try await withThrowingTaskGroup(of: Void.self) { group in
            for submitter in 0..<submitters {
                group.addTask {
                    for round in 0..<rounds {
                        // Frequency and level always change together; a torn batch would mismatch them.
                        let hz = Double(200 + submitter * 1000 + round)
                        try mailbox.submit([(key: "test_frequency", value: .number(hz)),
                                                      (key: "test_level", value: .number(-12 - Double(round % 40)))])
                    }
                }
            }
            for _ in 0..<2000 { engine.render(into: buffer, frames: 512) }
            try await group.waitForAll()
        }
        engine.render(into: buffer, frames: 512)
        let final = engine.parameters.current
        #expect(final[.testFrequency] >= 200 + Double(rounds - 1))
        // The render thread has taken the final batch: a second second of audio is at that pitch.
        let tail = Render.samples(from: engine, seconds: 1.5).channel(0, of: 2).suffix(44100)
        #expect(abs(estimatedFrequency(Array(tail), sampleRate: 44100) / final[.testFrequency] - 1) < 0.001)
    }
}
