/// What an HLS request asks for, read from its URL: a blocking reload's `_HLS_msn` and
/// `_HLS_part`, or a segment's or part's file name.
enum HLSRequest {
    /// What the playlist must have before it is sent: segment `_HLS_msn` (or its part
    /// `_HLS_part`), or without them any complete segment.
    static func wanted(_ query: QueryParameters) throws(ServiceError) -> HLSWindow.Wanted {
        let msn = try number(query.value(of: "_HLS_msn"), "_HLS_msn")
        let part = try number(query.value(of: "_HLS_part"), "_HLS_part")
        guard let msn else {
            if part != nil { throw .badRequest("_HLS_part goes with _HLS_msn") }
            return .anySegment
        }
        return .playlist(msn: msn, part: part)
    }

    private static func number(_ text: String?, _ name: String) throws(ServiceError) -> Int? {
        guard let text else { return nil }
        guard text.count <= 18, text.allSatisfy(\.isASCII), let value = Int(text), value >= 0 else {
            throw .badRequest("\(name) takes a whole number of 0 or more, got '\(text.prefix(20))'")
        }
        return value
    }

    /// `SEQ.mp3`, `SEQ.PART.mp3` or `SEQ.ts`.
    enum File: Equatable {
        case segment(Int)
        case part(Int, Int)
        case transportStream(Int)

        init?(_ name: String) {
            if name.hasSuffix(".ts"), let sequence = Self.number(name.dropLast(3)) {
                self = .transportStream(sequence)
                return
            }
            guard name.hasSuffix(".mp3") else { return nil }
            let numbers = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
            let values = numbers.compactMap { $0.count <= 18 && $0.allSatisfy(\.isASCII) ? Int($0) : nil }.filter { $0 >= 0 }
            guard values.count == numbers.count else { return nil }
            switch values.count {
            case 1: self = .segment(values[0])
            case 2: self = .part(values[0], values[1])
            default: return nil
            }
        }

        private static func number(_ text: Substring) -> Int? {
            text.count <= 18 && text.allSatisfy(\.isASCII) ? Int(text).flatMap { $0 >= 0 ? $0 : nil } : nil
        }

        var sequence: Int {
            switch self {
            case .segment(let sequence), .part(let sequence, _), .transportStream(let sequence): sequence
            }
        }

        var kind: String {
            switch self {
            case .segment, .transportStream: "segment"
            case .part: "part"
            }
        }

        var name: String {
            switch self {
            case .segment(let sequence): "\(sequence).mp3"
            case .part(let sequence, let index): "\(sequence).\(index).mp3"
            case .transportStream(let sequence): "\(sequence).ts"
            }
        }

        var contentType: String {
            if case .transportStream = self { "video/mp2t" } else { "audio/mpeg" }
        }
    }
}
