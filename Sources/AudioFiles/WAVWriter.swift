import Foundation
import Synth

/// Writes a RIFF/WAVE file as blocks arrive; the header's sizes are filled in by `finish`.
public final class WAVWriter: AudioFileWriter {
    public enum SampleFormat: String, Sendable, CaseIterable {
        case s16, f32
    }

    private let file: OutputFile
    private let format: AudioFormat
    private let sampleFormat: SampleFormat
    private var dataBytes: UInt32 = 0
    private var headerWritten = false
    /// One block as 16-bit samples, reused: it grows to the largest block once.
    private var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    public init(path: String, format: AudioFormat, sampleFormat: SampleFormat) throws {
        file = try OutputFile(path: path)
        self.format = format
        self.sampleFormat = sampleFormat
    }

    deinit { scratch.deallocate() }

    /// Interleaved samples in [-1, 1], written in one call: as they are for f32 (WAV is
    /// little-endian, as every platform Swift runs this on), or converted into the reused
    /// block buffer for s16.
    public func write(_ samples: UnsafeBufferPointer<Float>) throws {
        if !headerWritten {
            try file.write(header(dataBytes: 0))
            headerWritten = true
        }
        switch sampleFormat {
        case .s16:
            let bytes = samples.count * 2
            if scratch.count < bytes {
                scratch.deallocate()
                scratch = .allocate(byteCount: bytes, alignment: 16)
            }
            PCM16.convert(samples, into: scratch.bindMemory(to: Int16.self))
            try file.write(UnsafeRawBufferPointer(rebasing: scratch[0..<bytes]))
            dataBytes &+= UInt32(bytes)
        case .f32:
            try file.write(UnsafeRawBufferPointer(samples))
            dataBytes &+= UInt32(samples.count * 4)
        }
    }

    public func finish() throws {
        try file.overwriteStart(with: header(dataBytes: dataBytes))
        try file.finish()
    }

    private func header(dataBytes: UInt32) -> Data {
        let bytesPerSample = sampleFormat == .s16 ? 2 : 4
        let blockAlign = UInt16(format.channels * bytesPerSample)
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36) &+ dataBytes)
        data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); append(UInt32(16))
        append(UInt16(sampleFormat == .s16 ? 1 : 3))  // 1 = PCM, 3 = IEEE float
        append(UInt16(format.channels))
        append(UInt32(format.sampleRate))
        append(UInt32(format.sampleRate) * UInt32(blockAlign))
        append(blockAlign)
        append(UInt16(bytesPerSample * 8))
        data.append(contentsOf: Array("data".utf8)); append(dataBytes)
        return data
    }
}
