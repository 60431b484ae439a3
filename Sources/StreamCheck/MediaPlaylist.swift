/// What the checker reads from an HLS playlist (RFC 8216): a media playlist's segments with
/// their sequence numbers, or a master playlist's first variant.
struct MediaPlaylist {
    struct Segment {
        var sequence: Int
        var uri: String
        var duration: Double
    }

    var targetDuration: Double = 6
    var segments: [Segment] = []
    /// `#EXT-X-ENDLIST`: no more segments will come.
    var ended = false
    /// The server answers `_HLS_msn=N` once segment N is there (a blocking reload).
    var canBlockReload = false
    /// A master playlist's first variant, to be fetched instead.
    var variant: String?

    static func isPlaylist(path: String, contentType: String) -> Bool {
        path.lowercased().hasSuffix(".m3u8") || path.lowercased().hasSuffix(".m3u")
            || contentType.contains("mpegurl")
    }

    init(_ text: String) throws(CheckError) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.first?.hasPrefix("#EXTM3U") == true else {
            throw CheckError("the playlist does not start with #EXTM3U: \(lines.first?.prefix(60) ?? "it is empty")")
        }
        var sequence = 0
        var duration: Double?
        var expectVariant = false
        for line in lines.dropFirst() where !line.isEmpty {
            if line.hasPrefix("#") {
                let (tag, value) = Self.split(line)
                switch tag {
                case "#EXT-X-TARGETDURATION": targetDuration = Double(value) ?? targetDuration
                case "#EXT-X-MEDIA-SEQUENCE": sequence = Int(value) ?? 0
                case "#EXTINF": duration = Double(value.split(separator: ",").first ?? "")
                case "#EXT-X-ENDLIST": ended = true
                case "#EXT-X-SERVER-CONTROL": canBlockReload = value.contains("CAN-BLOCK-RELOAD=YES")
                case "#EXT-X-STREAM-INF": expectVariant = true
                default: break
                }
            } else if expectVariant {
                if variant == nil { variant = line }
                expectVariant = false
            } else {
                segments.append(Segment(sequence: sequence, uri: line, duration: duration ?? targetDuration))
                sequence += 1
                duration = nil
            }
        }
    }

    private static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        return (String(line[..<colon]), String(line[line.index(after: colon)...]))
    }

    /// Where a live player starts: three segments from the end (RFC 8216 §6.3.3), or the
    /// start of a playlist that has ended.
    var startSequence: Int? {
        guard let first = segments.first else { return nil }
        return ended ? first.sequence : segments[max(0, segments.count - 3)].sequence
    }

    var nextSequence: Int { (segments.last?.sequence ?? -1) + 1 }
}
