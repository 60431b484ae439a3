import Foundation

/// An amount typed in a prompt: a preset's transition in seconds, a sleep timer's minutes.
/// Only that it is a number from 0 up is checked here, so that a slip keeps the prompt open;
/// the server checks the range and says what it allows.
enum TypedAmount {
    /// The number in `text` (spaces around it ignored); nil when there is none, or it is
    /// negative or not finite.
    static func parse(_ text: String) -> Double? {
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite, number >= 0 else { return nil }
        return number
    }
}
