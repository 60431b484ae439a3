/// Euclidean rhythms: `hits` onsets spread as evenly as possible over 16 steps
/// (Toussaint, "The Euclidean Algorithm Generates Traditional Musical Rhythms"), rotated.
/// Two hits rotated by 4 give the backbeat; four unrotated give four-on-the-floor.
enum EuclideanRhythm {
    static let steps = 16

    static func hits(_ hits: Int, rotation: Int, at step: Int) -> Bool {
        guard hits > 0 else { return false }
        let shifted = (step - rotation + steps) % steps
        return (shifted * hits) % steps < hits
    }
}
