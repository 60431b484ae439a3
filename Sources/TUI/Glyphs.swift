/// The characters that draw bars and meters: block elements in a UTF-8 locale, ASCII in any
/// other (a C locale would print the blocks as garbage).
public struct Glyphs: Sendable, Equatable {
    public let filled: String
    public let empty: String
    public let marker: String
    public let dot: String

    public static let unicode = Glyphs(filled: "█", empty: "░", marker: "▶", dot: "·")
    public static let ascii = Glyphs(filled: "#", empty: "-", marker: ">", dot: ".")

    /// A bar `width` cells long, filled to `fraction`.
    public func bar(_ fraction: Double, width: Int) -> (filled: String, empty: String) {
        let cells = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
        return (String(repeating: filled, count: cells), String(repeating: empty, count: max(width - cells, 0)))
    }
}
