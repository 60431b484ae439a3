import API
import Foundation

/// Applies a command to the UI state and says what must happen next. No I/O: the server
/// worker performs the effects and reports back with more commands. `r` draws from the
/// system's random generator.
public func apply(_ command: Command, to state: inout UIState) -> [Effect] {
    var random = SystemRandomNumberGenerator()
    return apply(command, to: &state, random: &random)
}

/// `apply(_:to:)` with `r` drawing from `random`: the same generator state, the same values.
public func apply(_ command: Command, to state: inout UIState, random: inout some RandomNumberGenerator) -> [Effect] {
    if command.isUserAction, !command.continuesTurn { state.turning = nil }
    // On a screen too small to show what a key does, only quitting (and its question) works.
    if command.isUserAction, !Layout(state).fits, ![.quit, .answer(true), .answer(false)].contains(command) { return [] }
    switch command {
    case .moveUp, .moveDown:
        return move(by: command == .moveUp ? -1 : 1, in: &state)
    case .switchPane:
        state.focus = state.focus == .knobs ? .sessions : .knobs
    case .previousSession, .nextSession:
        selectSession(offset: command == .previousSession ? -1 : 1, in: &state)

    case .turn(let steps, let coarse):
        guard state.focus == .knobs, let knob = state.selectedKnobSpec, state.selectedSession != nil else { return [] }
        let current = state.value(of: knob)
        let turned = knob.turned(current, by: steps, coarse: coarse)
        guard turned != current else { return [] }
        return change([knob.key: turned], in: &state, turning: knob.key)
    case .beginTyping:
        guard state.focus == .knobs, let knob = state.selectedKnobSpec, state.selectedSession != nil else {
            if state.focus == .sessions { state.focus = .knobs }
            return []
        }
        state.mode = .typingValue(key: knob.key, text: "")
    case .randomize:
        guard state.selectedSession != nil else { return noSession(&state) }
        let values = Randomizer.values(for: state.knobs, using: &random)
        state.status = .init(text: "Randomized \(values.count) knobs (u undoes)", isError: false)
        return change(values, in: &state, turning: nil)
    case .undo:
        return undo(&state)

    case .newSession:
        state.mode = .choosingPreset(.newSession, index: 0)
        return [.refreshPresets]
    case .choosePreset:
        guard state.selectedSession != nil else { return noSession(&state) }
        state.mode = .choosingPreset(.loadIntoSession, index: 0)
        return [.refreshPresets]
    case .savePreset:
        guard state.selectedSession != nil else { return noSession(&state) }
        state.mode = .namingPreset(text: "")
    case .endSession:
        guard let id = state.selectedSessionID, state.selectedSession != nil else { return noSession(&state) }
        state.mode = .confirming(.endSession(id))
    case .setSleepTimer:
        guard let id = state.selectedSessionID, state.selectedSession != nil else { return noSession(&state) }
        state.mode = .typingSleepTimer(session: id, text: "")

    case .typeCharacter(let character):
        state.mode = edited(state.mode) { $0 + String(character) }
    case .deleteCharacter:
        state.mode = edited(state.mode) { String($0.dropLast()) }
    case .submit:
        return submit(&state)
    case .cancel:
        state.mode = .browsing
    case .answer(let yes):
        return answer(yes, &state)

    case .toggleHelp:
        state.mode = state.mode == .help ? .browsing : .help
    case .quit:
        let listeners = state.totalListeners
        guard state.embedded, listeners > 0 else { return [.quit] }
        state.mode = .confirming(.quit(listeners: listeners))
    case .wheel(let row, let column, let up):
        let grid = KnobGrid(knobs: state.knobs, layout: Layout(state))
        guard state.mode == .browsing, Layout(state).fits,
              let knob = grid.knob(atRow: row, column: column, page: grid.page(showing: state.selectedKnob)) else { return [] }
        state.selectedKnob = knob
        state.focus = .knobs
        return apply(.turn(steps: up ? 1 : -1, coarse: false), to: &state, random: &random)
    case .resize(let rows, let columns):
        state.screenRows = rows
        state.screenColumns = columns

    case .knobsLoaded(let knobs):
        state.knobs = knobs
        state.selectedKnob = min(state.selectedKnob, max(knobs.count - 1, 0))
    case .presetsLoaded(let presets):
        state.presets = presets
        if case .choosingPreset(let purpose, let index) = state.mode {
            state.mode = .choosingPreset(purpose, index: min(index, max(presets.count - 1, 0)))
        }
    case .sessionsLoaded(let sessions, let appliedThrough):
        receive(sessions, appliedThrough: appliedThrough, in: &state)
    case .sessionCreated(let session):
        guard let id = session.id else { return [] }
        if !state.sessions.contains(where: { $0.id == id }) { state.sessions.append(session) }
        state.selectedSessionID = id
        state.status = .init(text: "New session \(session.shortID) (\(session.preset))", isError: false)
    case .presetSaved(let preset):
        state.status = .init(text: "Saved preset '\(preset.name)' on the server", isError: false)
        // The picker lists what the server has, the new preset included.
        return [.refreshPresets]
    case .presetExists(let name):
        guard let id = state.selectedSessionID else { return [] }
        state.mode = .confirming(.overwritePreset(name: name, session: id))
    case .failed(let message, let ticket):
        if let ticket {
            state.pending.removeAll { $0.ticket == ticket }
            state.undoSteps.removeAll { $0.ticket == ticket }
        }
        state.status = .init(text: message, isError: true)
    case .connectionLost(let message):
        state.connectionProblem = message
    }
    return []
}

// MARK: Parts of apply

/// Sets knobs of the selected session: shown at once, sent to the server, undoable.
private func change(_ values: [String: ParameterValue], in state: inout UIState, turning key: String?) -> [Effect] {
    guard let index = state.selectedSessionIndex, let id = state.selectedSessionID else { return [] }
    let session = state.sessions[index]
    let ticket = state.nextTicket
    state.nextTicket += 1
    let continuesRun = key != nil && key == state.turning && state.undoSteps.last?.session == id
        && state.undoSteps.last?.turnedKey == key
    if !continuesRun {
        var previous: [String: ParameterValue] = [:]
        for knobKey in values.keys { previous[knobKey] = session.params[knobKey] ?? state.knobs.first { $0.key == knobKey }?.defaultValue }
        state.undoSteps.append(UndoStep(session: id, previous: previous, turnedKey: key, ticket: ticket))
        if state.undoSteps.count > UIState.undoLimit { state.undoSteps.removeFirst() }
    }
    state.turning = key
    state.sessions[index].params.merge(values) { $1 }
    state.pending.append(PendingChange(ticket: ticket, session: id, values: values))
    return [.setParameters(values, session: id, ticket: ticket)]
}

private func undo(_ state: inout UIState) -> [Effect] {
    guard let step = state.undoSteps.popLast() else {
        state.status = .init(text: "Nothing to undo", isError: false)
        return []
    }
    guard let index = state.sessions.firstIndex(where: { $0.id == step.session }) else {
        state.status = .init(text: "Cannot undo: that session has ended", isError: true)
        return []
    }
    let ticket = state.nextTicket
    state.nextTicket += 1
    state.selectedSessionID = step.session
    state.sessions[index].params.merge(step.previous) { $1 }
    state.pending.append(PendingChange(ticket: ticket, session: step.session, values: step.previous))
    state.status = .init(text: "Undid a change of \(step.previous.count == 1 ? step.previous.keys.first! : "\(step.previous.count) knobs")", isError: false)
    return [.setParameters(step.previous, session: step.session, ticket: ticket)]
}

private func move(by offset: Int, in state: inout UIState) -> [Effect] {
    switch state.mode {
    case .choosingPreset(let purpose, let index):
        state.mode = .choosingPreset(purpose, index: min(max(index + offset, 0), max(state.presets.count - 1, 0)))
    case .browsing where state.focus == .sessions:
        selectSession(offset: offset, in: &state)
    case .browsing:
        state.selectedKnob = min(max(state.selectedKnob + offset, 0), max(state.knobs.count - 1, 0))
    default:
        break
    }
    return []
}

private func selectSession(offset: Int, in state: inout UIState) {
    guard !state.sessions.isEmpty else { return }
    let index = state.selectedSessionIndex ?? 0
    state.selectedSessionID = state.sessions[min(max(index + offset, 0), state.sessions.count - 1)].id
}

private func submit(_ state: inout UIState) -> [Effect] {
    let mode = state.mode
    state.mode = .browsing
    switch mode {
    case .typingValue(let key, let text):
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, let knob = state.knobs.first(where: { $0.key == key }) else { return [] }
        return change([key: knob.typedValue(text)], in: &state, turning: nil)
    case .namingPreset(let text):
        let name = text.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, let id = state.selectedSessionID else { return [] }
        return [.savePreset(name: name, session: id, overwrite: false)]
    case .choosingPreset(let purpose, let index):
        guard state.presets.indices.contains(index) else { return [] }
        let name = state.presets[index].name
        switch purpose {
        case .newSession:
            return [.createSession(preset: name)]
        case .loadIntoSession:
            guard let id = state.selectedSessionID else { return [] }
            // How long the session takes to morph into it is asked next.
            state.mode = .typingTransition(preset: name, session: id, text: "")
            return []
        }
    case .typingTransition(let name, let id, let text):
        let typed = text.trimmingCharacters(in: .whitespaces)
        guard let seconds = typed.isEmpty ? 0 : TypedAmount.parse(typed) else {
            state.mode = mode
            state.status = .init(text: "'\(typed)' is not a number of seconds, such as 20 or 2.5", isError: true)
            return []
        }
        guard let index = state.sessions.firstIndex(where: { $0.id == id }) else { return sessionEnded(&state) }
        let ticket = state.nextTicket
        state.nextTicket += 1
        state.undoSteps.append(UndoStep(session: id, previous: state.sessions[index].params, turnedKey: nil, ticket: ticket))
        let how = seconds > 0 ? "Morphing into '\(name)' over \(Format.seconds(seconds))" : "Loading preset '\(name)'"
        state.status = .init(text: how + " (u undoes)", isError: false)
        return [.loadPreset(name, session: id, transition: seconds > 0 ? seconds : nil, ticket: ticket)]
    case .typingSleepTimer(let id, let text):
        let typed = text.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else { return [] }
        guard let minutes = TypedAmount.parse(typed) else {
            state.mode = mode
            state.status = .init(text: "'\(typed)' is not a number of minutes, such as 30 or 1.5", isError: true)
            return []
        }
        guard state.sessions.contains(where: { $0.id == id }) else { return sessionEnded(&state) }
        if minutes == 0 {
            state.status = .init(text: "Cancelling the sleep timer of session \(id.prefix(8))", isError: false)
            return [.cancelSleepTimer(session: id)]
        }
        state.status = .init(text: "Session \(id.prefix(8)) fades out in \(Format.minutes(minutes)), then ends", isError: false)
        return [.setSleepTimer(session: id, after: minutes * 60)]
    default:
        state.mode = mode
        return []
    }
}

private func answer(_ yes: Bool, _ state: inout UIState) -> [Effect] {
    guard case .confirming(let question) = state.mode else { return [] }
    state.mode = .browsing
    guard yes else { return [] }
    switch question {
    case .quit:
        return [.quit]
    case .endSession(let id):
        guard let index = state.sessions.firstIndex(where: { $0.id == id }) else { return [] }
        state.sessions.remove(at: index)
        state.undoSteps.removeAll { $0.session == id }
        state.selectedSessionID = state.sessions.isEmpty ? nil : state.sessions[min(index, state.sessions.count - 1)].id
        state.status = .init(text: "Ended session \(id.prefix(8))", isError: false)
        return [.endSession(id)]
    case .overwritePreset(let name, let session):
        return [.savePreset(name: name, session: session, overwrite: true)]
    }
}

/// A fetched list replaces the shown one, except for changes the fetch may predate.
private func receive(_ sessions: [SessionInfo], appliedThrough: Int, in state: inout UIState) {
    state.connectionProblem = nil
    state.pending.removeAll { $0.ticket <= appliedThrough }
    var sessions = sessions
    for change in state.pending {
        if let index = sessions.firstIndex(where: { $0.id == change.session }) { sessions[index].params.merge(change.values) { $1 } }
    }
    state.sessions = sessions
    if state.selectedSession == nil { state.selectedSessionID = sessions.first?.id }
}

private func noSession(_ state: inout UIState) -> [Effect] {
    state.status = .init(text: "No session selected: n starts one", isError: true)
    return []
}

/// The session a prompt was for ended while it was open.
private func sessionEnded(_ state: inout UIState) -> [Effect] {
    state.status = .init(text: "That session has ended", isError: true)
    return []
}

/// The open prompt with its text changed; any other mode as it is.
private func edited(_ mode: Mode, _ change: (String) -> String) -> Mode {
    switch mode {
    case .typingValue(let key, let text): .typingValue(key: key, text: change(text))
    case .namingPreset(let text): .namingPreset(text: change(text))
    case .typingTransition(let preset, let session, let text): .typingTransition(preset: preset, session: session, text: change(text))
    case .typingSleepTimer(let session, let text): .typingSleepTimer(session: session, text: change(text))
    default: mode
    }
}

extension Command {
    /// Keys and the mouse, as opposed to reports from the server worker or the terminal.
    var isUserAction: Bool {
        switch self {
        case .knobsLoaded, .presetsLoaded, .sessionsLoaded, .sessionCreated, .presetSaved, .presetExists,
             .failed, .connectionLost, .resize:
            false
        default:
            true
        }
    }

    var continuesTurn: Bool {
        switch self {
        case .turn, .wheel: true
        default: false
        }
    }
}
