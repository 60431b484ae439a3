import API
import Foundation
import NIOHTTP1
import Synth
import Testing
@testable import Server

extension ServerTests {
/// `docs/openapi.json` describes the API; these tests keep it true. It is held to the server's
/// route table, to the API module's Codable types (each component schema is the Swift type of
/// its name: the same keys, the same required keys, the same JSON types) and to live replies,
/// which must also decode as those types. The document is written by hand rather than generated
/// with swift-openapi-generator: generating would put a code generator and its runtime into
/// every build for a dozen small types, and these tests give the same guarantee.
@Suite struct OpenAPITests {
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func document() throws -> JSONValue {
        try JSONValue.parse(try Data(contentsOf: checkout.appendingPathComponent("docs/openapi.json")))
    }

    static func componentSchemas(_ document: JSONValue) -> [String: JSONValue] {
        document["components"]?["schemas"]?.objectFields ?? [:]
    }

    /// The keys of a path item that are operations (OPTIONS included, so a preflight documented
    /// as a route, which it is not, would show).
    static let operations = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    // MARK: The route table

    @Test func theDocumentHasExactlyTheServersPathsAndMethods() throws {
        let paths = try Self.document()["paths"]?.objectFields ?? [:]
        let documented = Set(paths.flatMap { template, item in
            item.objectFields.keys.filter { Self.operations.contains($0) }.map { "\($0.uppercased()) \(template)" }
        })
        let served = Set(Routes.table.map { "\($0.method.rawValue) \($0.template)" })
        #expect(!documented.isEmpty, "docs/openapi.json lists no operation")
        #expect(documented.subtracting(served).isEmpty, "documented, not served: \(documented.subtracting(served).sorted())")
        #expect(served.subtracting(documented).isEmpty, "served, not documented: \(served.subtracting(documented).sorted())")
    }

    // MARK: The Codable types

    /// One API type's values as JSON: `full` with every optional field set, `minimal` with none
    /// (the same value for a type without optionals).
    struct Example: Sendable {
        let full: Data
        let minimal: Data

        init<Value: Encodable>(_ full: Value, minimal: Value? = nil) {
            self.full = Self.encoded(full)
            self.minimal = Self.encoded(minimal ?? full)
        }

        private static func encoded<Value: Encodable>(_ value: Value) -> Data {
            (try? APIJSON.encoder().encode(value)) ?? Data()
        }
    }

    static let values: [String: ParameterValue] = [
        "cutoff": .number(800), "reverb_mix": .number(0.45), "wave": .string("saw"), "test_tone": .bool(false),
    ]

    static let session = SessionInfo(
        id: "AAAAAAAAAAAAAAAAAAAAAA", listenID: "BBBBBBBBBBBBBBBBBBBBBB",
        streamURL: "http://127.0.0.1:8000/stream?id=AAAAAAAAAAAAAAAAAAAAAA",
        listenURL: "http://127.0.0.1:8000/stream?id=BBBBBBBBBBBBBBBBBBBBBB",
        hlsURL: "http://127.0.0.1:8000/hls/BBBBBBBBBBBBBBBBBBBBBB/live.m3u8",
        preset: "drone", seed: Seed.range.upperBound, listeners: 2, uptimeSeconds: 12.5, renderLoad: 0.0123, level: 0.5,
        params: values, outputs: [output], timer: SleepTimerInfo(fadeOutIn: 1770, fadeSeconds: 30, endsIn: 1800))

    static let output = IcecastOutputInfo(id: "k3Jd0aZq", url: "icecast://source@127.0.0.1:8000/live", state: .retrying,
                                          since: "2026-12-06T04:30:00Z", retries: 3, error: "the connection to icecast://source@127.0.0.1:8000/live dropped")

    /// Every component schema by name, with values of the Swift type of that name. A schema
    /// without a type here, or a type here without a schema, fails; so does a Codable type of
    /// the API module that is missing here (`everyCodableTypeOfTheAPIModuleIsHere`).
    static let examples: [String: Example] = [
        "ErrorBody": Example(ErrorBody(error: "no preset named 'nope'")),
        "ParameterValue": Example(ParameterValue.number(0.45), minimal: ParameterValue.string("saw")),
        "SessionInfo": Example(session, minimal: SessionInfo(
            id: nil, listenID: session.listenID, streamURL: nil, listenURL: session.listenURL, hlsURL: session.hlsURL, preset: "drone", seed: 0,
            listeners: 0, uptimeSeconds: 0, renderLoad: 0, level: 0, params: [:])),
        "SessionList": Example(SessionList(sessions: [session])),
        "CreateSessionRequest": Example(CreateSessionRequest(preset: "drone", seed: 7, params: values), minimal: CreateSessionRequest()),
        "ParametersReply": Example(ParametersReply(params: values)),
        "LoadPresetRequest": Example(LoadPresetRequest(name: "rain", transition: 20), minimal: LoadPresetRequest(name: "rain")),
        "SleepTimerRequest": Example(SleepTimerRequest(fadeOutAfter: 1770, fadeSeconds: 30), minimal: SleepTimerRequest(fadeOutAfter: 1770)),
        "SleepTimerInfo": Example(SleepTimerInfo(fadeOutIn: 1770, fadeSeconds: 30, endsIn: 1800)),
        "LoadPresetReply": Example(LoadPresetReply(preset: "rain", params: values)),
        // The server's own schema: every row it really sends.
        "SchemaReply": Example(StreamService.schema),
        "ParameterRow": Example(
            ParameterRow(key: "cutoff", label: "Cutoff", group: "Filter", unit: "Hz", kind: .float, min: 20, max: 20000,
                         choices: ["low", "high"], defaultValue: .number(1400), curve: .exponential, smoothingSeconds: 0.02,
                         randomizable: true),
            minimal: ParameterRow(key: "test_tone", label: "Test tone", group: "Master", kind: .bool,
                                  defaultValue: .bool(false), randomizable: false)),
        "PresetList": Example(PresetList(presets: [PresetSummary(name: "drone", description: "A drone", shipped: true)])),
        "PresetSummary": Example(PresetSummary(name: "mine", description: "Saved by a user", shipped: false)),
        "PresetDocument": Example(PresetDocument(name: "mine", description: "Saved by a user", seed: Seed.range.upperBound, params: values),
                                  minimal: PresetDocument(name: "mine")),
        "HealthReply": Example(HealthReply(sessions: 3)),
        "IcecastOutputRequest": Example(IcecastOutputRequest(url: "icecast://source:hackme@127.0.0.1:8000/live", name: "Synthcast",
                                                             description: "Endless drone", genre: "Ambient", isPublic: false),
                                        minimal: IcecastOutputRequest(url: "icecast://source:hackme@127.0.0.1:8000/live")),
        "IcecastOutputInfo": Example(output, minimal: IcecastOutputInfo(id: "k3Jd0aZq", url: output.url, state: .streaming,
                                                                        since: output.since, retries: 0)),
        "IcecastOutputList": Example(IcecastOutputList(outputs: [output])),
    ]

    @Test func eachSchemaIsTheSwiftTypeOfItsName() throws {
        let schemas = Self.componentSchemas(try Self.document())
        #expect(!schemas.isEmpty, "docs/openapi.json has no component schemas")
        let documented = Set(schemas.keys), typed = Set(Self.examples.keys)
        #expect(documented.subtracting(typed).isEmpty, "schemas with no Swift type in the test's table: \(documented.subtracting(typed).sorted())")
        #expect(typed.subtracting(documented).isEmpty, "Swift types with no schema in the document: \(typed.subtracting(documented).sorted())")

        for (name, example) in Self.examples.sorted(by: { $0.key < $1.key }) {
            guard let schema = schemas[name] else { continue }
            let full = try JSONValue.parse(example.full)
            let minimal = try JSONValue.parse(example.minimal)
            let problems = Self.problems(full, schema, at: name, schemas: schemas)
                + Self.problems(minimal, schema, at: "\(name) (minimal)", schemas: schemas)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            guard let properties = schema["properties"]?.objectFields else { continue }
            let required = Set(schema["required"]?.arrayElements?.compactMap(\.stringValue) ?? [])
            #expect(Set(full.objectFields.keys) == Set(properties.keys),
                    "\(name): the type's keys with every optional set \(full.objectFields.keys.sorted()), the schema's properties \(properties.keys.sorted())")
            #expect(Set(minimal.objectFields.keys) == required,
                    "\(name): the type's non-optional keys \(minimal.objectFields.keys.sorted()), the schema's required \(required.sorted())")
        }
    }

    /// A new Codable type in Sources/API must come with a schema (through the table above).
    @Test func everyCodableTypeOfTheAPIModuleIsHere() throws {
        let folder = Self.checkout.appendingPathComponent("Sources/API")
        var types: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            // Top-level declarations only: nested enums (a row's kind and curve) are part of their type's schema.
            for line in text.split(separator: "\n") {
                for keyword in ["public struct ", "public enum "] where line.hasPrefix(keyword) {
                    let declaration = line.dropFirst(keyword.count).prefix(while: { $0 != "{" })
                    guard declaration.contains("Codable") else { continue }
                    types.insert(String(declaration.prefix(while: { $0.isLetter || $0.isNumber })))
                }
            }
        }
        #expect(types.count > 10, "found only \(types.sorted()) in \(folder.path)")
        #expect(types == Set(Self.examples.keys), "Codable types of the API module \(types.sorted()), the table \(Self.examples.keys.sorted())")
    }

    @Test func everyReferenceNamesASchema() throws {
        let document = try Self.document()
        let schemas = Self.componentSchemas(document)
        var references: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let fields):
                if let reference = fields["$ref"]?.stringValue { references.append(reference) }
                fields.values.forEach(collect)
            case .array(let elements): elements.forEach(collect)
            default: break
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        let dangling = references.filter { schemas[Self.schemaName($0)] == nil || !$0.hasPrefix("#/components/schemas/") }
        #expect(dangling.isEmpty, "references to no schema: \(Set(dangling).sorted())")
        let unused = Set(schemas.keys).subtracting(references.map(Self.schemaName))
        #expect(unused.isEmpty, "schemas no request or reply uses: \(unused.sorted())")
    }

    /// Every seed the document takes or gives is `Seed.range`.
    @Test func seedsHaveOneRange() throws {
        let document = try Self.document()
        var seeds = Self.componentSchemas(document).values.compactMap { $0["properties"]?["seed"] }
        seeds += (document["paths"]?["/create_stream"]?["get"]?["parameters"]?.arrayElements ?? [])
            .filter { $0["name"]?.stringValue == "seed" }.compactMap { $0["schema"] }
        #expect(seeds.count >= 4)
        for seed in seeds {
            #expect(seed["type"]?.stringValue == "integer")
            #expect(seed["minimum"]?.numberValue == Double(Seed.range.lowerBound))
            #expect(seed["maximum"]?.numberValue == Double(Seed.range.upperBound))
        }
    }

    // MARK: Live replies

    @Test func liveRepliesAreWhatTheDocumentSays() throws {
        let document = try Self.document()
        let schemas = Self.componentSchemas(document)
        let server = try TestServer(savesPresets: true)
        let guarded = try TestServer(savesPresets: true) { $0.loopbackIsAdmin = false; $0.adminToken = "s3cret" }

        func documented(_ method: String, _ template: String, _ status: Int) -> JSONValue? {
            document["paths"]?[template]?[method.lowercased()]?["responses"]?[String(status)]
        }

        /// One request: the reply must have the status expected, the document must list it for
        /// the operation, and a body must be of a media type and schema the document gives.
        @discardableResult
        func send(_ method: String, _ template: String, _ target: String, body: String? = nil, headers: [String: String] = [:],
                  to port: Int? = nil, expect status: Int) throws -> HTTPTestResponse {
            var headers = headers
            headers["Accept"] = headers["Accept"] ?? "application/json"
            let response = try httpRequest(port: port ?? server.port, method, target, headers: headers, body: body)
            #expect(response.status == status, "\(method) \(target): \(response.statusLine) \(response.text)")
            guard let listed = documented(method, template, response.status) else {
                Issue.record("\(method) \(target) answered \(response.status), which the document does not list for \(method) \(template)")
                return response
            }
            guard !response.body.isEmpty, let content = listed["content"]?.objectFields else { return response }
            let mediaType = String(response.header("Content-Type")?.split(separator: ";").first ?? "")
            guard let schema = content[mediaType]?["schema"] else {
                Issue.record("\(method) \(target) answered \(response.status) in \(mediaType), the document says \(content.keys.sorted())")
                return response
            }
            if mediaType == "application/json" {
                let value = try JSONValue.parse(Data(response.body))
                let problems = Self.problems(value, schema, at: "\(method) \(target)", schemas: schemas)
                #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            }
            return response
        }

        /// A JSON reply, which must be of the type the document names for it and decode as it.
        func reply<Reply: Decodable>(_ type: Reply.Type, _ method: String, _ template: String, _ target: String, body: String? = nil,
                                     headers: [String: String] = [:], to port: Int? = nil, expect status: Int) throws -> Reply {
            let response = try send(method, template, target, body: body, headers: headers, to: port, expect: status)
            let named = documented(method, template, status)?["content"]?["application/json"]?["schema"]?["$ref"]?.stringValue
            #expect(named == "#/components/schemas/\(Reply.self)", "\(method) \(template) \(status): the document says \(named ?? "no JSON")")
            return try APIJSON.decoder().decode(Reply.self, from: Data(response.body))
        }

        // Sessions.
        let created = try reply(SessionInfo.self, "POST", "/sessions", "/sessions", body: #"{"preset": "drone", "seed": 5}"#, expect: 201)
        let id = try #require(created.id)
        _ = try reply(ErrorBody.self, "POST", "/sessions", "/sessions", body: #"{"colour": "red"}"#, expect: 400)
        _ = try reply(SessionList.self, "GET", "/sessions", "/sessions", expect: 200)
        _ = try reply(SessionInfo.self, "GET", "/sessions/{id}", "/sessions/\(id)", expect: 200)
        let listenOnly = try reply(SessionInfo.self, "GET", "/sessions/{id}", "/sessions/\(created.listenID)", expect: 200)
        #expect(listenOnly.id == nil && listenOnly.streamURL == nil)
        _ = try reply(ParametersReply.self, "GET", "/sessions/{id}/params", "/sessions/\(id)/params", expect: 200)
        _ = try reply(ParametersReply.self, "PATCH", "/sessions/{id}/params", "/sessions/\(id)/params", body: #"{"cutoff": 600}"#, expect: 200)
        _ = try reply(ErrorBody.self, "PATCH", "/sessions/{id}/params", "/sessions/\(id)/params", body: #"{"cutoff": -1}"#, expect: 400)
        _ = try reply(ErrorBody.self, "PATCH", "/sessions/{id}/params", "/sessions/\(created.listenID)/params",
                      body: #"{"cutoff": 600}"#, expect: 403)
        _ = try reply(LoadPresetReply.self, "POST", "/sessions/{id}/preset", "/sessions/\(id)/preset", body: #"{"name": "rain"}"#, expect: 200)
        _ = try reply(ErrorBody.self, "POST", "/sessions/{id}/preset", "/sessions/\(id)/preset", body: #"{"name": "nope"}"#, expect: 404)

        // The first users' URLs.
        _ = try reply(SessionInfo.self, "GET", "/create_stream", "/create_stream", expect: 201)
        try send("GET", "/create_stream", "/create_stream", headers: ["Accept": "text/plain"], expect: 200)
        _ = try reply(ParametersReply.self, "GET", "/set_param", "/set_param?id=\(id)&cutoff=700", expect: 200)
        _ = try reply(ErrorBody.self, "GET", "/set_param", "/set_param?id=\(id)&nope=1", expect: 400)
        try send("HEAD", "/stream", "/stream?id=\(id)", expect: 200)
        try send("DELETE", "/sessions/{id}", "/sessions/\(id)", expect: 204)
        _ = try reply(ErrorBody.self, "GET", "/sessions/{id}", "/sessions/\(id)", expect: 404)
        _ = try reply(ErrorBody.self, "GET", "/stream", "/stream?id=\(id)", expect: 404)

        // The schema, the presets, the operator's view.
        _ = try reply(SchemaReply.self, "GET", "/params", "/params", expect: 200)
        _ = try reply(PresetList.self, "GET", "/presets", "/presets", expect: 200)
        _ = try reply(PresetDocument.self, "GET", "/presets/{name}", "/presets/drone", expect: 200)
        _ = try reply(ErrorBody.self, "GET", "/presets/{name}", "/presets/nope", expect: 404)
        _ = try reply(HealthReply.self, "GET", "/health", "/health", expect: 200)
        try send("HEAD", "/health", "/health", expect: 200)
        try send("GET", "/", "/", expect: 200)
        try send("HEAD", "/", "/", expect: 200)
        try send("GET", "/metrics", "/metrics", expect: 200)

        // Saving and deleting presets.
        let preset = #"{"name": "openapi-check", "description": "Saved by a test", "seed": 7, "params": {"cutoff": 900}}"#
        _ = try reply(PresetSummary.self, "PUT", "/presets/{name}", "/presets/openapi-check", body: preset, expect: 201)
        _ = try reply(ErrorBody.self, "PUT", "/presets/{name}", "/presets/openapi-check", body: preset, expect: 409)
        _ = try reply(PresetSummary.self, "PUT", "/presets/{name}", "/presets/openapi-check?overwrite=true", body: preset, expect: 200)
        _ = try reply(PresetDocument.self, "GET", "/presets/{name}", "/presets/openapi-check", expect: 200)
        _ = try reply(ErrorBody.self, "PUT", "/presets/{name}", "/presets/x", body: #"{"name": "x", "params": {"cutoff": 99999}}"#, expect: 400)
        _ = try reply(ErrorBody.self, "PUT", "/presets/{name}", "/presets/drone", body: #"{"name": "drone"}"#, expect: 403)
        try send("DELETE", "/presets/{name}", "/presets/openapi-check", expect: 204)
        _ = try reply(ErrorBody.self, "DELETE", "/presets/{name}", "/presets/openapi-check", expect: 404)
        _ = try reply(ErrorBody.self, "DELETE", "/presets/{name}", "/presets/drone", expect: 403)

        // Operator powers off loopback.
        _ = try reply(ErrorBody.self, "GET", "/sessions", "/sessions", to: guarded.port, expect: 401)
        _ = try reply(ErrorBody.self, "GET", "/sessions", "/sessions", headers: ["Authorization": "Bearer wrong!"], to: guarded.port, expect: 403)
        _ = try reply(ErrorBody.self, "PUT", "/presets/{name}", "/presets/openapi-check", body: preset, to: guarded.port, expect: 401)
        _ = try reply(ErrorBody.self, "DELETE", "/presets/{name}", "/presets/openapi-check", to: guarded.port, expect: 401)
    }

    // MARK: Checking a value against a schema

    static func schemaName(_ reference: String) -> String {
        String(reference.split(separator: "/").last ?? "")
    }

    /// Where a JSON value departs from a schema of the document, one message each: a type, an
    /// enum or a bound not kept, a required key missing, a key the schema does not name.
    static func problems(_ value: JSONValue, _ schema: JSONValue, at place: String, schemas: [String: JSONValue]) -> [String] {
        if let reference = schema["$ref"]?.stringValue {
            guard let target = schemas[schemaName(reference)] else { return ["\(place): $ref \(reference) names no schema"] }
            return problems(value, target, at: place, schemas: schemas)
        }
        let types = schema["type"]?.typeNames ?? []
        if !types.isEmpty, !types.contains(where: value.isOfType) {
            return ["\(place): \(value.schemaType), the document says \(types.joined(separator: " or "))"]
        }
        var found: [String] = []
        if let choices = schema["enum"]?.arrayElements, !choices.contains(value) {
            found.append("\(place): \(value) is not one of the document's \(choices)")
        }
        if case .number(let number) = value {
            if let minimum = schema["minimum"]?.numberValue, number < minimum { found.append("\(place): \(number) is under \(minimum)") }
            if let maximum = schema["maximum"]?.numberValue, number > maximum { found.append("\(place): \(number) is over \(maximum)") }
        }
        switch value {
        case .object(let fields):
            let properties = schema["properties"]?.objectFields
            for key in schema["required"]?.arrayElements?.compactMap(\.stringValue) ?? [] where fields[key] == nil {
                found.append("\(place): no '\(key)', which the document requires")
            }
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                if let property = properties?[key] {
                    found += problems(field, property, at: "\(place).\(key)", schemas: schemas)
                } else if let additional = schema["additionalProperties"], additional.isSchema {
                    found += problems(field, additional, at: "\(place).\(key)", schemas: schemas)
                } else if properties != nil || schema["additionalProperties"] == JSONValue.bool(false) {
                    found.append("\(place): '\(key)' is not in the document")
                }
            }
        case .array(let elements):
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() {
                    found += problems(element, items, at: "\(place)[\(index)]", schemas: schemas)
                }
            }
        default:
            break
        }
        return found
    }
}
}

/// Reading the document's tree.
private extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }

    var objectFields: [String: JSONValue] {
        guard case .object(let fields) = self else { return [:] }
        return fields
    }

    var arrayElements: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    var numberValue: Double? {
        guard case .number(let number) = self else { return nil }
        return number
    }

    /// A schema's `type`: one name or a list of them.
    var typeNames: [String] {
        if let name = stringValue { return [name] }
        return arrayElements?.compactMap(\.stringValue) ?? []
    }

    /// An object is a schema (`additionalProperties: {...}`); `true`/`false` only allow or forbid.
    var isSchema: Bool {
        guard case .object = self else { return false }
        return true
    }

    /// The JSON Schema type of a value; a whole number is an `integer` (and a `number`).
    var schemaType: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        case .number(let number): number.isFinite && number.rounded(.towardZero) == number ? "integer" : "number"
        }
    }

    func isOfType(_ type: String) -> Bool {
        type == schemaType || (type == "number" && schemaType == "integer")
    }
}
