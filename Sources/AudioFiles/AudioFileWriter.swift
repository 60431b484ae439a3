/// Where `render` puts its audio: blocks of interleaved float samples in, a finished file out.
public protocol AudioFileWriter {
    func write(_ samples: UnsafeBufferPointer<Float>) throws
    func finish() throws
}
