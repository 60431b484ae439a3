// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "synthcast",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "synthcast", targets: ["SynthcastCLI"]),
        .library(name: "API", targets: ["API"]),
        .library(name: "Synth", targets: ["Synth"]),
        .library(name: "Presets", targets: ["Presets"]),
        .library(name: "Encoder", targets: ["Encoder"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "TUI", targets: ["TUI"]),
        .library(name: "StreamCheck", targets: ["StreamCheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics.git", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // The JSON API's contract: the request and reply types, parameter values, the schema
        // row with its knob maths, the number format people read. Server, TUI and tests share it.
        .target(name: "API"),
        // The thread's floating-point mode (flush denormals while rendering): Swift can't reach it.
        .target(name: "CFloatEnvironment"),
        // Pure DSP: parameters, sequencer, voices, effects, the engine. No I/O.
        .target(
            name: "Synth",
            dependencies: [
                "API", "CFloatEnvironment",
                .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),
        // libmp3lame (Debian libmp3lame-dev), through a one-header shim.
        .systemLibrary(name: "CLame", pkgConfig: "lame", providers: [.apt(["libmp3lame-dev"])]),
        // PCM blocks to whole MP3 frames the server can pace, fan out and start listeners on.
        .target(name: "Encoder", dependencies: ["CLame"]),
        // Preset files and the preset folder: the I/O around Synth's Preset model.
        .target(name: "Presets", dependencies: ["Synth"]),
        // HTTP (SwiftNIO), sessions, real-time pacing and fan-out of MP3 frames to listeners.
        .target(
            name: "Server",
            dependencies: [
                "API", "Synth", "Presets", "Encoder", "AudioFiles",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // ncursesw (Debian libncurses-dev), through a one-header shim.
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // The terminal UI: sessions, knobs, presets and meters, driving a server through its
        // JSON API (embedded or remote alike).
        .target(
            name: "TUI",
            dependencies: [
                "CNcurses", "API",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // libmpg123 (Debian libmpg123-dev), through a one-header shim.
        .systemLibrary(name: "CMpg123", pkgConfig: "libmpg123", providers: [.apt(["libmpg123-dev"])]),
        // `synthcast check`: connects to a stream as a player would, decodes it and judges it.
        .target(
            name: "StreamCheck",
            dependencies: [
                "CMpg123",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Audio files rendered faster than real time: WAV, and MP3 with a LAME/Info tag.
        .target(name: "AudioFiles", dependencies: ["Synth", "Encoder"]),
        .executableTarget(
            name: "SynthcastCLI",
            dependencies: [
                "API", "Synth", "Presets", "Encoder", "Server", "TUI", "StreamCheck", "AudioFiles",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `bench/synth` prints render speed per preset as a real-time factor.
        .executableTarget(
            name: "SynthBench",
            dependencies: ["Synth", "Presets"],
            path: "bench/SynthBench"
        ),
        // `bench/encoder`: encoder speed beside the lame command, join points, reservoir cost.
        .executableTarget(
            name: "EncoderBench",
            dependencies: ["Encoder", "Synth", "Presets"],
            path: "bench/EncoderBench"
        ),
        // `bench/server`: capacity, fan-out, control latency and memory of a running server.
        .executableTarget(
            name: "ServerBench",
            dependencies: [
                "TestSupport", "Synth",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "bench/ServerBench"
        ),
        // Counts this thread's malloc calls so tests can prove the render path allocates nothing.
        .target(name: "AllocationCounter", path: "Tests/AllocationCounter"),
        // Signal analysis, sample-array helpers and a subprocess runner shared by the tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "APITests", dependencies: ["API"]),
        .testTarget(
            name: "SynthTests",
            dependencies: ["API", "Synth", "Presets", "AllocationCounter", "TestSupport"]
        ),
        .testTarget(
            name: "EncoderTests",
            dependencies: ["API", "Encoder", "Synth", "Presets", "AllocationCounter", "TestSupport"]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "API", "Server", "Encoder", "Synth", "Presets", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["Synth", "Presets", "TestSupport"]
        ),
        .testTarget(
            name: "CheckTests",
            dependencies: ["StreamCheck", "Encoder", "TestSupport"]
        ),
        .testTarget(
            name: "TUITests",
            dependencies: ["TUI", "API", "Server", "Presets", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
    ]
)
