# shellcheck shell=bash
# Peer streaming servers (Icecast 2.4, Liquidsoap 2.1) for comparison benchmarks.
# Call start_* in the current shell (not in $(...)): they set PID globals, and
# stop_peer reaps with `wait`. Never use a bare `wait` after starting a peer: it
# waits for the peers too. Everything stays in the caller's WORKDIR, on 127.0.0.1.

PEERS_SOURCE_PASSWORD="${PEERS_SOURCE_PASSWORD:-synthcast-bench}"
PEERS_ICECAST_CLIENTS="${PEERS_ICECAST_CLIENTS:-10000}"
PEERS_START_TIMEOUT="${PEERS_START_TIMEOUT:-60}"

# Install the peers only when missing, so repeated runs never touch apt.
peers_ensure_packages() {
    local c
    for c in icecast2 liquidsoap ffmpeg; do
        command -v "$c" >/dev/null 2>&1 && continue
        echo "peers: installing icecast2 liquidsoap ffmpeg" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            icecast2 liquidsoap ffmpeg >&2
        return
    done
}

# Print a message plus log tails and fail: logs are the only clue when a peer dies.
_peers_fail() {
    local log
    echo "peers: $1" >&2 && shift
    for log; do
        [[ -s $log ]] && { echo "--- $log (tail)" >&2; tail -n 40 "$log" >&2; }
    done
    return 1
}

# peer_alive PID: is it still running? kill -0 alone is fooled by zombies.
# Check it after a run: a peer that crashed mid-benchmark invalidates the result.
peer_alive() {
    [[ -r /proc/$1/stat && $(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) != Z ]]
}

# _peers_wait_audio URL PID LOG...: poll until URL yields 4 KB of body (HTTP
# errors don't count); fail early if PID died, or after PEERS_START_TIMEOUT.
_peers_wait_audio() {
    local url=$1 pid=$2 deadline=$((SECONDS + PEERS_START_TIMEOUT)) n && shift 2
    while ((SECONDS < deadline)); do
        peer_alive "$pid" || { _peers_fail "process $pid died before $url served audio" "$@"; return 1; }
        n=$(curl -sf --max-time 2 "$url" 2>/dev/null | head -c 4096 | wc -c || true)
        ((n >= 4096)) && return 0
        sleep 0.5
    done
    _peers_fail "no audio from $url after ${PEERS_START_TIMEOUT}s" "$@"
}

# start_icecast WORKDIR PORT MP3FILE: Icecast on 127.0.0.1:PORT, fed by ffmpeg in
# real time on mount /stream. Sets ICECAST_PID and ICECAST_SOURCE_PID.
start_icecast() {
    local dir=$1 port=$2 mp3=$3
    start_icecast_server "$dir" "$port" || return 1
    # -re paces the file in real time; -c copy relays the CBR frames untouched.
    # No ID3 tag: only the first listener would ever see it.
    ffmpeg -nostdin -hide_banner -loglevel error -re -stream_loop -1 -i "$mp3" \
        -c copy -id3v2_version 0 -write_xing 0 -content_type audio/mpeg -f mp3 \
        "icecast://source:$PEERS_SOURCE_PASSWORD@127.0.0.1:$port/stream" \
        </dev/null >"$dir/ffmpeg.log" 2>&1 &
    ICECAST_SOURCE_PID=$!
    _peers_wait_audio "http://127.0.0.1:$port/stream" "$ICECAST_SOURCE_PID" "$dir/ffmpeg.log" "$dir/icecast.log"
}

# start_icecast_server WORKDIR PORT: Icecast on 127.0.0.1:PORT with no source yet (its source
# password is PEERS_SOURCE_PASSWORD). Sets ICECAST_PID; call it again after a kill to restart.
start_icecast_server() {
    local dir=$1 port=$2 user group log=$1/icecast.log
    # Icecast refuses to run as root; Debian's package creates icecast2:icecast.
    user=$(getent passwd icecast2 | cut -d: -f1) || true
    [[ -n $user ]] || { echo "peers: no icecast2 user (is icecast2 installed?)" >&2; return 1; }
    group=$(id -gn "$user")
    mkdir -p "$dir"
    # Logs go to stderr ("-"), which we open as root: after dropping root, icecast
    # could not reach a file under a 0700 mktemp dir. Limits: queue-size and
    # burst-size are Icecast's compiled defaults (500*1024 and 64*1024 bytes;
    # Debian's sample icecast.xml spells them 524288 and 65535).
    cat >"$dir/icecast.xml" <<EOF
<icecast>
  <location>bench</location><admin>bench@localhost</admin><hostname>127.0.0.1</hostname>
  <limits><clients>$PEERS_ICECAST_CLIENTS</clients><sources>2</sources>
    <queue-size>512000</queue-size><burst-on-connect>1</burst-on-connect><burst-size>65536</burst-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout></limits>
  <authentication><source-password>$PEERS_SOURCE_PASSWORD</source-password>
    <admin-user>admin</admin-user><admin-password>$PEERS_SOURCE_PASSWORD</admin-password></authentication>
  <listen-socket><port>$port</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths><basedir>$dir</basedir><logdir>$dir</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
  <logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot><changeowner><user>$user</user><group>$group</group></changeowner></security>
</icecast>
EOF
    # Every listener is an fd: lift the child's soft limit to the hard one.
    (ulimit -n "$(ulimit -Hn)" 2>/dev/null || true; exec icecast2 -c "$dir/icecast.xml") \
        </dev/null >"$log" 2>&1 &
    ICECAST_PID=$!
    local deadline=$((SECONDS + PEERS_START_TIMEOUT)) code=000
    while [[ $code == 000 ]]; do
        peer_alive "$ICECAST_PID" || { _peers_fail "icecast2 exited" "$log"; return 1; }
        ((SECONDS < deadline)) || { _peers_fail "icecast2 not answering on :$port" "$log"; return 1; }
        sleep 0.2
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/" || true)
    done
    # Icecast 2.4 hard-codes a listen() backlog of 5: ramp connects up (e.g. one
    # per 2 ms) or many of them wait for a SYN retry (1 s, 3 s...).
}

# start_liquidsoap WORKDIR PORT COUNT: COUNT independent tone sessions on harbor
# mounts /s0 .. /s<COUNT-1> at 127.0.0.1:PORT. Sets LIQUIDSOAP_PID.
start_liquidsoap() {
    local dir=$1 port=$2 count=$3 m
    mkdir -p "$dir"
    # - allow_root: otherwise Liquidsoap exits at startup when run as root.
    # - All sources share one "main" clock (one streaming thread) by default;
    #   clock() gives each session its own clock and thread, so a late session
    #   cannot stall the others.
    # - harbor.max_connections is the listen() backlog (default 2): raise it, or
    #   bursts of concurrent listeners get SYN-dropped and retried after 1 s.
    # - Harbor matches mounts as unanchored regexes in hash order (/s12 may be
    #   served by "/s1"), so each mount is anchored; a ?query is still allowed.
    # Known 2.1.3 bugs, not worked around: no initial burst reaches listeners,
    # and it may segfault when a few hundred listeners disconnect together.
    cat >"$dir/sessions.liq" <<EOF
settings.init.allow_root.set(true)
settings.log.stdout.set(false)
settings.log.file.set(true)
settings.log.file.path.set("$dir/liquidsoap.log")
settings.harbor.bind_addrs.set(["127.0.0.1"])
settings.harbor.max_connections.set(4096)
for i = 0 to $((count - 1)) do
  f = 220. + float_of_int(i)
  s = if i mod 2 == 0 then sine(f) else saw(f) end
  s = clock(sync="cpu", id="s#{i}", s)
  output.harbor(%mp3(bitrate=128, samplerate=44100, stereo=true),
                id="s#{i}", port=$port, mount="/s#{i}(\\\\?.*)?\$", s)
end
EOF
    liquidsoap "$dir/sessions.liq" </dev/null >"$dir/liquidsoap.stdout" 2>&1 &
    LIQUIDSOAP_PID=$!
    for m in 0 $((count - 1)); do
        _peers_wait_audio "http://127.0.0.1:$port/s$m" "$LIQUIDSOAP_PID" \
            "$dir/liquidsoap.stdout" "$dir/liquidsoap.log" || return 1
    done
}

# stop_peer PID: TERM, KILL after 5 s, then reap; quiet, and never fails.
stop_peer() {
    local pid=${1:-} i
    [[ -n $pid ]] && kill "$pid" 2>/dev/null || return 0
    for i in {1..50}; do
        peer_alive "$pid" || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# start_nginx WORKDIR PORT ORIGIN_PORT: Debian's nginx on 127.0.0.1:PORT with the project's
# deploy/nginx/synthcast.conf in front of the origin, only its marked lines changed (as the
# tests do). Sets NGINX_PID (the master, in the foreground) and NGINX_WORKER_PID.
start_nginx() {
    local dir=$1 port=$2 origin=$3 conf deadline=$((SECONDS + PEERS_START_TIMEOUT))
    conf="$(dirname "${BASH_SOURCE[0]}")/../../deploy/nginx/synthcast.conf"
    command -v nginx >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >&2
    mkdir -p "$dir"
    sed -e "s|proxy_cache_path /var/cache/nginx/synthcast |proxy_cache_path $dir/cache |" \
        -e "s|server 127.0.0.1:8000;|server 127.0.0.1:$origin;|" \
        -e "s|listen 8080;|listen 127.0.0.1:$port;|" "$conf" >"$dir/synthcast.conf"
    _nginx_main_conf "$dir" "include $dir/synthcast.conf;"
    nginx -p "$dir" -c "$dir/nginx.conf" 2>>"$dir/error.log" &
    NGINX_PID=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
        peer_alive "$NGINX_PID" || { _peers_fail "nginx died" "$dir/error.log"; return 1; }
        ((SECONDS < deadline)) || { _peers_fail "nginx did not answer on $port" "$dir/error.log"; return 1; }
        sleep 0.1
    done
    NGINX_WORKER_PID=$(pgrep -P "$NGINX_PID" | head -1)
}

# start_nginx_files WORKDIR PORT ROOT: Debian's nginx on 127.0.0.1:PORT serving the files in
# ROOT at /files/ (sendfile, ETag, ranges: its defaults for static files). Sets NGINX_PID.
start_nginx_files() {
    local dir=$1 port=$2 root=$3 deadline=$((SECONDS + PEERS_START_TIMEOUT))
    command -v nginx >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >&2
    mkdir -p "$dir"
    _nginx_main_conf "$dir" "sendfile on; types { audio/mpeg mp3; audio/wav wav; }
    server { listen 127.0.0.1:$port; location /files/ { alias $root/; } }"
    nginx -p "$dir" -c "$dir/nginx.conf" 2>>"$dir/error.log" &
    NGINX_PID=$!
    until curl -s -o /dev/null "http://127.0.0.1:$port/files/"; do
        peer_alive "$NGINX_PID" || { _peers_fail "nginx died" "$dir/error.log"; return 1; }
        ((SECONDS < deadline)) || { _peers_fail "nginx did not answer on $port" "$dir/error.log"; return 1; }
        sleep 0.1
    done
}

# _nginx_main_conf WORKDIR HTTP_BODY: nginx.conf for a foreground nginx of its own in WORKDIR
# (pid, logs and temp folders there), with HTTP_BODY inside its http block.
_nginx_main_conf() {
    local dir=$1 body=$2 user=""
    # As root, the workers would run as nobody, who cannot write this folder.
    [[ $(id -u) == 0 ]] && user="user root;"
    cat >"$dir/nginx.conf" <<CONF
$user
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
worker_rlimit_nofile 16384;
http {
    access_log off;
    client_body_temp_path $dir/client_body; proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
    $body
}
CONF
}
