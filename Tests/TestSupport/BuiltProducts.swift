import Foundation

/// Where the tests find the checkout and the binaries they run as a user would.
public enum BuiltProducts {
    /// The repository root (this file is Tests/TestSupport/BuiltProducts.swift).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `synthcast` binary next to the test bundle (the same build configuration), else
    /// the release build.
    public static var synthcast: URL { product("synthcast") }

    /// The bench's load client (`bench/ServerBench`), which some tests run as their crowd.
    public static var serverBench: URL { product("ServerBench") }

    private static func product(_ name: String) -> URL {
        let bundle = Bundle.main.bundleURL
        for folder in [bundle.deletingLastPathComponent(), bundle] {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return repository.appendingPathComponent(".build/release/\(name)")
    }
}
