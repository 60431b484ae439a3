import Logging
import NIOCore
import NIOPosix

/// The OSC control port (`--osc-port`): a UDP channel on the server's event loops whose
/// datagrams are decoded (`OSCPacket`) and applied (`OSCControl`) in the order they arrive.
/// It never sends anything back: an answer to a forged sender address would make the server
/// an amplifier. What it refuses is counted and logged (`OSCRejectionLog`) instead.
final class OSCListener: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    /// The largest datagram taken, and one byte more is read: NIO does not report a datagram
    /// cut to the receive buffer, so one that fills the buffer is refused as too large rather
    /// than decoded in part (a bundle cut between elements would still decode).
    static let maximumDatagram = 16 * 1024 - 1

    private let control: OSCControl
    private let statistics: ServerStatistics
    private let log: OSCRejectionLog

    private init(service: StreamService, eventLoop: any EventLoop) {
        control = OSCControl(service: service)
        statistics = service.statistics
        log = OSCRejectionLog(logger: service.logger, eventLoop: eventLoop)
    }

    /// Binds the OSC port on `host` (0: any free port) and starts taking datagrams.
    static func bind(host: String, port: Int, group: any EventLoopGroup, service: StreamService) throws -> any Channel {
        try DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: maximumDatagram + 1))
            .channelOption(.maxMessagesPerRead, value: 16)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(OSCListener(service: service, eventLoop: channel.eventLoop))
                }
            }
            .bind(host: host, port: port).wait()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let sender = "\(envelope.remoteAddress.ipAddress ?? "?"):\(envelope.remoteAddress.port ?? 0)"
        guard envelope.data.readableBytes <= Self.maximumDatagram else {
            return refuseDatagram("datagram larger than \(Self.maximumDatagram) bytes", sender: sender)
        }
        let messages: [OSCMessage]
        do { messages = try OSCPacket(decoding: envelope.data).messages } catch {
            return refuseDatagram(error.description, sender: sender)
        }
        statistics.oscMessages.add(messages.count)
        for refusal in control.apply(messages) {
            statistics.oscRejected.add(refusal.messages)
            log.note(refusal.reason, messages: refusal.messages, sender: sender)
        }
    }

    /// A datagram that is not an OSC packet counts as one message, refused.
    private func refuseDatagram(_ reason: String, sender: String) {
        statistics.oscMessages.add(1)
        statistics.oscRejected.add(1)
        log.note(reason, messages: 1, sender: sender)
    }

    /// A read error (an ICMP error from an earlier peer, say) leaves the channel open; there is
    /// no one to tell.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
