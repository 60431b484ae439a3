import NIOCore

/// One OSC 1.0 packet (a UDP datagram's content): a message, or a bundle of packets.
///
/// Decoded here rather than through liblo: the datagrams arrive on a SwiftNIO event loop like
/// every other request, so there is one threading model (no liblo server thread, no C
/// callbacks into Swift), and the bytes, which anyone on the network may send, are read with
/// `ByteBuffer`'s bounds-checked reads: a length or a string that runs past the end is an
/// error value, never a read out of bounds. The subset synthcast takes is small (the
/// argument types below), so a codec of its own is shorter than the glue liblo would need.
indirect enum OSCPacket: Equatable, Sendable {
    case message(OSCMessage)
    /// The time tag is kept but not acted on: synthcast applies a bundle when it arrives.
    case bundle(timeTag: UInt64, elements: [OSCPacket])

    /// Bundles inside bundles, at most this deep.
    static let maximumDepth = 8

    /// The messages in order, those of nested bundles included.
    var messages: [OSCMessage] {
        switch self {
        case .message(let message): [message]
        case .bundle(_, let elements): elements.flatMap(\.messages)
        }
    }

    /// Decodes a whole datagram; anything malformed, truncated or left over is an error naming it.
    init(decoding datagram: ByteBuffer) throws(OSCDecodingError) {
        var buffer = datagram
        self = try Self.decode(&buffer, depth: 0)
    }

    private static let bundleMarker = Array("#bundle\0".utf8)

    private static func decode(_ buffer: inout ByteBuffer, depth: Int) throws(OSCDecodingError) -> OSCPacket {
        guard buffer.readableBytes > 0 else { throw OSCDecodingError("empty packet") }
        guard buffer.readableBytes % 4 == 0 else {
            throw OSCDecodingError("\(buffer.readableBytes) bytes is not a multiple of 4, as every OSC packet is")
        }
        if buffer.readableBytesView.starts(with: bundleMarker) {
            guard depth < maximumDepth else { throw OSCDecodingError("bundles nested deeper than \(maximumDepth)") }
            buffer.moveReaderIndex(forwardBy: bundleMarker.count)
            guard let timeTag = buffer.readInteger(endianness: .big, as: UInt64.self) else {
                throw OSCDecodingError("bundle cut off in its time tag")
            }
            var elements: [OSCPacket] = []
            while buffer.readableBytes > 0 {
                guard let size = buffer.readInteger(endianness: .big, as: Int32.self) else {
                    throw OSCDecodingError("bundle element cut off in its size")
                }
                guard size > 0, size % 4 == 0, var element = buffer.readSlice(length: Int(size)) else {
                    throw OSCDecodingError("bundle element of size \(size) with \(buffer.readableBytes) bytes left")
                }
                elements.append(try decode(&element, depth: depth + 1))
            }
            return .bundle(timeTag: timeTag, elements: elements)
        }
        guard buffer.readableBytesView.first == UInt8(ascii: "/") else {
            throw OSCDecodingError("not OSC: a packet starts with '/' (a message) or '#bundle'")
        }
        return .message(try OSCMessage(&buffer))
    }
}

/// An OSC message: an address and typed arguments.
struct OSCMessage: Equatable, Sendable {
    var address: String
    var arguments: [OSCArgument]

    init(address: String, arguments: [OSCArgument]) {
        self.address = address
        self.arguments = arguments
    }

    /// Reads a message that fills `buffer` exactly.
    fileprivate init(_ buffer: inout ByteBuffer) throws(OSCDecodingError) {
        address = try Self.readString(&buffer, what: "address")
        arguments = []
        // OSC 1.0 asks to tolerate old senders that leave the type tags out; such a message
        // would have no arguments, which no synthcast address takes, and refusing it tells a
        // datagram cut after its address apart from a whole one.
        guard buffer.readableBytes > 0 else { throw OSCDecodingError("no type tags after the address") }
        let tags = try Self.readString(&buffer, what: "type tags")
        guard tags.first == "," else { throw OSCDecodingError("type tags must start with ',', got '\(tags.prefix(16))'") }
        for tag in tags.utf8.dropFirst() {
            arguments.append(try Self.readArgument(tag, from: &buffer))
        }
        guard buffer.readableBytes == 0 else {
            throw OSCDecodingError("\(buffer.readableBytes) bytes after the arguments the type tags name")
        }
    }

    private static func readArgument(_ tag: UInt8, from buffer: inout ByteBuffer) throws(OSCDecodingError) -> OSCArgument {
        func cutOff() -> OSCDecodingError { OSCDecodingError("argument '\(Character(Unicode.Scalar(tag)))' cut off") }
        switch tag {
        case UInt8(ascii: "i"):
            guard let value = buffer.readInteger(endianness: .big, as: Int32.self) else { throw cutOff() }
            return .int32(value)
        case UInt8(ascii: "h"):
            guard let value = buffer.readInteger(endianness: .big, as: Int64.self) else { throw cutOff() }
            return .int64(value)
        case UInt8(ascii: "f"):
            guard let bits = buffer.readInteger(endianness: .big, as: UInt32.self) else { throw cutOff() }
            return .float32(Float(bitPattern: bits))
        case UInt8(ascii: "d"):
            guard let bits = buffer.readInteger(endianness: .big, as: UInt64.self) else { throw cutOff() }
            return .double(Double(bitPattern: bits))
        case UInt8(ascii: "s"): return .string(try readString(&buffer, what: "string argument"))
        case UInt8(ascii: "S"): return .symbol(try readString(&buffer, what: "symbol argument"))
        case UInt8(ascii: "T"): return .bool(true)
        case UInt8(ascii: "F"): return .bool(false)
        case UInt8(ascii: "N"): return .null
        case UInt8(ascii: "b"):
            // No synthcast address takes bytes, so a blob is refused rather than carried along.
            throw OSCDecodingError("blob arguments ('b') are not taken: parameters take numbers, strings and T/F")
        default:
            let shown = (0x21...0x7E).contains(tag) ? "'\(Character(Unicode.Scalar(tag)))'" : "byte \(tag)"
            throw OSCDecodingError("type tag \(shown) is not taken; i f d h s S T F N are")
        }
    }

    /// An OSC-string: UTF-8 up to a NUL, then NULs to the next multiple of 4.
    private static func readString(_ buffer: inout ByteBuffer, what: String) throws(OSCDecodingError) -> String {
        guard let end = buffer.readableBytesView.firstIndex(of: 0) else { throw OSCDecodingError("\(what) has no terminating NUL") }
        let length = end - buffer.readerIndex
        let padded = (length + 4) & ~3
        guard let bytes = buffer.readSlice(length: min(padded, buffer.readableBytes)), bytes.readableBytes == padded else {
            throw OSCDecodingError("\(what) cut off in its padding")
        }
        guard bytes.readableBytesView.dropFirst(length).allSatisfy({ $0 == 0 }) else {
            throw OSCDecodingError("\(what) padded with bytes other than NUL")
        }
        guard let raw = bytes.getBytes(at: bytes.readerIndex, length: length), let text = String(validating: raw, as: UTF8.self) else {
            throw OSCDecodingError("\(what) is not UTF-8")
        }
        return text
    }
}

/// The argument types synthcast takes.
enum OSCArgument: Equatable, Sendable {
    case int32(Int32)
    case int64(Int64)
    case float32(Float)
    case double(Double)
    case string(String)
    case symbol(String)
    case bool(Bool)
    case null
}

/// Why a datagram is not an OSC packet synthcast can read.
struct OSCDecodingError: Error, Equatable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
