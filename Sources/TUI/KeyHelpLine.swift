/// The bottom row: the keys that work right now, shortened on narrow screens so that help and
/// quit always show. The variants come from the key table.
enum KeyHelpLine {
    static func draw(_ state: UIState, _ layout: Layout, on canvas: Canvas) {
        let variants = KeyTable.shortHelp(for: state.mode.keyContext)
        let text = variants.first { $0.count + 1 <= layout.columns } ?? variants.last ?? ""
        canvas.put(" " + text, row: layout.helpRow, column: 0, width: layout.columns, style: .dim)
    }
}
