import ArgumentParser

/// The MP3 stream's format, as `serve` and `push` take it.
struct StreamFormatOptions: ParsableArguments {
    @Option(name: .long, help: "MP3 constant bitrate in kbps (32-320; up to 160 at 22050 Hz).")
    var bitrate = 128

    @Option(name: .long, help: "Sample rate in Hz: 22050, 32000, 44100 or 48000.")
    var sampleRate = 44100

    @Option(name: .long, help: "1 (mono) or 2 (stereo).")
    var channels = 2
}
