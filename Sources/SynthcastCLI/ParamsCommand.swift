import ArgumentParser
import Synth

/// `synthcast params`: the parameter schema, as a table or as JSON.
struct Params: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "params", abstract: "List every parameter: key, range, default and unit.")

    @Option(name: .long, help: "Only this group (e.g. Filter, Reverb).")
    var group: String?

    func run() throws {
        var groups = ParameterGroup.allCases
        if let group {
            guard let match = groups.first(where: { $0.rawValue.lowercased() == group.lowercased() }) else {
                throw ValidationError("unknown group '\(group)'; groups: \(groups.map(\.rawValue).joined(separator: ", "))")
            }
            groups = [match]
        }
        for group in groups {
            print("\(group.rawValue)")
            for spec in ParameterSchema.specs(in: group) {
                let key = spec.key.padding(toLength: 22, withPad: " ", startingAt: 0)
                let label = spec.label.padding(toLength: 18, withPad: " ", startingAt: 0)
                print("  \(key)\(label)\(spec.allowedDescription)  (default \(spec.display(spec.defaultValue)))")
            }
        }
    }
}
