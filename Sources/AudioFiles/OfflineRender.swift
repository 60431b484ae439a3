import Synth

/// Renders an engine into an audio file faster than real time: the engine fills one block
/// while the writing pipeline converts or encodes the one before.
public enum OfflineRender {
    /// Large enough that handing a block to the writing thread costs little beside rendering it.
    public static let blockFrames = 16384

    /// Renders `total` frames into `writer` and finishes the file. `progress` hears the frames
    /// done after each block; when it answers false the render stops there, the file is left
    /// unfinished, and this returns false.
    @discardableResult
    public static func run(_ engine: SynthEngine, frames total: Int64, into writer: AudioFileWriter,
                           progress: (Int64) -> Bool = { _ in true }) throws -> Bool {
        let channels = engine.format.channels
        let pipeline = WritingPipeline(writer: writer, blockSamples: blockFrames * channels)
        var done: Int64 = 0
        while done < total {
            let frames = Int(min(Int64(blockFrames), total - done))
            let block = try pipeline.nextBuffer()
            engine.render(into: block, frames: frames)
            pipeline.submit(count: frames * channels)
            done += Int64(frames)
            guard progress(done) else { return false }
        }
        try pipeline.finish()
        return true
    }
}
