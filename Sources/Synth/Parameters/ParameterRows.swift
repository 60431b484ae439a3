import API

/// The schema as the JSON API sends it (`GET /params`): the row clients show a knob from and
/// turn it with (the knob maths lives beside the row, in the API module).
extension ParameterSpec {
    public var row: ParameterRow {
        let rowKind: ParameterRow.Kind = switch kind {
        case .float: .float
        case .int: .int
        case .enumeration: .choice
        case .bool: .bool
        }
        let isChoice = rowKind == .choice
        return ParameterRow(
            key: key, label: label, group: group.rawValue, unit: unit, kind: rowKind,
            min: isChoice ? nil : range.lowerBound, max: isChoice ? nil : range.upperBound,
            choices: isChoice ? choices : nil, defaultValue: externalValue(defaultValue), curve: curve,
            smoothingSeconds: smoothingSeconds, randomizable: group.isPartOfTheSound)
    }
}
