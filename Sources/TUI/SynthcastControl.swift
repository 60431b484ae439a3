import API

/// Everything the TUI asks of a server, in the JSON API's own types. One implementation
/// (`HTTPControl`) speaks the API, so the embedded server and a remote one are driven the
/// same way. Calls block; the UI makes them from its server worker, never from the thread
/// that reads keys.
public protocol SynthcastControl: Sendable {
    /// Where the server is, for the header.
    var serverURL: String { get }
    /// The parameter schema (`GET /params`), in the server's order: one knob per row.
    func knobs() throws(ControlError) -> [ParameterRow]
    /// Every live session the UI can control (with its control token), oldest first.
    func sessions() throws(ControlError) -> [SessionInfo]
    func session(_ id: String) throws(ControlError) -> SessionInfo
    func createSession(preset: String?) throws(ControlError) -> SessionInfo
    func endSession(_ id: String) throws(ControlError)
    /// Sets the values together (at one sample) or none; returns what is now in force.
    @discardableResult
    func setParameters(_ values: [String: ParameterValue], of id: String) throws(ControlError) -> [String: ParameterValue]
    /// The preset's values glide in, over `transition` seconds when given (continuous values
    /// glide, the others switch at the next bar); returns what is now in force.
    @discardableResult
    func loadPreset(_ name: String, into id: String, transition: Double?) throws(ControlError) -> [String: ParameterValue]
    func presets() throws(ControlError) -> [PresetSummary]
    /// Stores a preset on the server (in its user presets folder). A name already taken is
    /// `.exists` unless `overwrite`; the server checks the name and the values.
    func savePreset(_ document: PresetDocument, overwrite: Bool) throws(ControlError) -> PresetSaveOutcome
    /// The session fades out after `seconds` (over the server's default fade), then ends;
    /// replaces a timer already set.
    @discardableResult
    func setSleepTimer(of id: String, after seconds: Double) throws(ControlError) -> SleepTimerInfo
    /// The session plays on; an error when it has no timer.
    func cancelSleepTimer(of id: String) throws(ControlError)
}
