import API
import Foundation
import Presets
import Synth

/// The presets through the API: listing and reading them, and (the operator's power) saving
/// and deleting user presets. Shipped presets are read-only.
extension StreamService {
    /// `GET /presets`: names, descriptions, shipped or saved.
    func presetList() throws(ServiceError) -> PresetList {
        let names: [String]
        do { names = try presets.names() } catch { throw .internalError(error.description) }
        let rows = names.compactMap { name -> PresetSummary? in
            guard let preset = try? presets.load(name) else { return nil }
            return PresetSummary(name: preset.name, description: preset.description, shipped: presets.isShipped(name))
        }
        return PresetList(presets: rows)
    }

    /// `PUT /presets/{name}`: the body is a preset file's JSON, validated whole before anything
    /// is written. Returns the saved preset and whether it is new (201) or replaced one (200).
    func savePreset(named name: String, json body: Data?, overwrite: Bool) throws(ServiceError) -> (summary: PresetSummary, created: Bool) {
        try checkName(name)
        guard !presets.isShipped(name) else {
            throw .forbidden("'\(name)' is a shipped preset and cannot be replaced; save under another name")
        }
        guard let body, !body.isEmpty else { throw .badRequest("send the preset as JSON: {\"name\": \"\(name)\", \"params\": {...}}") }
        let preset: Preset
        do { preset = try Preset(json: body, source: name) } catch { throw .badRequest(error.description) }
        guard preset.name == name else {
            throw .badRequest("the body's 'name' ('\(preset.name.prefix(80))') must be the URL's ('\(name)')")
        }
        let exists = presets.existingFile(named: name) != nil
        if exists, !overwrite {
            throw ServiceError(kind: .conflict, message: "a preset named '\(name)' exists; send ?overwrite=true to replace it")
        }
        do { try presets.save(preset, overwrite: overwrite) } catch { throw .internalError(error.description) }
        logger.info("preset saved", metadata: ["preset": "\(name)", "replaced": "\(exists)"])
        return (PresetSummary(name: name, description: preset.description, shipped: false), !exists)
    }

    /// `DELETE /presets/{name}`: a user preset's file goes; shipped ones stay (403).
    func deletePreset(named name: String) throws(ServiceError) {
        try checkName(name)
        guard !presets.isShipped(name) else { throw .forbidden("'\(name)' is a shipped preset and cannot be deleted") }
        guard presets.existingFile(named: name) != nil else { throw .notFound("no saved preset named '\(name)'") }
        do { try presets.delete(name) } catch { throw .internalError(error.description) }
        logger.info("preset deleted", metadata: ["preset": "\(name)"])
    }

    private func checkName(_ name: String) throws(ServiceError) {
        guard PresetLibrary.isValidName(name) else {
            throw .badRequest("a preset name uses letters, digits, '-' and '_', got '\(name.prefix(80))'")
        }
    }
}
