import Foundation
import Testing
@testable import Server

extension ServerTests {
/// `docs/openapi.json` describes the API; these tests keep it true: the same paths and
/// methods as the server's route table, and live replies with the fields and statuses it names.
@Suite struct OpenAPITests {
    static var document: [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.json")
        let data = (try? Data(contentsOf: url)) ?? Data()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    static var paths: [String: [String: Any]] { document["paths"] as? [String: [String: Any]] ?? [:] }
    static let methods = ["get", "head", "post", "put", "patch", "delete"]

    static func required(_ schema: String) -> [String] {
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]]
        return schemas?[schema]?["required"] as? [String] ?? []
    }

    /// The statuses the document lists for an operation.
    static func statuses(_ method: String, _ template: String) -> Set<Int> {
        let operation = paths[template]?[method] as? [String: Any]
        return Set((operation?["responses"] as? [String: Any] ?? [:]).keys.compactMap(Int.init))
    }

    @Test func theDocumentHasExactlyTheServersPathsAndMethods() {
        #expect(!Self.paths.isEmpty, "docs/openapi.json did not load")
        let documented = Self.paths.mapValues { Set($0.keys.filter { Self.methods.contains($0) }.map { $0.uppercased() }) }
        let served = Dictionary(uniqueKeysWithValues: Route.endpoints.map { ($0.template, Set($0.methods.keys)) })
        #expect(documented == served)
    }

    @Test func liveRepliesHaveTheFieldsAndStatusesTheDocumentNames() throws {
        let server = try TestServer()
        func check(_ method: String, _ template: String, _ target: String, body: String? = nil, schema: String?) throws -> [String: Any] {
            let response = try httpRequest(port: server.port, method.uppercased(), target, headers: ["Accept": "application/json"], body: body)
            #expect(Self.statuses(method, template).contains(response.status), "\(method) \(target) answered \(response.status), not documented")
            guard let schema else { return [:] }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            for field in Self.required(schema) { #expect(object[field] != nil, "\(method) \(target): no '\(field)' (\(schema))") }
            return object
        }
        let session = try check("post", "/sessions", "/sessions", body: #"{"preset": "drone"}"#, schema: "Session")
        let id = try #require(session["id"] as? String)
        _ = try check("get", "/sessions", "/sessions", schema: "SessionList")
        _ = try check("get", "/sessions/{id}", "/sessions/\(id)", schema: "Session")
        _ = try check("get", "/sessions/{id}/params", "/sessions/\(id)/params", schema: "Params")
        _ = try check("patch", "/sessions/{id}/params", "/sessions/\(id)/params", body: #"{"cutoff": 600}"#, schema: "Params")
        _ = try check("patch", "/sessions/{id}/params", "/sessions/\(id)/params", body: #"{"cutoff": -1}"#, schema: "Error")
        _ = try check("post", "/sessions/{id}/preset", "/sessions/\(id)/preset", body: #"{"name": "rain"}"#, schema: "LoadedPreset")
        _ = try check("get", "/params", "/params", schema: "Schema")
        _ = try check("get", "/presets", "/presets", schema: "PresetList")
        _ = try check("get", "/presets/{name}", "/presets/drone", schema: "Preset")
        _ = try check("get", "/health", "/health", schema: "Health")
        _ = try check("get", "/create_stream", "/create_stream", schema: "Session")
        _ = try check("get", "/set_param", "/set_param?id=\(id)&cutoff=700", schema: "Params")
        _ = try check("delete", "/sessions/{id}", "/sessions/\(id)", schema: nil)
        _ = try check("get", "/sessions/{id}", "/sessions/\(id)", schema: "Error")
    }
}
}
