/// Sample rate and channel count of what the engine renders.
public struct AudioFormat: Sendable, Equatable, CustomStringConvertible {
    public static let supportedSampleRates = [22050, 32000, 44100, 48000]
    public static let standard = AudioFormat(checkedSampleRate: 44100, channels: 2)

    public let sampleRate: Int
    public let channels: Int

    public init(sampleRate: Int = 44100, channels: Int = 2) throws(AudioFormatError) {
        guard Self.supportedSampleRates.contains(sampleRate) else { throw .unsupportedSampleRate(sampleRate) }
        guard channels == 1 || channels == 2 else { throw .unsupportedChannelCount(channels) }
        self.init(checkedSampleRate: sampleRate, channels: channels)
    }

    private init(checkedSampleRate: Int, channels: Int) {
        sampleRate = checkedSampleRate
        self.channels = channels
    }

    public var description: String {
        "\(sampleRate) Hz \(channels == 1 ? "mono" : "stereo")"
    }
}

public enum AudioFormatError: Error, Equatable, CustomStringConvertible {
    case unsupportedSampleRate(Int)
    case unsupportedChannelCount(Int)

    public var description: String {
        switch self {
        case .unsupportedSampleRate(let rate):
            "sample rate \(rate) Hz is not supported; use one of \(AudioFormat.supportedSampleRates.map(String.init).joined(separator: ", "))"
        case .unsupportedChannelCount(let channels):
            "\(channels) channels are not supported; use 1 (mono) or 2 (stereo)"
        }
    }
}
