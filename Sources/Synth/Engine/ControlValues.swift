/// Read access to the engine's current (smoothed) parameter values during a control block.
struct ControlValues {
    let values: UnsafePointer<Double>

    @inline(__always)
    subscript(id: ParameterID) -> Double { values[id.rawValue] }

    @inline(__always)
    func float(_ id: ParameterID) -> Float { Float(values[id.rawValue]) }

    @inline(__always)
    func int(_ id: ParameterID) -> Int {
        // Whole-number parameters arrive as whole numbers: truncating is exact then and
        // spares a call into libm's round (the baseline x86-64 has no rounding instruction).
        let value = values[id.rawValue], whole = Int(value)
        return Double(whole) == value ? whole : Int(value.rounded())
    }

    @inline(__always)
    func choice<Choice: NamedChoice>(_ id: ParameterID, as: Choice.Type = Choice.self) -> Choice {
        // Values are validated before they arrive, so the index is always a valid case.
        Choice(rawValue: int(id)) ?? Choice.allCases[0]
    }
}
