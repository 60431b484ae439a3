/// Everything the TUI asks of a server. One implementation (`HTTPControl`) speaks the JSON
/// API, so the embedded server and a remote one are driven the same way. Calls block; the UI
/// makes them from its server worker, never from the thread that reads keys.
public protocol SynthcastControl: Sendable {
    /// Where the server is, for the header.
    var serverURL: String { get }
    /// The parameter schema, in the server's order.
    func knobs() throws(ControlError) -> [Knob]
    /// Every live session with its parameters, oldest first.
    func sessions() throws(ControlError) -> [SessionSummary]
    func session(_ id: String) throws(ControlError) -> SessionSummary
    func createSession(preset: String?) throws(ControlError) -> SessionSummary
    func endSession(_ id: String) throws(ControlError)
    /// Sets the values together (at one sample) or none; returns what is now in force.
    @discardableResult
    func setParameters(_ values: [String: KnobValue], of id: String) throws(ControlError) -> [String: KnobValue]
    /// The preset's values glide in; returns what is now in force.
    @discardableResult
    func loadPreset(_ name: String, into id: String) throws(ControlError) -> [String: KnobValue]
    func presets() throws(ControlError) -> [PresetInfo]
}
