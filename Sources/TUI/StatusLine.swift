import API

/// The row above the key help: the open prompt, else the last message, else the connection
/// trouble, if any.
enum StatusLine {
    static func draw(_ state: UIState, _ layout: Layout, on canvas: Canvas) {
        let (text, style) = content(state)
        canvas.put(" " + text, row: layout.statusRow, column: 0, width: layout.columns, style: style)
    }

    static func content(_ state: UIState) -> (String, Style) {
        switch state.mode {
        case .typingValue(let key, let text):
            let knob = state.knobs.first { $0.key == key }
            let now = knob.map { "now \($0.display(state.value(of: $0))), \($0.rangeText)" } ?? ""
            let choices = knob.flatMap { $0.kind == .choice ? $0.choices : nil }.map { ": " + $0.joined(separator: " ") } ?? ""
            return prompt("\(knob?.label ?? key) (\(now)\(choices)) = \(text)_", state)
        case .namingPreset(let text):
            return prompt("Save this session as a preset on the server (letters, digits, - and _): \(text)_", state)
        case .typingTransition(let preset, _, let text):
            return prompt("Into '\(preset)': transition in seconds (Enter: 0, at once): \(text)_", state)
        case .typingSleepTimer(_, let text):
            return prompt("Sleep after minutes (then fade out and end; 0 cancels): \(text)_", state)
        case .confirming(let question):
            switch question {
            case .endSession(let id): return ("End session \(id.prefix(8))? Its listeners are cut off. (y/n)", .notice)
            case .overwritePreset(let name, _): return ("A preset named '\(name)' exists. Overwrite it? (y/n)", .notice)
            case .quit(let listeners): return ("\(listeners) listener\(listeners == 1 ? " is" : "s are") connected; quitting stops the server. Quit? (y/n)", .notice)
            }
        case .browsing, .help, .choosingPreset:
            if let status = state.status { return (status.text, status.isError ? .error : .normal) }
            if let problem = state.connectionProblem { return (problem, .error) }
            return ("", .normal)
        }
    }

    /// A prompt and its text; after an Enter it refused, the reason too (the prompt stays
    /// open to be corrected, and the next key clears the reason).
    private static func prompt(_ text: String, _ state: UIState) -> (String, Style) {
        guard let status = state.status, status.isError else { return (text, .notice) }
        return (text + "   " + status.text, .error)
    }
}
