/// What a key means in the current mode (tig's keymap: keys to named commands), looked up in
/// the key table.
public enum KeyMap {
    public static func command(for key: Key, in mode: Mode) -> Command? {
        // Not a key but the terminal's new size: it counts in every mode.
        if case .resize(let rows, let columns) = key { return .resize(rows: rows, columns: columns) }
        let context = mode.keyContext
        for binding in KeyTable.all where binding.context == context {
            if let command = binding.command(for: key) { return command }
        }
        return nil
    }
}
