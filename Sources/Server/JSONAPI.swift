import Foundation
import NIOCore
import Presets
import Synth

/// The JSON API beside the three URLs: sessions as resources, the parameter schema, the
/// presets, health. Every operation takes and returns plain values; `RequestHandler` maps
/// them to HTTP. Bodies are JSON objects; errors name the field or key and what is allowed.
extension StreamService {
    /// `POST /sessions` {preset?, seed?, params?}.
    func createSession(json body: ByteBuffer?) throws(ServiceError) -> Session {
        let fields = try Self.object(body, allowed: ["preset", "seed", "params"], emptyIsEmptyObject: true)
        var presetName: String?
        if let value = fields["preset"] {
            guard case .string(let name) = value else { throw .badRequest("'preset' must be a string (a preset name)") }
            presetName = name
        }
        var seed: UInt64?
        if let value = fields["seed"] {
            guard case .number(let number) = value, number >= 0, number <= 9_007_199_254_740_991, number == number.rounded() else {
                throw .badRequest("'seed' must be a whole number from 0 to 2^53-1")
            }
            seed = UInt64(number)
        }
        let assignments = try Self.assignments(fields["params"] ?? .object([:]))
        return try createSession(presetName: presetName, seed: seed) { (parameters: inout ParameterSet) throws(ParameterError) in
            try parameters.apply(assignments)
        }
    }

    /// `PATCH /sessions/{id}/params` {key: value, ...}: all at one sample, or none.
    func patchParameters(_ id: String, json body: ByteBuffer?) throws(ServiceError) -> [(key: String, value: ParameterValue)] {
        let session = try controlledSession(id)
        let assignments = try Self.assignments(.object(try Self.object(body, allowed: nil, emptyIsEmptyObject: false)))
        guard !assignments.isEmpty else { throw .badRequest("no parameter given: send {\"key\": value, ...}; GET /params lists the keys") }
        return try change(session, keys: assignments.map(\.key)) { () throws(ParameterError) in
            try session.parameters.submit(assignments)
        }
    }

    /// `POST /sessions/{id}/preset` {"name": NAME}: the preset's values glide in.
    func loadPreset(into id: String, json body: ByteBuffer?) throws(ServiceError) -> [String: Any] {
        let session = try controlledSession(id)
        let fields = try Self.object(body, allowed: ["name"], emptyIsEmptyObject: false)
        guard case .string(let name)? = fields["name"] else { throw .badRequest("send {\"name\": PRESET}; GET /presets lists them") }
        let preset = try loadPreset(named: name, missing: .notFound)
        let inForce = session.load(preset)
        session.touch()
        return ["preset": preset.name, "params": Self.parameterObject(inForce)]
    }

    /// `DELETE /sessions/{id}`: listeners get a clean end of stream.
    func deleteSession(_ id: String) throws(ServiceError) {
        let session = try controlledSession(id)
        registry.remove(session)
        session.end()
        logger.info("session deleted", metadata: ["session": "\(session.token.short)"])
    }

    /// A session as JSON. A listen-only caller does not see the control token.
    func describe(_ session: Session, baseURL: String, control: Bool) -> [String: Any] {
        var object: [String: Any] = [
            "listen_id": session.listenToken.text,
            "listen_url": "\(baseURL)/stream?id=\(session.listenToken)",
            "preset": session.presetName,
            "seed": session.seed,
            "listeners": session.listenerCount,
            "uptime_seconds": (Double((NIODeadline.now() - session.createdAt).nanoseconds) * 1e-9 * 10).rounded() / 10,
            "render_load": (session.renderLoad * 10_000).rounded() / 10_000,
            "level": (Double(session.level) * 10_000).rounded() / 10_000,
            "params": Self.parameterObject(session.parameters.current),
        ]
        if control {
            object["id"] = session.token.text
            object["stream_url"] = "\(baseURL)/stream?id=\(session.token)"
        }
        return object
    }

    /// `GET /params`: the schema every knob, preset and URL is checked against.
    static var schema: [String: Any] {
        ["params": ParameterSchema.specs.map { spec -> [String: Any] in
            var row: [String: Any] = [
                "key": spec.key, "label": spec.label, "group": spec.group.rawValue, "unit": spec.unit,
                "kind": spec.kind.name, "default": jsonValue(spec.externalValue(spec.defaultValue)),
                "curve": spec.curve.rawValue, "smoothing_seconds": spec.smoothingSeconds,
            ]
            if case .enumeration(let names) = spec.kind { row["choices"] = names } else {
                row["min"] = spec.range.lowerBound
                row["max"] = spec.range.upperBound
            }
            return row
        }]
    }

    /// `GET /presets`: names and descriptions.
    func presetList() throws(ServiceError) -> [String: Any] {
        let names: [String]
        do { names = try presets.names() } catch { throw .internalError(error.description) }
        let rows = names.compactMap { name -> [String: Any]? in
            guard let preset = try? presets.load(name) else { return nil }
            return ["name": preset.name, "description": preset.description]
        }
        return ["presets": rows]
    }

    // MARK: Bodies

    /// The body as a JSON object with only `allowed` fields (nil: any).
    private static func object(_ body: ByteBuffer?, allowed: Set<String>?, emptyIsEmptyObject: Bool) throws(ServiceError) -> [String: JSONValue] {
        guard let body, body.readableBytes > 0 else {
            if emptyIsEmptyObject { return [:] }
            throw .badRequest("this request needs a JSON object body")
        }
        let document: JSONValue
        do { document = try JSONValue.parse(Data(body.readableBytesView)) } catch {
            let place = error.position.map { " at line \($0.line), column \($0.column)" } ?? ""
            throw .badRequest("invalid JSON\(place): \(error.detail)")
        }
        guard case .object(let fields) = document else { throw .badRequest("the body must be a JSON object") }
        if let allowed, let stray = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .badRequest("unknown field '\(stray)'; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
        return fields
    }

    private static func assignments(_ params: JSONValue) throws(ServiceError) -> [(key: String, value: ParameterValue)] {
        guard case .object(let object) = params else { throw .badRequest("'params' must be an object of key: value") }
        do { return try typedValues(object) } catch { throw .badRequest(error.description) }
    }

    private static func typedValues(_ object: [String: JSONValue]) throws(ParameterError) -> [(key: String, value: ParameterValue)] {
        var result: [(key: String, value: ParameterValue)] = []
        for key in object.keys.sorted() { result.append((key, try ParameterValue(json: object[key]!, key: key))) }
        return result
    }

    static func parameterObject(_ parameters: ParameterSet) -> [String: Any] {
        parameterObject(parameters.externalValues)
    }

    /// `{key: value}` with numbers, choice names and bools as JSON has them.
    static func parameterObject(_ values: [(key: String, value: ParameterValue)]) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key, jsonValue($0.value)) })
    }
}
