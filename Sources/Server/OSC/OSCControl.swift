import API
import Synth

/// What OSC messages do to sessions: `/synthcast/TOKEN/KEY value` sets a parameter and
/// `/synthcast/TOKEN/preset NAME` loads a preset, with the checks and the powers of `set_param`
/// and `POST /sessions/{id}/preset` (they go through the same service calls; a listen-only id
/// is refused). A packet's parameter messages for one session, a bundle's and its nested
/// bundles' alike, are submitted as one batch: they land at one sample, or none of them does.
/// Within a packet a session's preset loads come first, then its batch. Time tags are not
/// acted on: a bundle applies when it arrives, as a `set_param` does.
///
/// An optional second, numeric argument is a glide in seconds: `/synthcast/TOKEN/cutoff f 800 f 4`
/// glides there over 4 s as `set_param`'s `glide=4` does (a batch takes the longest of its
/// messages' glides), and `/synthcast/TOKEN/preset s rain f 20` morphs into the preset.
struct OSCControl: Sendable {
    let service: StreamService

    static let root = "synthcast"
    static let presetKey = "preset"

    /// Messages refused together, and why.
    struct Refusal: Equatable, Sendable {
        let reason: String
        let messages: Int
    }

    private enum Command {
        case set(key: String, text: String, glide: Double)
        case preset(name: String, transition: Double)
    }

    /// Applies a packet's messages in order, grouped by session; returns what was refused.
    func apply(_ messages: [OSCMessage]) -> [Refusal] {
        var refusals: [Refusal] = []
        var order: [String] = []
        var commands: [String: [Command]] = [:]
        for message in messages {
            do throws(Refusal) {
                let (token, command) = try Self.command(message)
                if commands[token] == nil { order.append(token) }
                commands[token, default: []].append(command)
            } catch {
                refusals.append(error)
            }
        }
        for token in order {
            refusals += apply(commands[token] ?? [], to: token)
        }
        return refusals
    }

    private func apply(_ commands: [Command], to token: String) -> [Refusal] {
        var refusals: [Refusal] = []
        var assignments: [(key: String, text: String)] = []
        var glide = 0.0
        for command in commands {
            switch command {
            case .preset(let name, let transition):
                do { _ = try service.loadPreset(into: token, LoadPresetRequest(name: name, transition: transition)) } catch {
                    refusals.append(Refusal(reason: "preset '\(name.prefix(80))': \(error.message)", messages: 1))
                }
            case .set(let key, let text, let seconds):
                assignments.append((key, text))
                glide = max(glide, seconds)
            }
        }
        guard !assignments.isEmpty else { return refusals }
        let batch = assignments.count == 1 ? "" : " (a batch of \(assignments.count), none applied)"
        var seen: Set<String> = []
        if let twice = assignments.first(where: { !seen.insert($0.key).inserted }) {
            return refusals + [Refusal(reason: "'\(twice.key.prefix(40))' is given more than once\(batch)", messages: assignments.count)]
        }
        do {
            let session = try service.controlledSession(token)
            _ = try service.change(session, keys: assignments.map(\.key)) { () throws(ParameterError) in
                try session.parameters.submit(texts: assignments, glide: glide)
            }
        } catch {
            refusals.append(Refusal(reason: error.message + batch, messages: assignments.count))
        }
        return refusals
    }

    /// The session token and what to do, from a message's address and arguments.
    private static func command(_ message: OSCMessage) throws(Refusal) -> (String, Command) {
        let parts = message.address.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1] == root, !parts[2].isEmpty, !parts[3].isEmpty else {
            throw Refusal(reason: "unknown address '\(message.address.prefix(120))': synthcast takes /\(root)/TOKEN/KEY VALUE "
                              + "and /\(root)/TOKEN/\(presetKey) NAME", messages: 1)
        }
        let token = String(parts[2]), key = String(parts[3])
        if key == presetKey {
            guard (1...2).contains(message.arguments.count), let name = name(in: message.arguments[0]) else {
                throw Refusal(reason: "\(message.address.prefix(120)) takes a string, the preset's name, and maybe a transition in seconds", messages: 1)
            }
            return (token, .preset(name: name, transition: try glide(in: message, what: "transition")))
        }
        guard (1...2).contains(message.arguments.count) else {
            throw Refusal(reason: "'\(key.prefix(40))' takes one value and maybe a glide, got \(message.arguments.count) arguments", messages: 1)
        }
        guard let value = text(of: message.arguments[0]) else {
            throw Refusal(reason: "'\(key.prefix(40))' got nil (N): send a number, a choice's name or T/F", messages: 1)
        }
        return (token, .set(key: key, text: value, glide: try glide(in: message, what: "glide")))
    }

    /// The second argument's seconds (0 when there is none), checked as `glide=` is.
    private static func glide(in message: OSCMessage, what: String) throws(Refusal) -> Double {
        guard message.arguments.count == 2 else { return 0 }
        let seconds: Double? = switch message.arguments[1] {
        case .int32(let value): Double(value)
        case .int64(let value): Double(value)
        case .float32(let value): Double(value)
        case .double(let value): value
        default: nil
        }
        guard let seconds, seconds.isFinite, (0...GlideTime.longest).contains(seconds) else {
            throw Refusal(reason: "the \(what) of \(message.address.prefix(120)) takes seconds, 0...\(Int(GlideTime.longest))", messages: 1)
        }
        return seconds
    }

    /// An argument as `set_param` would get it in a URL, so the same parser checks it: numbers
    /// exactly (whole ones without a decimal point, so 1.0 switches a switch on as 1 does;
    /// NaN and infinities as the words the parser refuses), strings as they are, T/F as
    /// true/false. A 32-bit float is written as its own shortest form, so `f 0.1` is 0.1.
    private static func text(of argument: OSCArgument) -> String? {
        func number(_ value: Double, _ shortest: String) -> String {
            if let whole = Int64(exactly: value) { return String(whole) }
            return shortest
        }
        return switch argument {
        case .int32(let value): String(value)
        case .int64(let value): String(value)
        case .float32(let value): number(Double(value), "\(value)")
        case .double(let value): number(value, "\(value)")
        case .string(let text), .symbol(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: nil
        }
    }

    private static func name(in argument: OSCArgument) -> String? {
        switch argument {
        case .string(let text), .symbol(let text): text
        default: nil
        }
    }
}

extension OSCControl.Refusal: Error {}
