import NIOCore
import NIOHTTP1

/// A strong validator for stored bytes (FNV-1a, 64 bits, quoted): the same bytes, the same tag.
enum EntityTag {
    static func of(_ buffers: [ByteBuffer]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for buffer in buffers {
            for byte in buffer.readableBytesView { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return "\"" + String(hash, radix: 16) + "\""
    }

    static func of(_ bytes: [UInt8]) -> String { of([ByteBuffer(bytes: bytes)]) }

    /// Whether a request's `If-None-Match` names `tag` (or `*`).
    static func matches(_ tag: String, ifNoneMatch headers: HTTPHeaders) -> Bool {
        headers["If-None-Match"].contains { $0.split(separator: ",").contains { ["*", tag].contains($0.trimmingCharacters(in: .whitespaces)) } }
    }
}
