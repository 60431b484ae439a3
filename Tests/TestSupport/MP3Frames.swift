/// Splits MPEG-1 Layer III bytes (a file from `synthcast render` or ffmpeg) into whole frames,
/// so tests can serve, cut and corrupt a stream at frame boundaries. Bytes before the first
/// frame (an ID3 tag) and after the last whole one are dropped.
public func mp3Frames(_ bytes: [UInt8]) -> [[UInt8]] {
    let bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    let rates = [44100, 48000, 32000]
    var frames: [[UInt8]] = []
    var offset = 0
    while offset + 4 <= bytes.count {
        let header = bytes[offset..<offset + 4].map(Int.init)
        let bitrateIndex = header[2] >> 4, rateIndex = header[2] >> 2 & 3
        // Sync, MPEG-1, Layer III, a real bitrate and rate.
        guard header[0] == 0xFF, header[1] & 0xFE == 0xFA, bitrateIndex > 0, bitrateIndex < 15, rateIndex < 3 else {
            offset += 1
            continue
        }
        let length = 144_000 * bitrates[bitrateIndex] / rates[rateIndex] + (header[2] >> 1 & 1)
        guard offset + length <= bytes.count else { break }
        frames.append(Array(bytes[offset..<offset + length]))
        offset += length
    }
    return frames
}
