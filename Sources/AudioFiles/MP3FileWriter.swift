import Encoder
import Foundation
import Synth

/// Writes an MP3 file for playing, not streaming: LAME's bit reservoir on (every bit where it
/// helps most), and a LAME/Info tag in the first frame so players know the exact length and
/// trim the encoder delay and padding (gapless).
public final class MP3FileWriter: AudioFileWriter {
    private let file: OutputFile
    private let encoder: MP3Encoder
    private let channels: Int

    public init(path: String, format: AudioFormat, bitrate: EncoderConfiguration.Bitrate, maximumBlockFrames: Int) throws {
        let configuration = EncoderConfiguration(sampleRate: format.sampleRate, channels: format.channels, bitrate: bitrate, bitReservoir: true)
        encoder = try MP3Encoder(configuration, maximumBlockFrames: maximumBlockFrames, infoTag: true)
        file = try OutputFile(path: path)
        channels = format.channels
    }

    public func write(_ samples: UnsafeBufferPointer<Float>) throws {
        guard let base = samples.baseAddress else { return }
        try file.write(encoder.encode(interleaved: base, frames: samples.count / channels))
    }

    public func finish() throws {
        try file.write(encoder.flush())
        // LAME began the stream with a placeholder frame of the tag's size; fill it in.
        let tag = encoder.infoTagFrame()
        if !tag.isEmpty {
            try file.overwriteStart(with: tag)
        }
        try file.finish()
    }
}
