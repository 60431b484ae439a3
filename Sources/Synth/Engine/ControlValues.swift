/// Read access to the engine's current (smoothed) parameter values during a control block.
struct ControlValues {
    let values: UnsafePointer<Double>

    @inline(__always)
    subscript(id: ParameterID) -> Double { values[id.rawValue] }

    @inline(__always)
    func float(_ id: ParameterID) -> Float { Float(values[id.rawValue]) }

    @inline(__always)
    func int(_ id: ParameterID) -> Int { Int(values[id.rawValue].rounded()) }

    @inline(__always)
    func choice<Choice: NamedChoice>(_ id: ParameterID, as: Choice.Type = Choice.self) -> Choice {
        // Values are validated before they arrive, so the index is always a valid case.
        Choice(rawValue: int(id)) ?? Choice.allCases[0]
    }
}
