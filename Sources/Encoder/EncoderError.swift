/// What went wrong while encoding, in words a user can act on.
public enum EncoderError: Error, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)
    /// LAME refused the settings in `lame_init_params` (its code attached).
    case rejectedSettings(code: Int32)
    /// A block larger than the encoder was set up for.
    case blockTooLarge(frames: Int, maximum: Int)
    /// `lame_encode_*` failed; the code is LAME's.
    case encodingFailed(code: Int32)
    case outOfMemory
    case finished

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return message
        case .rejectedSettings(let code):
            return "LAME refused the encoder settings (lame_init_params returned \(code))"
        case .blockTooLarge(let frames, let maximum):
            return "a block of \(frames) frames is larger than the \(maximum) this encoder was set up for"
        case .encodingFailed(let code):
            let reason: String
            switch code {
            case -1: reason = "the output buffer was too small"
            case -2: reason = "LAME could not allocate memory"
            case -3: reason = "LAME was not initialised"
            case -4: reason = "LAME's psychoacoustic model failed"
            default: reason = "unknown error"
            }
            return "MP3 encoding failed: \(reason) (LAME code \(code))"
        case .outOfMemory:
            return "could not create a LAME encoder (out of memory)"
        case .finished:
            return "the encoder was already flushed; make a new one"
        }
    }
}
