import Encoder
import NIOCore

/// HLS segments as MPEG-2 transport stream (ISO/IEC 13818-1), the same MP3 frames in PES
/// packets with their own timestamps. Packed audio times a whole segment from the ID3 tag at
/// its start, and ffmpeg's HLS demuxer (so mpv's, and every player built on it) applies that
/// time a packet or two late, so its timestamps stutter at segment boundaries; in a transport
/// stream every few frames carry their own.
///
/// One program with one MPEG-1 audio stream; PAT and PMT open every segment; a PES (with a
/// PCR) every three frames, 78 ms at 44.1 kHz; continuity counters run on across segments.
struct TransportStreamWriter: Sendable {
    static let packetSize = 188
    private static let pmtPID = 0x1000
    private static let audioPID = 0x0101
    private static let framesPerPES = 3

    private var continuity: [Int: UInt8] = [:]

    /// One segment: `frames` (whole MP3 frames) whose first sample is stream sample `firstSample`.
    mutating func segment(_ frames: ByteBuffer, firstSample: Int, sampleRate: Int, samplesPerFrame: Int) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(frames.readableBytes * 11 / 10 + 4 * Self.packetSize)
        writeTable(Self.programAssociation, pid: 0, into: &out)
        writeTable(Self.programMap, pid: Self.pmtPID, into: &out)
        frames.withUnsafeReadableBytes { raw in
            var offset = 0, frame = 0
            while offset < raw.count {
                var length = 0, count = 0
                while count < Self.framesPerPES, let header = MP3FrameHeader(raw, at: offset + length) {
                    length += header.length
                    count += 1
                }
                guard count > 0 else { break }
                let sample = firstSample + frame * samplesPerFrame
                let pts = (UInt64(sample) * 90000 / UInt64(sampleRate) + Self.timestampOrigin) & Self.timestampMask
                writePES(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)]), pts: pts, into: &out)
                offset += length
                frame += count
            }
        }
        return out
    }

    // MARK: Packets

    private static let timestampMask: UInt64 = (1 << 33) - 1
    /// Stream sample 0 is at 1.4 s, where ffmpeg's muxer starts too: room for the clock
    /// reference to run ahead of the first audio.
    private static let timestampOrigin: UInt64 = 126_000

    /// A PES packet of audio (stream 0xC0) with its PTS, cut into transport packets; the
    /// first carries a PCR a little before the PTS.
    private mutating func writePES(_ payload: UnsafeRawBufferPointer, pts: UInt64, into out: inout ByteBuffer) {
        var pes: [UInt8] = [0, 0, 1, 0xC0]
        let length = 3 + 5 + payload.count
        pes += [UInt8(length >> 8), UInt8(length & 0xFF), 0x84, 0x80, 0x05]
        pes += Self.timestamp(pts, marker: 0x21)
        pes += payload
        // The clock reference 0.1 s before the audio it carries, never below 0.
        let pcr = pts > 9000 ? pts - 9000 : 0
        var index = 0
        while index < pes.count {
            let first = index == 0
            // The adaptation field: the PCR (flag 0x10, 33-bit base, 6 reserved bits, 9-bit
            // extension) in the first packet, stuffing in the last.
            var field: [UInt8]? = first ? [0x10, UInt8(pcr >> 25 & 0xFF), UInt8(pcr >> 17 & 0xFF), UInt8(pcr >> 9 & 0xFF),
                                           UInt8(pcr >> 1 & 0xFF), UInt8((pcr & 1) << 7 | 0x7E), 0x00] : nil
            let room = 184 - (field.map { $0.count + 1 } ?? 0)
            let take = min(room, pes.count - index)
            let stuffing = room - take
            if stuffing > 0 {
                if field != nil {
                    field! += [UInt8](repeating: 0xFF, count: stuffing)
                } else {
                    // A field of `stuffing` bytes in all: its length byte, then flags and 0xFF.
                    field = stuffing == 1 ? [] : [0x00] + [UInt8](repeating: 0xFF, count: stuffing - 2)
                }
            }
            writeHeader(pid: Self.audioPID, start: first, adaptation: field, into: &out)
            out.writeBytes(pes[index..<(index + take)])
            index += take
        }
    }

    /// A 4-byte packet header, then the adaptation field (its length byte and `adaptation`),
    /// if there is one.
    private mutating func writeHeader(pid: Int, start: Bool, adaptation: [UInt8]?, into out: inout ByteBuffer) {
        let counter = continuity[pid, default: 0]
        continuity[pid] = (counter + 1) & 0x0F
        out.writeBytes([0x47, UInt8((start ? 0x40 : 0) | (pid >> 8 & 0x1F)), UInt8(pid & 0xFF),
                        UInt8((adaptation == nil ? 0x10 : 0x30) | Int(counter))])
        if let adaptation {
            out.writeInteger(UInt8(adaptation.count))
            out.writeBytes(adaptation)
        }
    }

    /// A PSI table in one packet: pointer field, the section, 0xFF to the end.
    private mutating func writeTable(_ section: [UInt8], pid: Int, into out: inout ByteBuffer) {
        writeHeader(pid: pid, start: true, adaptation: nil, into: &out)
        out.writeInteger(UInt8(0))
        out.writeBytes(section)
        out.writeBytes([UInt8](repeating: 0xFF, count: 184 - 1 - section.count))
    }

    /// PTS as five bytes, with the '0010' prefix and marker bits.
    private static func timestamp(_ value: UInt64, marker: UInt8) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 29 & 0x0E) | marker, UInt8(truncatingIfNeeded: value >> 22),
         UInt8(truncatingIfNeeded: value >> 14 & 0xFE) | 1, UInt8(truncatingIfNeeded: value >> 7),
         UInt8(truncatingIfNeeded: value << 1 & 0xFE) | 1]
    }

    // MARK: Tables

    /// Program 1, its map on `pmtPID`.
    private static let programAssociation = withCRC([
        0x00, 0xB0, 13, 0x00, 0x01, 0xC1, 0x00, 0x00,
        0x00, 0x01, UInt8(0xE0 | pmtPID >> 8), UInt8(pmtPID & 0xFF),
    ])

    /// One MPEG-1 audio stream (type 0x03) on `audioPID`, which also carries the PCR.
    private static let programMap = withCRC([
        0x02, 0xB0, 18, 0x00, 0x01, 0xC1, 0x00, 0x00,
        UInt8(0xE0 | audioPID >> 8), UInt8(audioPID & 0xFF), 0xF0, 0x00,
        0x03, UInt8(0xE0 | audioPID >> 8), UInt8(audioPID & 0xFF), 0xF0, 0x00,
    ])

    /// A section followed by its CRC-32/MPEG-2 (polynomial 0x04C11DB7, no reflection).
    private static func withCRC(_ section: [UInt8]) -> [UInt8] {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in section {
            crc ^= UInt32(byte) << 24
            for _ in 0..<8 { crc = crc & 0x8000_0000 != 0 ? crc << 1 ^ 0x04C1_1DB7 : crc << 1 }
        }
        return section + [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
    }
}
