// ncursesw (Debian libncurses-dev), plus wrappers for what Swift cannot import: macros
// (getmaxyx, COLOR_PAIR, the mouse button masks) and a function Swift sees only by its macro.
#ifndef SYNTHCAST_CNCURSES_SHIM_H
#define SYNTHCAST_CNCURSES_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include <ncursesw/curses.h>

/// stdscr is a global variable, which Swift 6 will not read without a concurrency proof.
static inline WINDOW *synthcast_screen(void) { return stdscr; }
static inline int synthcast_lines(void) { int y, x; getmaxyx(stdscr, y, x); (void)x; return y; }
static inline int synthcast_columns(void) { int y, x; getmaxyx(stdscr, y, x); (void)y; return x; }
static inline int synthcast_color_pair(short pair) { return (int)COLOR_PAIR(pair); }
static inline int synthcast_bold(void) { return (int)A_BOLD; }
static inline int synthcast_reverse(void) { return (int)A_REVERSE; }
static inline int synthcast_dim(void) { return (int)A_DIM; }
static inline int synthcast_attr_on(int attributes) { return attron(attributes); }
static inline int synthcast_attr_off(int attributes) { return attroff(attributes); }
static inline int synthcast_put(int y, int x, const char *text) { return mvaddstr(y, x, text); }

/// A key, a character, or nothing within the timeout set by timeout(): 0 and *code for a
/// character, 1 and *code for a function key (KEY_...), -1 for nothing.
static inline int synthcast_read_key(int *code) {
    wint_t value = 0;
    int result = get_wch(&value);
    *code = (int)value;
    if (result == KEY_CODE_YES) return 1;
    if (result == OK) return 0;
    return -1;
}

static inline unsigned long synthcast_wheel_mask(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON4_PRESSED | BUTTON5_PRESSED;
#else
    return BUTTON4_PRESSED;
#endif
}

/// The last mouse event: 1 wheel up, 2 wheel down, 0 anything else; -1 if none could be read.
static inline int synthcast_read_wheel(int *y, int *x) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *y = event.y;
    *x = event.x;
    if (event.bstate & BUTTON4_PRESSED) return 1;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return 2;
#endif
    return 0;
}

static inline int synthcast_is_utf8_locale(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}
#endif
