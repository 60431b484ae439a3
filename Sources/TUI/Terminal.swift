import CNcurses
import Foundation

/// The one type that talks to curses: it sets the terminal up, reads keys, draws frames and
/// gives the terminal back as it found it (`close`, also on deinit).
public final class Terminal: Canvas {
    public let glyphs: Glyphs
    public let usesColor: Bool
    private var isOpen = true

    /// Starts curses. `allowColor`: false under NO_COLOR; colors also need a terminal that has them.
    /// `tick`: how long `readKey` waits, the loop's heartbeat.
    public init(allowColor: Bool, tick milliseconds: Int32) throws {
        setlocale(LC_ALL, "")
        glyphs = synthcast_is_utf8_locale() != 0 ? .unicode : .ascii
        try Self.requireTerminal()
        guard initscr() != nil else { throw TerminalError.cannotStart }
        cbreak()
        noecho()
        nonl()
        keypad(synthcast_screen(), true)
        curs_set(0)
        set_escdelay(25)
        wtimeout(synthcast_screen(), milliseconds)
        mousemask(mmask_t(synthcast_wheel_mask()), nil)
        usesColor = allowColor && has_colors()
        if usesColor { Self.startColors() }
    }

    deinit { close() }

    /// Throws unless stdin and stdout are a terminal. initscr() would print its own message and
    /// exit; this one says what to do instead, and can be asked before starting a server.
    public static func requireTerminal() throws(TerminalError) {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { throw .notATerminal }
    }

    /// Gives the terminal back: cursor, echo, line mode, the normal screen.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        endwin()
    }

    public var size: (rows: Int, columns: Int) { (Int(synthcast_lines()), Int(synthcast_columns())) }

    /// The next key, or nil when none came within the tick.
    public func readKey() -> Key? {
        var code: Int32 = 0
        switch synthcast_read_key(&code) {
        case 0: return Self.character(code)
        case 1: return functionKey(code)
        default: return nil
        }
    }

    /// Draws a frame. erase() only clears curses' copy of the screen; refresh() then sends
    /// the cells that changed, so redrawing everything each tick does not flicker.
    public func draw(_ body: (Canvas) -> Void) {
        erase()
        body(self)
        refresh()
    }

    public func put(_ text: String, row: Int, column: Int, width: Int, style: Style) {
        let (rows, columns) = size
        guard row >= 0, row < rows, column >= 0, column < columns, width > 0 else { return }
        // The last cell of the screen would scroll it; leave it be.
        let room = min(width, columns - column - (row == rows - 1 ? 1 : 0))
        guard room > 0 else { return }
        let attributes = attributes(for: style)
        synthcast_attr_on(attributes)
        _ = synthcast_put(Int32(row), Int32(column), String(text.prefix(room)))
        synthcast_attr_off(attributes)
    }

    // MARK: Keys

    private static func character(_ code: Int32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(Character(scalar))
        }
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_SLEFT: .shiftLeft
        case KEY_SRIGHT: .shiftRight
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case KEY_BACKSPACE, KEY_DC: .backspace
        case KEY_RESIZE: .resize(rows: size.rows, columns: size.columns)
        case KEY_MOUSE: wheel()
        default: nil
        }
    }

    private func wheel() -> Key? {
        var row: Int32 = 0, column: Int32 = 0
        switch synthcast_read_wheel(&row, &column) {
        case 1: return .wheel(row: Int(row), column: Int(column), up: true)
        case 2: return .wheel(row: Int(row), column: Int(column), up: false)
        default: return nil
        }
    }

    // MARK: Looks

    private static func startColors() {
        start_color()
        use_default_colors()
        let pairs: [(Style, Int16, Int16)] = [
            (.title, Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
            (.heading, Int16(COLOR_CYAN), -1),
            (.selected, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)),
            (.error, Int16(COLOR_RED), -1),
            (.notice, Int16(COLOR_YELLOW), -1),
            (.levelLow, Int16(COLOR_GREEN), -1),
            (.levelHigh, Int16(COLOR_YELLOW), -1),
            (.levelClip, Int16(COLOR_RED), -1),
            (.bar, Int16(COLOR_CYAN), -1),
        ]
        for (style, foreground, background) in pairs { init_pair(Int16(style.rawValue), foreground, background) }
    }

    private func attributes(for style: Style) -> Int32 {
        let bold = synthcast_bold(), reverse = synthcast_reverse(), dim = synthcast_dim()
        if usesColor {
            switch style {
            case .normal: return 0
            case .dim: return dim
            case .title, .selected, .error: return synthcast_color_pair(Int16(style.rawValue)) | bold
            default: return synthcast_color_pair(Int16(style.rawValue))
            }
        }
        switch style {
        case .title, .selected: return reverse
        case .heading, .error, .notice, .levelClip: return bold
        case .dim: return dim
        case .normal, .levelLow, .levelHigh, .bar: return 0
        }
    }
}
