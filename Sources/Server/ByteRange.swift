import NIOCore

/// A `Range: bytes=...` request on a stored body of known length (RFC 9110 §14): one range,
/// `first-last`, `first-` or `-suffix`. Several ranges, or other units, are served whole, as
/// the RFC allows; a range past the end is unsatisfiable (416).
enum ByteRange: Equatable {
    case bytes(Range<Int>)
    case unsatisfiable

    /// nil when the whole body is to be sent.
    init?(_ header: String?, length: Int) {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        let ends = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard ends.count == 2 else { return nil }
        let first = Int(ends[0]), last = Int(ends[1])
        switch (ends[0].isEmpty, ends[1].isEmpty) {
        case (true, false):
            guard let suffix = last else { return nil }
            guard suffix > 0, length > 0 else { self = .unsatisfiable; return }
            self = .bytes(max(0, length - suffix)..<length)
        case (false, _):
            guard let first, first >= 0, ends[1].isEmpty || (last.map { $0 >= first } ?? false) else { return nil }
            guard first < length else { self = .unsatisfiable; return }
            self = .bytes(first..<min(length, (last ?? length - 1) + 1))
        default:
            return nil
        }
    }

    /// The bytes of `range` across `buffers` laid end to end, as slices.
    static func slice(_ buffers: [ByteBuffer], _ range: Range<Int>) -> [ByteBuffer] {
        var slices: [ByteBuffer] = []
        var start = 0
        for buffer in buffers {
            let end = start + buffer.readableBytes
            let from = max(range.lowerBound, start), to = min(range.upperBound, end)
            if from < to { slices.append(buffer.getSlice(at: buffer.readerIndex + from - start, length: to - from)!) }
            start = end
        }
        return slices
    }
}
