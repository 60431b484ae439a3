import API

/// A complete, validated set of parameter values: what a preset holds and what an engine
/// starts from. Only validated values get in, so any `ParameterSet` is safe to render.
public struct ParameterSet: Sendable, Equatable {
    private var values: [Double]

    /// Every parameter at its schema default.
    public init() {
        values = ParameterSchema.specs.map(\.defaultValue)
    }

    public subscript(id: ParameterID) -> Double {
        values[id.rawValue]
    }

    /// Sets one value, validated against the schema.
    public mutating func set(_ key: String, _ value: ParameterValue) throws(ParameterError) {
        let spec = try ParameterSchema.lookup(key)
        values[spec.id.rawValue] = try spec.validate(value)
    }

    /// Sets one value from text (`--set key=value`, URL queries).
    public mutating func set(_ key: String, text: String) throws(ParameterError) {
        let spec = try ParameterSchema.lookup(key)
        values[spec.id.rawValue] = try spec.parse(text)
    }

    /// Sets a numeric engine value (an enum's index, a bool's 0/1), validated.
    public mutating func set(_ id: ParameterID, number: Double) throws(ParameterError) {
        let spec = id.spec
        let checked = try spec.validate(number: number)
        if case .enumeration = spec.kind, checked != checked.rounded() {
            throw .notWhole(key: spec.key, value: NumberText.format(checked))
        }
        values[id.rawValue] = checked
    }

    /// Applies several assignments all or nothing: if any is refused, none is applied.
    public mutating func apply(_ assignments: [(key: String, value: ParameterValue)]) throws(ParameterError) {
        var copy = self
        for (key, value) in assignments { try copy.set(key, value) }
        self = copy
    }

    /// The parameters whose values differ from `other`, in schema order.
    public func differences(from other: ParameterSet) -> [ParameterID] {
        ParameterID.allCases.filter { values[$0.rawValue] != other.values[$0.rawValue] }
    }

    /// `(key, typed value)` for every parameter, in schema order.
    public var externalValues: [(key: String, value: ParameterValue)] {
        ParameterSchema.specs.map { ($0.key, $0.externalValue(values[$0.id.rawValue])) }
    }
}
