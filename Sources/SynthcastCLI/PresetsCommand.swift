import ArgumentParser
import Foundation
import Presets
import Synth

/// `synthcast presets list|show|validate`.
struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List, show and validate presets.",
        subcommands: [List.self, Show.self, Validate.self]
    )

    struct Location: ParsableArguments {
        @Option(name: .long, help: "Folder of preset files. Default: $SYNTHCAST_PRESETS, else ./presets.")
        var presets: String?

        var library: PresetLibrary {
            PresetLibrary.locate(folder: presets)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the presets with their descriptions.")
        @OptionGroup var location: Location

        func run() throws {
            let library = location.library
            let names = try library.names()
            let width = names.map(\.count).max() ?? 0
            for name in names {
                let summary: String
                do { summary = try library.load(name).description } catch { summary = "INVALID: \(error.description)" }
                print(name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + summary)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a preset as JSON, every parameter written out.")
        @OptionGroup var location: Location
        @Argument(help: "Preset name or path to a preset file.")
        var name: String

        func run() throws {
            let preset = try location.library.load(name)
            FileHandle.standardOutput.write(preset.jsonData())
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check preset files against the parameter schema.",
            discussion: "Prints one line per file; exits with status 1 if any file is invalid."
        )
        @Argument(help: "Preset files to check.")
        var files: [String]

        func run() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one preset file") }
            var failures = 0
            for file in files {
                do {
                    let preset = try PresetLibrary.load(file: URL(fileURLWithPath: file))
                    print("ok    \(file) (\(preset.name))")
                } catch {
                    failures += 1
                    print("error \(error.description)")
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}
