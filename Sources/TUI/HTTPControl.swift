import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `SynthcastControl` over the server's JSON API. Sends `Authorization: Bearer TOKEN` when an
/// admin token is given (a remote server lists its sessions only to the operator).
public final class HTTPControl: SynthcastControl {
    public let serverURL: String
    private let adminToken: String?
    private let urlSession: URLSession

    /// `baseURL`: `http://host:port`, with or without a trailing slash.
    public init(baseURL: String, adminToken: String? = nil, timeout: TimeInterval = 3) {
        serverURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.adminToken = adminToken
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 2
        urlSession = URLSession(configuration: configuration)
    }

    deinit { urlSession.invalidateAndCancel() }

    public func knobs() throws(ControlError) -> [Knob] {
        let rows = try object(request("GET", "/params"))["params"] as? [[String: Any]] ?? []
        return rows.compactMap(Self.knob)
    }

    public func sessions() throws(ControlError) -> [SessionSummary] {
        let rows = try object(request("GET", "/sessions"))["sessions"] as? [[String: Any]] ?? []
        return rows.compactMap(Self.session)
    }

    public func session(_ id: String) throws(ControlError) -> SessionSummary {
        guard let session = Self.session(try object(request("GET", "/sessions/\(id)"))) else {
            throw ControlError("the server described session \(id.prefix(8)) in an unexpected shape")
        }
        return session
    }

    public func createSession(preset: String?) throws(ControlError) -> SessionSummary {
        let body: [String: Any] = preset.map { ["preset": $0] } ?? [:]
        guard let session = Self.session(try object(request("POST", "/sessions", body: body))) else {
            throw ControlError("the server described the new session in an unexpected shape")
        }
        return session
    }

    public func endSession(_ id: String) throws(ControlError) {
        _ = try request("DELETE", "/sessions/\(id)")
    }

    public func setParameters(_ values: [String: KnobValue], of id: String) throws(ControlError) -> [String: KnobValue] {
        let body = values.mapValues(\.json)
        return Self.values(try object(request("PATCH", "/sessions/\(id)/params", body: body))["params"])
    }

    public func loadPreset(_ name: String, into id: String) throws(ControlError) -> [String: KnobValue] {
        Self.values(try object(request("POST", "/sessions/\(id)/preset", body: ["name": name]))["params"])
    }

    public func presets() throws(ControlError) -> [PresetInfo] {
        let rows = try object(request("GET", "/presets"))["presets"] as? [[String: Any]] ?? []
        return rows.compactMap { row in
            (row["name"] as? String).map { PresetInfo(name: $0, description: row["description"] as? String ?? "") }
        }
    }

    // MARK: HTTP

    /// One request, waited for. Non-2xx replies become the server's `{"error": ...}` message.
    private func request(_ method: String, _ path: String, body: [String: Any]? = nil) throws(ControlError) -> Data {
        guard let url = URL(string: serverURL + path) else { throw ControlError("not a URL: \(serverURL + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let adminToken { request.setValue("Bearer \(adminToken)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try? JSONSerialization.data(withJSONObject: body)
        }
        let reply = Reply()
        let done = DispatchSemaphore(value: 0)
        urlSession.dataTask(with: request) { data, response, error in
            reply.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
            done.signal()
        }.resume()
        done.wait()
        let (data, status, error) = reply.get()
        guard let status else {
            throw ControlError("cannot reach \(serverURL): \(error?.localizedDescription ?? "no reply")")
        }
        guard (200..<300).contains(status) else {
            let message = data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }?["error"] as? String
            throw ControlError(message ?? "\(method) \(path) failed with HTTP \(status)")
        }
        return data ?? Data()
    }

    private func object(_ data: Data) throws(ControlError) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ControlError("the server's reply was not a JSON object")
        }
        return object
    }

    /// What a data task hands back, passed from URLSession's thread to the waiting one.
    private final class Reply: @unchecked Sendable {
        private let lock = NSLock()
        private var data: Data?
        private var status: Int?
        private var error: Error?

        func set(data: Data?, status: Int?, error: Error?) {
            lock.withLock { (self.data, self.status, self.error) = (data, status, error) }
        }

        func get() -> (Data?, Int?, Error?) { lock.withLock { (data, status, error) } }
    }

    // MARK: JSON to values

    static func knob(_ row: [String: Any]) -> Knob? {
        guard let key = row["key"] as? String else { return nil }
        let kind: Knob.Kind
        switch row["kind"] as? String {
        case "int": kind = .int
        case "bool": kind = .flag
        case "enum": kind = .choice(row["choices"] as? [String] ?? [])
        default: kind = .float
        }
        let low = (row["min"] as? NSNumber)?.doubleValue ?? 0
        let high = (row["max"] as? NSNumber)?.doubleValue ?? {
            if case .choice(let names) = kind { return Double(max(names.count - 1, 0)) }
            return 1
        }()
        return Knob(key: key, label: row["label"] as? String ?? key, group: row["group"] as? String ?? "",
                    unit: row["unit"] as? String ?? "", kind: kind, range: low...max(low, high),
                    curve: Knob.Curve(rawValue: row["curve"] as? String ?? "") ?? .linear,
                    defaultValue: row["default"].flatMap(KnobValue.init(json:)) ?? .number(low))
    }

    static func session(_ row: [String: Any]) -> SessionSummary? {
        guard let id = row["id"] as? String else { return nil }
        return SessionSummary(
            id: id, streamURL: row["stream_url"] as? String ?? "", preset: row["preset"] as? String ?? "",
            seed: (row["seed"] as? NSNumber)?.uint64Value, listeners: (row["listeners"] as? NSNumber)?.intValue ?? 0,
            uptimeSeconds: (row["uptime_seconds"] as? NSNumber)?.doubleValue ?? 0,
            renderLoad: (row["render_load"] as? NSNumber)?.doubleValue ?? 0,
            level: (row["level"] as? NSNumber)?.doubleValue ?? 0, params: values(row["params"]))
    }

    static func values(_ json: Any?) -> [String: KnobValue] {
        (json as? [String: Any] ?? [:]).compactMapValues(KnobValue.init(json:))
    }
}
