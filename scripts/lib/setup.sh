# Shared set-up for scripts/run and scripts/test: Debian packages and the Swift toolchain.
# Sourced, not run.

# Installs the named Debian packages that are missing (as root, or through sudo).
ensure_debian_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> Installing Debian packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "error: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Puts Swift on PATH (the machine image keeps it in /opt/swift) and checks its version.
ensure_swift() {
    if ! command -v swift >/dev/null && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null || {
        echo "error: Swift 6.1 or newer is needed (https://www.swift.org/install/linux/)" >&2
        exit 1
    }
}

# Debian packages the build needs: a C toolchain, pkg-config, libmp3lame for the encoder,
# ncursesw for the terminal UI, libmpg123 for `synthcast check`'s decoder and SQLite for the
# state file (GRDB links Debian's).
SYNTHCAST_BUILD_PACKAGES=(build-essential pkg-config libmp3lame-dev libncurses-dev libmpg123-dev libsqlite3-dev)
# ... and the real decoders and players the tests check our MP3 and HLS with (GStreamer's
# HLS and transport-stream demuxers are in -good and -bad; VLC plays as another user), tmux
# to drive the TUI in, nginx to put the shipped cache config in front of a server, and Icecast
# to push sessions to (the tests start both on loopback with configs of their own), and
# Chromium with its WebDriver and Selenium to drive the web page (procps: pkill), and liblo's
# OSC senders (oscsend, python3-liblo for bundles) to drive the OSC port.
SYNTHCAST_TEST_PACKAGES=(ffmpeg mpg123 mpv chromium-headless-shell chromium chromium-driver python3-selenium procps tmux nginx icecast2
    gstreamer1.0-tools gstreamer1.0-plugins-good gstreamer1.0-plugins-bad vlc-bin vlc-plugin-base liblo-tools python3-liblo)

# The build's target CPU. `baseline` runs on any x86-64 (SSE2, four voices per vector);
# `haswell` (x86-64-v3: AVX2 and FMA) puts all eight voices in one vector. SYNTHCAST_TARGET_CPU
# picks one; unset (or `auto`), the CPU this script runs on decides, since the binary is
# built here to run here.
synthcast_target_cpu() {
    local choice="${SYNTHCAST_TARGET_CPU:-auto}"
    if [ "$choice" = auto ]; then
        if grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo 2>/dev/null; then
            choice=haswell
        else
            choice=baseline
        fi
    fi
    echo "$choice"
}

# Sets SYNTHCAST_SCRATCH (the build folder) and SYNTHCAST_FLAGS (swift build flags) for a
# target CPU from synthcast_target_cpu.
synthcast_build_settings() {
    if [ "$1" = baseline ]; then
        SYNTHCAST_SCRATCH=.build
        SYNTHCAST_FLAGS=()
    else
        SYNTHCAST_SCRATCH=".build-$1"
        SYNTHCAST_FLAGS=(-Xswiftc -target-cpu -Xswiftc "$1" -Xcc "-march=$1" -Xswiftc -DSYNTHCAST_AVX2)
    fi
}
