/// A JSON request body whose fields are fixed: the server refuses a field it does not know
/// (a misspelt `"sead"` must not be ignored silently) and names the ones allowed.
public protocol RequestBody: Decodable {
    static var fieldNames: [String] { get }
}

extension CreateSessionRequest: RequestBody {
    public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }
}

extension LoadPresetRequest: RequestBody {
    public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }
}

extension PresetDocument: RequestBody {
    public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }
}

extension IcecastOutputRequest: RequestBody {
    public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }
}

extension SleepTimerRequest: RequestBody {
    public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }
}
