import API
import Foundation
import Testing
@testable import Server

extension ServerTests {
/// `PUT` and `DELETE /presets/{name}`: the operator saves and deletes user presets; shipped
/// presets stay read-only.
@Suite struct PresetAPITests {
    static let pad = #"{"name": "my-pad", "description": "Saved by a test", "seed": 7, "params": {"cutoff": 900, "wave": "pulse"}}"#

    static func decode<Value: Decodable>(_ type: Value.Type, _ response: HTTPTestResponse) throws -> Value {
        try APIJSON.decoder().decode(type, from: Data(response.body))
    }

    static func put(_ server: TestServer, _ target: String, _ body: String, headers: [String: String] = [:]) throws -> HTTPTestResponse {
        try httpRequest(port: server.port, "PUT", target, headers: headers, body: body)
    }

    static func delete(_ server: TestServer, _ target: String, headers: [String: String] = [:]) throws -> HTTPTestResponse {
        try httpRequest(port: server.port, "DELETE", target, headers: headers)
    }

    @Test func aSavedPresetIsListedReadAndPlayed() throws {
        let server = try TestServer(savesPresets: true)
        let folder = try #require(server.userPresets)
        let created = try Self.put(server, "/presets/my-pad", Self.pad)
        #expect(created.status == 201, "\(created.text)")
        let saved = PresetSummary(name: "my-pad", description: "Saved by a test", shipped: false)
        #expect(try Self.decode(PresetSummary.self, created) == saved)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("my-pad.json").path))

        let listed = try Self.decode(PresetList.self, try server.get("/presets")).presets
        #expect(listed.contains(saved), "\(listed)")
        #expect(listed.first(where: { $0.name == "drone" })?.shipped == true)

        let read = try server.get("/presets/my-pad")
        #expect(read.status == 200, "\(read.text)")
        let document = try Self.decode(PresetDocument.self, read)
        #expect(document.name == "my-pad")
        #expect(document.description == "Saved by a test")
        #expect(document.seed == 7)
        #expect(document.params?["cutoff"] == ParameterValue.number(900))
        #expect(document.params?["wave"] == ParameterValue.string("pulse"))

        let token = try server.createStream("preset=my-pad")
        let session = try server.session(token)
        #expect(session.presetName == "my-pad")
        #expect(session.seed == 7)
    }

    @Test func anExistingPresetIsReplacedOnlyWhenAsked() throws {
        let server = try TestServer(savesPresets: true)
        #expect(try Self.put(server, "/presets/my-pad", Self.pad).status == 201)
        let again = try Self.put(server, "/presets/my-pad", Self.pad)
        #expect(again.status == 409, "\(again.text)")
        #expect(try Self.decode(ErrorBody.self, again).error.contains("overwrite=true"), "\(again.text)")
        #expect(try Self.decode(PresetDocument.self, try server.get("/presets/my-pad")).params?["cutoff"] == ParameterValue.number(900))

        let brighter = #"{"name": "my-pad", "description": "Brighter", "params": {"cutoff": 4000}}"#
        let replaced = try Self.put(server, "/presets/my-pad?overwrite=true", brighter)
        #expect(replaced.status == 200, "\(replaced.text)")
        #expect(try Self.decode(PresetSummary.self, replaced) == PresetSummary(name: "my-pad", description: "Brighter", shipped: false))
        let document = try Self.decode(PresetDocument.self, try server.get("/presets/my-pad"))
        #expect(document.description == "Brighter")
        #expect(document.seed == nil)
        #expect(document.params?["cutoff"] == ParameterValue.number(4000))
    }

    @Test(arguments: [
        ("/presets/x", #"{"name": "x", "params": {"cutoff": 99999}}"#, "cutoff"),
        ("/presets/mine", #"{"name": "other"}"#, "must be the URL's"),
        ("/presets/mine", #"{"name": "mine", "colour": "red"}"#, "unknown field 'colour'"),
        ("/presets/mine", #"{"name": "mine", "seed": -1}"#, "'seed' must be"),
        ("/presets/mine", #"{"name": "mine""#, "invalid JSON"),
        ("/presets/mine?overwrite=maybe", #"{"name": "mine"}"#, "'overwrite' takes true or false"),
    ] as [(String, String, String)])
    func aFaultyPresetIsRefusedNamingTheFault(target: String, body: String, phrase: String) throws {
        let server = try TestServer(savesPresets: true)
        let response = try Self.put(server, target, body)
        #expect(response.status == 400, "\(target): \(response.statusLine) \(response.text)")
        let message = try Self.decode(ErrorBody.self, response).error
        #expect(message.contains(phrase), "\(target): \(message)")
        let folder = try #require(server.userPresets)
        #expect(!FileManager.default.fileExists(atPath: folder.path), "a refused preset was written")
    }

    @Test func shippedPresetsAreReadOnly() throws {
        let server = try TestServer(savesPresets: true)
        let replaced = try Self.put(server, "/presets/drone?overwrite=true", #"{"name": "drone"}"#)
        #expect(replaced.status == 403, "\(replaced.text)")
        #expect(try Self.decode(ErrorBody.self, replaced).error.contains("shipped"))
        let deleted = try Self.delete(server, "/presets/drone")
        #expect(deleted.status == 403, "\(deleted.text)")
        #expect(try Self.decode(ErrorBody.self, deleted).error.contains("shipped"))
        let drone = try Self.decode(PresetList.self, try server.get("/presets")).presets.first(where: { $0.name == "drone" })
        #expect(drone?.shipped == true)
        #expect(try server.get("/presets/drone").status == 200)
    }

    @Test func aDeletedPresetIsGone() throws {
        let server = try TestServer(savesPresets: true)
        let file = try #require(server.userPresets).appendingPathComponent("my-pad.json")
        #expect(try Self.put(server, "/presets/my-pad", Self.pad).status == 201)
        let deleted = try Self.delete(server, "/presets/my-pad")
        #expect(deleted.status == 204, "\(deleted.text)")
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(try server.get("/presets/my-pad").status == 404)
        #expect(try Self.decode(PresetList.self, try server.get("/presets")).presets.allSatisfy({ $0.name != "my-pad" }))
        #expect(try server.get("/create_stream?preset=my-pad").status == 400)
        let again = try Self.delete(server, "/presets/my-pad")
        #expect(again.status == 404, "\(again.text)")
    }

    @Test func offLoopbackSavingAndDeletingNeedTheOperatorsToken() throws {
        let server = try TestServer(savesPresets: true) { $0.loopbackIsAdmin = false; $0.adminToken = "s3cret" }
        let folder = try #require(server.userPresets)
        let anonymous = try Self.put(server, "/presets/my-pad", Self.pad)
        #expect(anonymous.status == 401, "\(anonymous.text)")
        #expect(anonymous.header("WWW-Authenticate") == "Bearer")
        #expect(try Self.put(server, "/presets/my-pad", Self.pad, headers: ["Authorization": "Bearer wrong!"]).status == 403)
        #expect(!FileManager.default.fileExists(atPath: folder.path), "a refused request wrote a preset")

        let authorized = try Self.put(server, "/presets/my-pad", Self.pad, headers: ["Authorization": "Bearer s3cret"])
        #expect(authorized.status == 201, "\(authorized.text)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("my-pad.json").path))
        // Reading stays open to anyone.
        #expect(try server.get("/presets/my-pad").status == 200)

        #expect(try Self.delete(server, "/presets/my-pad").status == 401)
        #expect(try Self.delete(server, "/presets/my-pad", headers: ["Authorization": "Bearer wrong!"]).status == 403)
        #expect(try Self.delete(server, "/presets/my-pad", headers: ["Authorization": "Bearer s3cret"]).status == 204)

        // Without --admin-token, nobody off loopback is the operator.
        let closed = try TestServer(savesPresets: true) { $0.loopbackIsAdmin = false }
        #expect(try Self.put(closed, "/presets/my-pad", Self.pad, headers: ["Authorization": "Bearer s3cret"]).status == 403)
    }
}
}
