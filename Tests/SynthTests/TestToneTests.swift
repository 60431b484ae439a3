import Testing
@testable import Synth

@Suite("Test signals")
struct TestToneTests {
    @Test("test-tone is 1 kHz within 0.1 % and -12 dBFS within 0.5 dB", arguments: [22050, 32000, 44100, 48000])
    func testTone(sampleRate: Int) throws {
        let render = try Render(preset: "test-tone", format: AudioFormat(sampleRate: sampleRate, channels: 2))
        let samples = render.samples(seconds: 2.2)
        // Skip the first 0.2 s (DC blocker settling), measure each channel.
        for channel in 0..<2 {
            let signal = Array(samples.channel(channel, of: 2).dropFirst(sampleRate / 5))
            let frequency = estimatedFrequency(signal, sampleRate: Double(sampleRate))
            #expect(abs(frequency - 1000) / 1000 < 0.001, "frequency \(frequency) Hz")
            let peakLevel = decibels(signal.rms * 2.0.squareRoot())
            #expect(abs(peakLevel - -12) < 0.5, "level \(peakLevel) dBFS")
        }
    }

    @Test("mono output carries the same tone")
    func monoTone() throws {
        let render = try Render(preset: "test-tone", format: AudioFormat(sampleRate: 44100, channels: 1))
        let signal = Array(render.samples(seconds: 1.2).dropFirst(8820))
        #expect(abs(estimatedFrequency(signal, sampleRate: 44100) - 1000) < 1)
        #expect(abs(decibels(signal.rms * 2.0.squareRoot()) - -12) < 0.5)
    }

    @Test("test_frequency and test_level set the tone")
    func toneFollowsParameters() throws {
        var parameters = try TestPresets.library.load("test-tone").parameters
        try parameters.set("test_frequency", .number(440))
        try parameters.set("test_level", .number(-20))
        let signal = Array(Render(parameters: parameters).samples(seconds: 1.2).channel(0, of: 2).dropFirst(8820))
        #expect(abs(estimatedFrequency(signal, sampleRate: 44100) - 440) / 440 < 0.001)
        #expect(abs(decibels(signal.rms * 2.0.squareRoot()) - -20) < 0.5)
    }

    @Test("test-sweep rises from 20 Hz towards 20 kHz")
    func sweepRises() throws {
        let samples = try Render(preset: "test-sweep").samples(seconds: 9).channel(0, of: 2)
        func frequency(at second: Double) -> Double {
            let start = Int(second * 44100)
            return estimatedFrequency(Array(samples[start..<(start + 4410)]), sampleRate: 44100)
        }
        // 20 Hz · 1000^(t/10): about 80 Hz at 2 s, 1.26 kHz at 6 s, 5 kHz at 8 s.
        #expect(abs(frequency(at: 2) / 80 - 1) < 0.1)
        #expect(abs(frequency(at: 6) / 1262 - 1) < 0.1)
        #expect(abs(frequency(at: 8) / 5024 - 1) < 0.1)
    }
}
