/// One whole frame out of a `FramedEncoder`, with its place on the stream's clock.
public struct EncodedFrame {
    /// The frame's header fields, and its offset within `bytes` (always 0).
    public let frame: MP3Frame
    /// The frame's bytes; valid only during the callback that hands the frame out.
    public let bytes: UnsafeRawBufferPointer
    /// 0 for the stream's first frame.
    public let index: Int
    /// Where the frame's first decoded sample falls on the input's clock: the encoder delay
    /// makes the first frames start before input sample 0.
    public let firstInputSample: Int
    /// A listener may start here and decode without errors.
    public var isJoinPoint: Bool { frame.isCleanStart }
}
