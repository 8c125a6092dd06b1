#!/usr/bin/env bash
# bench/swarm.sh: one download from three seeders over capped, delayed links: Cairn's multi-peer
# fetch next to curl (one nginx) and aria2c (three nginx mirrors).
#
# Topology (all in private network namespaces named csw<pid>-*, gone when the script ends):
#   downloader ns "dl": address 10.77.0.1/32 on lo; one veth per seeder, "sN" (10.77.N.1/24),
#     with the route to 10.77.N.0/24 using source 10.77.0.1, so every connection it opens comes
#     from 10.77.0.1 and every seeder reaches it there.
#   seeder ns "sN" (N = 1..3): veth "dl" with 10.77.N.2/24 and a route to 10.77.0.1 via 10.77.N.1;
#     tc tbf (--rate, default 100 Mbit/s) on that veth's egress, so seeder -> downloader is capped;
#     the downloader -> seeder direction (requests, ACKs) is not.
#   Latency: bench/DelayRelay.java runs in each seeder's ns and holds every byte RTT/2 (--rtt,
#     default 40 ms) in each direction of every connection the downloader opens to that seeder,
#     then writes it to the veth, so the tbf still applies. The relay timestamps each chunk and
#     releases it after the delay (many chunks in flight, 4 MiB per direction per connection).
#     It accepts at once, so it also holds a new connection's first request back by one RTT,
#     the handshake's cost over a real delayed path.
#     Servers (nginx on :8080, Cairn on :9090) are addressed from the downloader as
#     10.77.N.2:8080 / 10.77.N.2:9090 in both relay modes:
#       --relay nat (default when nft is installed): the servers listen on 10.77.N.2 itself;
#         an nftables dnat rule in the seeder's ns sends TCP arriving on the veth for :8080/:9090
#         to the relay (:18080/:19090), which connects to the server. A seeder's own address
#         (what its node advertises) therefore also goes through the relay.
#       --relay plain (no nft): the servers listen on 127.0.0.1 in the seeder's ns and the relay
#         listens on 10.77.N.2:8080/:9090; a seeder's node then advertises 127.0.0.1:9090, which
#         the downloader cannot use: only the --peers addresses work.
#     Either way a server sees the relay (10.77.N.2 or 127.0.0.1) as the client's address, not
#     10.77.0.1. Connections a seeder opens to the downloader (dial-back to 10.77.0.1:9090) are
#     not delayed; only the tbf caps what a seeder sends.
#
# What it measures (wall time of one download of a --size MiB file of incompressible bytes,
# checked by sha256; MiB/s = size / time; with --runs N, the median of the N runs):
#   swarm_curl_<size>   curl -o FILE http://10.77.1.2:8080/data.bin (one nginx, one link)
#   swarm_aria2_<size>  aria2c -s15 -x5 -k1M with the three nginx as mirrors: 15 connections, at
#                       most 5 per mirror, so each mirror carries a third whatever aria2c's URI
#                       selector does; -k1M lets a small file split as much (the default 20 MiB
#                       would give 128 MiB only 6 parts); --file-allocation=none (no zero-fill
#                       before the first byte). -s16 -x16, -s6 -x2 and -s30 -x10 measured the same
#                       within noise (30-31 MiB/s at 128 MiB); BENCH_ARIA2_OPTS changes them.
#   swarm_cairn_<size>  each seeder ns runs `cairn start --host <10.77.N.2|127.0.0.1> --port 9090`
#                       and has the file added (`cairn add` through its API, untimed); per run, a
#                       fresh downloader node `cairn start --host 10.77.0.1 --port 9090 --peers
#                       10.77.1.2:9090,10.77.2.2:9090,10.77.3.2:9090`, then, once its GET /peers
#                       lists 3 distinct peer_id (--peer-timeout) and its start-up has settled
#                       (under a tenth of a core for half a second, at most 10 s: a user's node
#                       is usually up long before a get), the timed
#                       `cairn --data-dir DL get <cid> -o FILE` (the CLI asks the running node).
#   capacity            seeders x rate (3 x 100 Mbit/s = 35.76 MiB/s; curl's reference is one link)
#   cairn_get_again     after a good swarm_cairn run, the same get once more on the same node
#                       (from its own store if it kept the blocks; the seeders' bytes say whether):
#                       the most the CLI and the node's local path give, beside the swarm figure
#   rtt_check           curl's time from request sent to first byte of a 1-byte file through relay 1
#                       (the best of 3 requests on one connection)
# Also per contender and seeder: MiB each seeder sent (tbf counters), tbf drops, and TCP segments
# the seeder retransmitted.
# A failed Cairn leg (no node, peers not found, get failed or timed out, wrong bytes) is reported
# with its reason (and the end of the downloader's log on stderr); the other figures still print.
#
# Output: one line per figure, `name value unit (reference value, ratio)` with
# ratio = value / reference, then one line per goal with PASS, FAIL or SKIP:
#   Cairn >= 1.0x aria2c; Cairn >= 2.5x curl; Cairn >= 0.9x capacity.
# Exit status: 0 whether goals pass or not (this is a measurement, not a test); 1 if a leg failed
# or a download came back wrong; 2 on bad usage, or when network namespaces cannot be created
# (needs root and a kernel with network namespaces, veth and tbf).
#
# Run:   bench/swarm.sh [--size MIB] [--runs N] [--rtt MS] [--rate MBIT] [--only curl,aria2,cairn]
#                       [--relay nat|plain] [--timeout S] [--peer-timeout S] [--dir PARENT] [--keep]
#                       [--trace]
# Env:   BENCH_SIZE (MiB, default 512; a K/M/G suffix is taken as KiB/MiB/GiB), BENCH_RUNS (1),
#        BENCH_RTT (40), BENCH_RATE (100), BENCH_ONLY (curl,aria2,cairn), BENCH_RELAY (nat if nft
#        is installed, else plain), BENCH_TIMEOUT (per download; default 60 s + 3x the time one
#        link takes), BENCH_PEER_TIMEOUT (60), BENCH_DIR (/tmp), CAIRN (./cairn),
#        CAIRN_JAVA_OPTS (extra JVM flags for the nodes), BENCH_READ_LIMIT (the nodes'
#        api.read_rate_limit_per_minute, default 0 = unlimited; "default" keeps theirs),
#        BENCH_ARIA2_OPTS (aria2c's split options, default "-s15 -x5 -k1M --file-allocation=none").
# --keep leaves the work dir (logs, data dirs, the downloader's too, and times.log with each
# get's start and end) in place. --trace samples the downloader's three links every 10 ms
# (bench/LinkTrace.java) during each timed download, keeps the samples as trace-<leg>.txt in
# the work dir, and prints per link, in seconds from the download's start: first byte, when it
# had 5% and 95% of its bytes, and last byte, then the download's end (where time went: start
# up, ramp, an early or late link at the end). Needs root, ip, tc, nginx, aria2c, curl
# (bash /work/shared/tools/install_tools.sh), nft for --relay nat (apt-get install nftables), a
# JDK 25 (as ./cairn finds it) for the relay, and about 6x the size free in the work dir's file
# system with the Cairn leg. Takes about 3 minutes at 512 MiB.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${BENCH_SIZE:-512}"
runs="${BENCH_RUNS:-1}"
rtt="${BENCH_RTT:-40}"
rate="${BENCH_RATE:-100}"
only="${BENCH_ONLY:-curl,aria2,cairn}"
relay_mode="${BENCH_RELAY:-}"
leg_timeout="${BENCH_TIMEOUT:-}"
peer_timeout="${BENCH_PEER_TIMEOUT:-60}"
parent="${BENCH_DIR:-/tmp}"
cairn="${CAIRN:-$repo/cairn}"
read_limit="${BENCH_READ_LIMIT:-0}"
aria2_opts="${BENCH_ARIA2_OPTS:--s15 -x5 -k1M --file-allocation=none}"
keep=0
trace=0

usage() { sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="${2:?--size needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --rtt) rtt="${2:?--rtt needs a value}"; shift 2 ;;
    --rate) rate="${2:?--rate needs a value}"; shift 2 ;;
    --only) only="${2:?--only needs a value}"; shift 2 ;;
    --relay) relay_mode="${2:?--relay needs a value}"; shift 2 ;;
    --timeout) leg_timeout="${2:?--timeout needs a value}"; shift 2 ;;
    --peer-timeout) peer_timeout="${2:?--peer-timeout needs a value}"; shift 2 ;;
    --dir) parent="${2:?--dir needs a value}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --trace) trace=1; shift ;;
    -h|--help) usage ;;
    *) echo "swarm.sh: unknown argument $1" >&2; usage ;;
  esac
done

die() { echo "swarm.sh: $*" >&2; exit 1; }
bad() { echo "swarm.sh: $*" >&2; exit 2; }

case "$size" in
  *[kK]) size=$(( ${size%?} << 10 )) ;;
  *[mM]) size=$(( ${size%?} << 20 )) ;;
  *[gG]) size=$(( ${size%?} << 30 )) ;;
  *) [[ "$size" =~ ^[0-9]+$ ]] && size=$(( size << 20 )) ;;
esac
[[ "$size" =~ ^[0-9]+$ ]] && [ "$size" -gt 0 ] || bad "bad size $size"
[[ "$runs" =~ ^[0-9]+$ ]] && [ "$runs" -gt 0 ] || bad "bad run count $runs"
[[ "$rtt" =~ ^[0-9]+(\.[0-9]+)?$ ]] || bad "bad rtt $rtt (milliseconds)"
[[ "$rate" =~ ^[0-9]+$ ]] && [ "$rate" -gt 0 ] || bad "bad rate $rate (Mbit/s)"
[[ "$peer_timeout" =~ ^[0-9]+$ ]] || bad "bad peer timeout $peer_timeout"
[ -z "$leg_timeout" ] || [[ "$leg_timeout" =~ ^[0-9]+$ ]] || bad "bad timeout $leg_timeout"
do_curl=0; do_aria2=0; do_cairn=0
IFS=, read -r -a legs <<< "$only"
for leg in "${legs[@]}"; do
  case "$leg" in
    curl) do_curl=1 ;; aria2|aria2c) do_aria2=1 ;; cairn) do_cairn=1 ;;
    *) bad "unknown leg '$leg' in --only (curl, aria2, cairn)" ;;
  esac
done
(( do_curl + do_aria2 + do_cairn > 0 )) || bad "--only names no leg"
if [ -z "$relay_mode" ]; then
  if command -v nft > /dev/null; then relay_mode=nat; else
    relay_mode=plain
    echo "swarm.sh: no nft; relays in plain mode (seeders advertise 127.0.0.1; apt-get install nftables for nat mode)" >&2
  fi
fi
case "$relay_mode" in nat|plain) ;; *) bad "--relay is nat or plain" ;; esac
if (( size % (1 << 30) == 0 )); then label="$(( size >> 30 ))GiB"
elif (( size % (1 << 20) == 0 )); then label="$(( size >> 20 ))MiB"
else label="${size}B"; fi
seeders=(1 2 3)
link_bps=$(( rate * 1000000 / 8 ))                       # bytes per second per link
[ -n "$leg_timeout" ] || leg_timeout=$(( 60 + 3 * size / link_bps ))
half_rtt="$(awk -v r="$rtt" 'BEGIN { printf "%g", r / 2 }')"

# --- preconditions ------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || bad "needs root to create network namespaces (run it as root); nothing measured"
for tool in ip tc curl openssl sha256sum timeout; do command -v "$tool" > /dev/null || die "$tool is needed"; done
(( do_curl + do_aria2 > 0 )) && { command -v nginx > /dev/null || die "nginx is needed (bash /work/shared/tools/install_tools.sh)"; }
(( do_aria2 )) && { command -v aria2c > /dev/null || die "aria2c is needed (bash /work/shared/tools/install_tools.sh)"; }
[ "$relay_mode" = nat ] && { command -v nft > /dev/null || die "--relay nat needs nft (apt-get install nftables)"; }

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
# find_jdk: the JDK 25+ that ./cairn uses (its cache), else the first one as ./cairn looks for it.
find_jdk() {
  local candidate v
  candidate="$(cat "$repo/target/.jdk-home" 2> /dev/null || true)"
  [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && { echo "$candidate"; return 0; }
  for candidate in "${CAIRN_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    v="$(java_major "$candidate")"
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2> /dev/null; then echo "$candidate"; return 0; fi
  done
  return 1
}
jdk="$(find_jdk)" || die "no JDK 25 or newer found (for bench/DelayRelay.java); set CAIRN_JAVA_HOME"

mkdir -p "$parent" || die "cannot create $parent"
work="$(mktemp -d "$parent/cairn-swarm.XXXXXX")" || die "cannot create a work dir under $parent"
chmod 755 "$work"
# shellcheck source=bench/lib-http.sh
. "$repo/bench/lib-http.sh"
created_ns=()
cleanup() {
  local ns left pid
  stop_started
  # Anything still in our namespaces (say a child of a program we stopped) was started here too.
  for ns in "${created_ns[@]}"; do
    left="$(ip netns pids "$ns" 2> /dev/null)"
    [ -n "$left" ] || continue
    echo "swarm.sh: stopping leftover processes in $ns:" $left >&2
    for pid in $left; do stop_pid "$pid"; done
  done
  for ns in "${created_ns[@]}"; do ip netns del "$ns" 2> /dev/null; done
  if [ "$keep" -eq 1 ]; then echo "swarm.sh: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ns_dl="csw$$-dl"
ns_of() { echo "csw$$-s$1"; }
nsx() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }
# spawn NS LOG COMMAND...: runs COMMAND in NS in the background, output to LOG; sets spawned_pid
# and records it for the cleanup. A simple command run with & is exec'd by the forked shell and
# `ip netns exec` execs COMMAND, so the PID is COMMAND's own (a function run with & would leave
# a subshell in between, and stopping that would orphan COMMAND).
spawn() {
  local ns="$1" log="$2"
  shift 2
  : > "$log"
  ip netns exec "$ns" "$@" > "$log" 2>&1 &
  spawned_pid=$!
  started_pids+=("$spawned_pid")
}
# timed NS LOG COMMAND...: runs COMMAND in NS under `timeout` ($leg_timeout s), output to LOG,
# and waits for it; returns its status (124 on timeout). It runs in the background and is
# waited for so that Ctrl-C or SIGTERM stops the script (and, through the cleanup, COMMAND) at
# once; bash would run the trap only after a foreground command ends.
timed() {
  local ns="$1" log="$2"
  shift 2
  local rc
  spawn "$ns" "$log" timeout -k 10 "$leg_timeout" "$@"
  wait "$spawned_pid"
  rc=$?
  forget_pid "$spawned_pid"
  return "$rc"
}
# forget_pid PID: PID has ended (and been waited for): off the cleanup's list, so that a new
# process that gets the same PID later is never signalled.
forget_pid() {
  local p keep_pids=()
  for p in "${started_pids[@]}"; do [ "$p" = "$1" ] || keep_pids+=("$p"); done
  started_pids=("${keep_pids[@]}")
}
# stop_node PID: stop one process we spawned, and forget it.
stop_node() { stop_pid "$1"; forget_pid "$1"; }
seeder_ip() { echo "10.77.$1.2"; }
dl_ip=10.77.0.1
nginx_port=8080
cairn_port=9090
relay_offset=10000                                         # nat mode: relay of :P listens on :P+10000
if [ "$relay_mode" = nat ]; then server_host() { seeder_ip "$1"; }; else server_host() { echo 127.0.0.1; }; fi

# --- network ------------------------------------------------------------------------------
make_ns() {
  local err
  err="$(ip netns add "$1" 2>&1)" || {
    echo "swarm.sh: cannot create network namespace $1: $err" >&2
    echo "swarm.sh: this benchmark needs network namespaces (root, CONFIG_NET_NS); nothing measured" >&2
    exit 2
  }
  created_ns+=("$1")
  ip -n "$1" link set lo up || die "cannot bring up lo in $1"
}
setup_net() {
  local n ns sip
  make_ns "$ns_dl"
  ip -n "$ns_dl" addr add "$dl_ip/32" dev lo || die "cannot add $dl_ip to $ns_dl"
  for n in "${seeders[@]}"; do
    ns="$(ns_of "$n")"; sip="$(seeder_ip "$n")"
    make_ns "$ns"
    ip link add "s$n" netns "$ns_dl" type veth peer name dl netns "$ns" \
      || { echo "swarm.sh: cannot create a veth pair (no veth support?)" >&2; exit 2; }
    ip -n "$ns_dl" addr add "10.77.$n.1/24" dev "s$n" && ip -n "$ns_dl" link set "s$n" up \
      && ip -n "$ns_dl" route replace "10.77.$n.0/24" dev "s$n" proto kernel scope link src "$dl_ip" \
      && ip -n "$ns" addr add "$sip/24" dev dl && ip -n "$ns" link set dl up \
      && ip -n "$ns" route add "$dl_ip/32" via "10.77.$n.1" dev dl \
      || die "cannot set up the link to seeder $n"
    # 100 Mbit/s out of the seeder: a 64 KiB bucket (one GSO packet), up to 20 ms of queue.
    tc -n "$ns" qdisc add dev dl root tbf rate "${rate}mbit" burst 64kb latency 20ms \
      || { echo "swarm.sh: cannot add a tbf qdisc (sch_tbf missing?)" >&2; exit 2; }
    if [ "$relay_mode" = nat ]; then
      nsx "$ns" nft -f - << EOF || die "nft rules in $ns failed"
table ip swarm {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "dl" tcp dport $nginx_port dnat to $sip:$(( nginx_port + relay_offset ))
    iifname "dl" tcp dport $cairn_port dnat to $sip:$(( cairn_port + relay_offset ))
  }
}
EOF
    fi
  done
  if command -v ping > /dev/null; then
    for n in "${seeders[@]}"; do
      nsx "$ns_dl" ping -c1 -W2 "$(seeder_ip "$n")" > /dev/null 2>&1 || die "$ns_dl cannot reach seeder $n"
      nsx "$(ns_of "$n")" ping -c1 -W2 "$dl_ip" > /dev/null 2>&1 || die "seeder $n cannot reach $dl_ip"
    done
  fi
}

# tbf_sent N: bytes and drops the tbf on seeder N's veth has counted so far, and the TCP
# segments seeder N's namespace has retransmitted ("BYTES DROPS RETRANS"): a drop costs the link
# its retransmission, so a contender whose flows overrun the tbf's queue sends more for the same file.
tbf_sent() {
  local ns; ns="$(ns_of "$1")"
  echo "$(tc -n "$ns" -s qdisc show dev dl | awk '/Sent/ { b = $2; d = $7; sub(/,/, "", d) } END { print b + 0, d + 0 }')" \
    "$(nsx "$ns" awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RetransSegs") c = i; h = 1 } else print $c + 0 }' /proc/net/snmp)"
}
snapshot() { local n; for n in "${seeders[@]}"; do tbf_sent "$n"; done; }
# shares BEFORE AFTER: "s1 X MiB (D drops, R retransmitted) s2 ..." from two snapshots
shares() {
  paste -d' ' <(echo "$1") <(echo "$2") \
    | awk '{ printf "%ss%d %.1f MiB (%d drops, %d retransmitted)", (NR > 1 ? ", " : ""), NR, ($4 - $1) / 1048576, $5 - $2, $6 - $3 } END { print "" }'
}

# trace_start NAME / trace_stop: with --trace, LinkTrace samples the downloader's links
# into trace-NAME.txt from before the timed download starts until after it ends; trace_stop
# prints the summary (trace_summary) on stderr.
trace_pid=""; trace_name=""
trace_start() {
  (( trace )) || return 0
  local n devs=() i
  for n in "${seeders[@]}"; do devs+=("s$n"); done
  trace_name="$1"
  spawn "$ns_dl" "$work/trace-$1.log" "$jdk/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$relay_dir" \
    LinkTrace 10 "$work/trace-$1.txt" "${devs[@]}"
  trace_pid="$spawned_pid"
  for i in $(seq 100); do grep -q ready "$work/trace-$1.log" 2> /dev/null && return 0; sleep 0.05; done
  echo "swarm.sh: the link tracer did not start" >&2
}
trace_stop() {
  [ -n "$trace_pid" ] || return 0
  stop_node "$trace_pid"
  trace_pid=""
  [ $# -eq 2 ] || return 0
  trace_summary "$work/trace-$trace_name.txt" "$trace_name" "$1" "$2"
}
# trace_summary FILE NAME T0 T1: per link, seconds from T0 to its first byte, to 5% and 95% of
# its bytes and to its last byte (within 64 KiB of its total: later ACKs and gossip do not
# count); and T1 - T0.
trace_summary() {
  awk -v t0="$3" -v t1="$4" -v name="$2" '
    { t = $1 / 1000 - t0; for (i = 2; i <= NF; i++) { at[NR, i] = t; v[NR, i] = $i; last[i] = $i } n = NR; k = NF }
    END {
      for (i = 2; i <= k; i++) {
        if (last[i] < 65536) { printf "swarm.sh: trace %s s%d: no bytes\n", name, i - 1; continue }
        f = ""; p5 = ""; p95 = ""; e = ""
        for (r = 1; r <= n; r++) {
          if (f == "" && v[r, i] > 0) f = at[r, i]
          if (p5 == "" && v[r, i] >= 0.05 * last[i]) p5 = at[r, i]
          if (p95 == "" && v[r, i] >= 0.95 * last[i]) p95 = at[r, i]
          if (e == "" && v[r, i] >= last[i] - 65536) e = at[r, i]
        }
        printf "swarm.sh: trace %s s%d: first byte %.3f s, 5%% %.3f s, 95%% %.3f s, last byte %.3f s (%.1f MiB)\n", name, i - 1, f, p5, p95, e, last[i] / 1048576
      }
      printf "swarm.sh: trace %s: download ended %.3f s after it started\n", name, t1 - t0
    }' "$1" >&2
}

# --- processes in namespaces (each PID is the program's own: ip netns exec execs it) --------
relay_dir="$work/relay-classes"
start_relay() {
  local n="$1" ns sip maps=() port i
  ns="$(ns_of "$n")"; sip="$(seeder_ip "$n")"
  for port in $nginx_port $cairn_port; do
    if [ "$relay_mode" = nat ]; then maps+=("$sip:$(( port + relay_offset ))=$sip:$port")
    else maps+=("$sip:$port=127.0.0.1:$port"); fi
  done
  spawn "$ns" "$work/relay-s$n.log" "$jdk/bin/java" -XX:+UseSerialGC -Xmx1g -cp "$relay_dir" DelayRelay \
    --delay-ms "$half_rtt" "${maps[@]}"
  for (( i = 0; i < 300; i++ )); do
    [ "$(grep -c '^listening' "$work/relay-s$n.log")" -eq "${#maps[@]}" ] && return 0
    kill -0 "$spawned_pid" 2> /dev/null || break
    sleep 0.1
  done
  cat "$work/relay-s$n.log" >&2
  die "the relay in $ns did not come up"
}

# ns_wait_http NS URL SECONDS
ns_wait_http() {
  local i
  for (( i = 0; i < $3 * 10; i++ )); do
    nsx "$1" curl -s -o /dev/null --max-time 1 "$2" && return 0
    sleep 0.1
  done
  return 1
}

start_nginx_ns() {
  local n="$1" ns prefix
  ns="$(ns_of "$n")"; prefix="$work/nginx-s$n"
  mkdir -p "$prefix/logs" "$prefix/tmp"
  cat > "$prefix/nginx.conf" << EOF
user $(id -un) $(id -gn);
daemon off;
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
  default_type application/octet-stream;
  access_log $prefix/logs/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server_tokens off;
  client_body_temp_path $prefix/tmp/body;
  proxy_temp_path $prefix/tmp/proxy;
  fastcgi_temp_path $prefix/tmp/fastcgi;
  uwsgi_temp_path $prefix/tmp/uwsgi;
  scgi_temp_path $prefix/tmp/scgi;
  server {
    listen $(server_host "$n"):$nginx_port;
    root $www;
  }
}
EOF
  spawn "$ns" "$prefix/logs/stdout.log" nginx -e "$prefix/logs/error.log" -c "$prefix/nginx.conf" -p "$prefix"
  ns_wait_http "$ns" "http://$(server_host "$n"):$nginx_port/" 20 \
    || { cat "$prefix/logs/error.log" >&2; die "nginx in $ns did not come up"; }
}

# start_cairn_ns NS DATADIR HOST [PEERS]: a node on HOST:9090 in NS; sets node_pid. Fails
# (returns 1, with the reason in $cairn_fail) rather than dying: the Cairn leg may fail alone.
start_cairn_ns() {
  local ns="$1" dir="$2" host="$3" peers="${4:-}" i args=(start --host "$3" --port "$cairn_port")
  [ -n "$peers" ] && args+=(--peers "$peers")
  mkdir -p "$dir"
  if [ "$read_limit" = default ]; then
    spawn "$ns" "$dir.log" "$cairn" --data-dir "$dir" "${args[@]}"
  else
    spawn "$ns" "$dir.log" env CAIRN_API_READ_RATE_LIMIT_PER_MINUTE="$read_limit" "$cairn" --data-dir "$dir" "${args[@]}"
  fi
  node_pid=$spawned_pid
  for (( i = 0; i < 600; i++ )); do
    [ -s "$dir/node.json" ] && ns_wait_http "$ns" "http://$host:$cairn_port/ping" 1 && return 0
    kill -0 "$node_pid" 2> /dev/null \
      || { forget_pid "$node_pid"; tail -n 20 "$dir.log" >&2; cairn_fail="the node in $ns exited at start"; return 1; }
    sleep 0.1
  done
  cairn_fail="the node in $ns did not answer /ping within 60 s"
  return 1
}

# peer_count NS URL: distinct peer_id values in GET URL/peers (0 if it does not answer).
peer_count() {
  local body
  body="$(nsx "$1" curl -s --max-time 2 "$2/peers")" || { echo 0; return; }
  if command -v jq > /dev/null; then
    jq -r 'if type == "array" then [.[] | .peer_id? // empty] | unique | length else 0 end' <<< "$body" 2> /dev/null || echo 0
  else
    grep -o '"peer_id" *: *"[^"]*"' <<< "$body" | sort -u | wc -l
  fi
}

# --- timing -------------------------------------------------------------------------------
fmt() { awk -v x="$1" 'BEGIN { printf (x < 0.1 ? "%.3f" : "%.2f"), x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# figure NAME VALUE UNIT REFNAME REFVALUE: one output line, ratio = value / reference
figure() { echo "$1 $(fmt "$2") $3 ($4 $(fmt "$5") $3, ratio $(ratio "$2" "$5"))"; }
mibps() { awk -v s="$size" -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", s / 1048576 / (b - a) }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# check_output FILE WHAT: the file is complete and has the source's sha256 (then it is removed);
# WHAT goes on the list of outputs checked, or of those that were wrong.
checked_ok=(); checked_bad=()
check_output() {
  local got sha
  got="$(stat -c %s "$1" 2> /dev/null || echo 0)"
  if [ "$got" -ne "$size" ]; then
    echo "swarm.sh: $2 wrote $got of $size bytes" >&2
    rm -f "$1"; checked_bad+=("$2"); return 1
  fi
  sha="$(sha256sum "$1" | awk '{ print $1 }')"
  rm -f "$1"
  if [ "$sha" != "$file_sha" ]; then
    echo "swarm.sh: MISMATCH: $2 wrote bytes with sha256 $sha, the file has $file_sha" >&2
    checked_bad+=("$2"); return 1
  fi
  [[ " ${checked_ok[*]} " == *" $2 "* ]] || checked_ok+=("$2")
}

# --- setup --------------------------------------------------------------------------------
setup_net
echo "swarm.sh: 3 seeders at ${rate} Mbit/s each, rtt ${rtt} ms, relay mode $relay_mode, work dir $work" >&2

"$jdk/bin/javac" -d "$relay_dir" "$repo/bench/DelayRelay.java" "$repo/bench/LinkTrace.java" \
  || die "cannot compile bench/DelayRelay.java and bench/LinkTrace.java"
for n in "${seeders[@]}"; do start_relay "$n"; done

cairn_fail=""
if (( do_cairn )); then
  "$cairn" --version > /dev/null || cairn_fail="$cairn --version failed (build broken?)"
fi

www="$work/www"
file="$www/data.bin"
out="$work/out"
mkdir -p "$www" "$out"
echo "swarm.sh: generating $label of pseudo-random bytes" >&2
head -c "$size" /dev/zero \
  | openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000000 \
  > "$file" || die "could not generate $file"
[ "$(stat -c %s "$file")" -eq "$size" ] || die "generated file has the wrong size"
printf x > "$www/rtt.txt"
chmod -R a+rX "$www"
file_sha="$(sha256sum "$file" | awk '{ print $1 }')"

if (( do_curl + do_aria2 )); then
  for n in "${seeders[@]}"; do start_nginx_ns "$n"; done
fi

cid=""
if (( do_cairn )) && [ -z "$cairn_fail" ]; then
  for n in "${seeders[@]}"; do
    start_cairn_ns "$(ns_of "$n")" "$work/seed$n" "$(server_host "$n")" || break
    echo "swarm.sh: adding the file to seeder $n" >&2
    timed "$(ns_of "$n")" "$work/add$n.log" env -u CAIRN_JAVA_OPTS "$cairn" --data-dir "$work/seed$n" add "$file" \
      || { cat "$work/add$n.log" >&2; cairn_fail="cairn add on seeder $n failed"; break; }
    add_out="$(cat "$work/add$n.log")"
    read -r _ added_cid added_sha _ <<< "$(grep '^added ' <<< "$add_out")"
    [ "${added_sha:-}" = "$file_sha" ] || { cairn_fail="cairn add on seeder $n reported sha256 '${added_sha:-}', not $file_sha"; break; }
    [ -z "$cid" ] || [ "$cid" = "$added_cid" ] || { cairn_fail="seeders disagree on the CID ($cid, $added_cid)"; break; }
    cid="$added_cid"
  done
fi
sync

# rtt_check: request sent to first byte through relay 1 (nginx if up, else Cairn's /ping)
rtt_url=""
(( do_curl + do_aria2 )) && rtt_url="http://$(seeder_ip 1):$nginx_port/rtt.txt"
[ -z "$rtt_url" ] && [ -n "$cid" ] && rtt_url="http://$(seeder_ip 1):$cairn_port/ping"
rtt_ms=""
if [ -n "$rtt_url" ]; then
  rtt_ms="$(nsx "$ns_dl" curl -s -o /dev/null -w '%{time_connect} %{time_starttransfer}\n' "$rtt_url" "$rtt_url" "$rtt_url" \
    | awk '{ v = ($2 - $1) * 1000; if (NR == 1 || v < m) m = v } END { if (NR) printf "%.1f", m }')"
fi

# --- measurements -------------------------------------------------------------------------
echo "swarm.sh: $runs run(s) per contender, median reported; timeout $leg_timeout s per download" \
  "(load average before: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null); other work on the machine skews the figures)" >&2
broken=0
curl_runs=(); aria2_runs=(); cairn_runs=()
curl_share=""; aria2_share=""; cairn_share=""
curl_fail=""; aria2_fail=""
again_runs=(); again_fail=""; again_from=""

run_curl() {
  local t0 t1 s0
  s0="$(snapshot)"
  trace_start curl
  t0="$EPOCHREALTIME"
  timed "$ns_dl" "$work/curl.log" curl -sS --fail -o "$out/curl.bin" "http://$(seeder_ip 1):$nginx_port/data.bin" \
    || { trace_stop; cat "$work/curl.log" >&2; curl_fail="curl failed or timed out after $leg_timeout s"; return 1; }
  t1="$EPOCHREALTIME"
  trace_stop "$t0" "$t1"
  curl_share="$(shares "$s0" "$(snapshot)")"
  check_output "$out/curl.bin" curl || { curl_fail="curl's output is wrong"; return 1; }
  curl_runs+=("$(mibps "$t0" "$t1")")
}

run_aria2() {
  local t0 t1 s0 n urls=()
  for n in "${seeders[@]}"; do urls+=("http://$(seeder_ip "$n"):$nginx_port/data.bin"); done
  s0="$(snapshot)"
  trace_start aria2
  t0="$EPOCHREALTIME"
  # shellcheck disable=SC2086 # $aria2_opts is a list of options
  timed "$ns_dl" "$work/aria2.log" aria2c -q $aria2_opts --allow-overwrite=true \
    --auto-file-renaming=false -d "$out" -o aria2.bin "${urls[@]}" \
    || { trace_stop; cat "$work/aria2.log" >&2; aria2_fail="aria2c failed or timed out after $leg_timeout s"; return 1; }
  t1="$EPOCHREALTIME"
  trace_stop "$t0" "$t1"
  aria2_share="$(shares "$s0" "$(snapshot)")"
  check_output "$out/aria2.bin" aria2c || { aria2_fail="aria2c's output is wrong"; return 1; }
  aria2_runs+=("$(mibps "$t0" "$t1")")
}

# cairn_get R DIR OUT: the timed `cairn get` in the downloader ns; sets t0, t1, rc.
cairn_get() {
  trace_start "cairn$1"
  t0="$EPOCHREALTIME"
  timed "$ns_dl" "$work/get$1.log" env -u CAIRN_JAVA_OPTS "$cairn" --data-dir "$2" get "$cid" -o "$3"
  rc=$?
  t1="$EPOCHREALTIME"
  trace_stop "$t0" "$t1"
  echo "get $1: started $t0, ended $t1 (epoch seconds), exit $rc" >> "$work/times.log"
}

# settle PID: waits (at most 10 s) until process PID has used under a tenth of a core for half a
# second. A downloader node is started for each run, and its start-up (class loading, then the JIT
# compiling what the AOT cache's profiles name as hot) kept the CPU busy for 1-1.5 s (per-process
# CPU samples); a get issued as soon as the node listed its peers shared the two cores with that,
# which a get on a node that has been up a while does not. Logs how long it waited.
settle() {
  local pid="$1" a b i hz
  hz="$(getconf CLK_TCK)"
  cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2> /dev/null; }
  for (( i = 1; i <= 20; i++ )); do
    a="$(cpu_ticks "$pid")"; sleep 0.5; b="$(cpu_ticks "$pid")"
    [ -n "$a" ] && [ -n "$b" ] || return 0
    if (( (b - a) * 20 < hz )); then
      echo "swarm.sh: the downloader settled after $(( i / 2 )).$(( i % 2 * 5 )) s" >&2
      return 0
    fi
  done
  echo "swarm.sh: the downloader was still busy after 10 s; timing the get anyway" >&2
}

run_cairn() {
  local r="$1" dir="$work/dl$1" url="http://$dl_ip:$cairn_port" peers="" n got=0 deadline t0 t1 s0 s1 rc
  for n in "${seeders[@]}"; do peers+="${peers:+,}$(seeder_ip "$n"):$cairn_port"; done
  start_cairn_ns "$ns_dl" "$dir" "$dl_ip" "$peers" || return 1
  deadline=$(( SECONDS + peer_timeout ))
  while :; do
    got="$(peer_count "$ns_dl" "$url")"
    [ "$got" -ge "${#seeders[@]}" ] || [ "$SECONDS" -ge "$deadline" ] && break
    sleep 0.2
  done
  if [ "$got" -lt "${#seeders[@]}" ]; then
    cairn_fail="the downloader's GET /peers listed $got of ${#seeders[@]} peers after $peer_timeout s"
    stop_node "$node_pid"; return 1
  fi
  settle "$node_pid"
  s0="$(snapshot)"
  cairn_get "$r" "$dir" "$out/cairn.bin"
  s1="$(snapshot)"
  cairn_share="$(shares "$s0" "$s1")"
  if [ "$rc" -ne 0 ]; then
    stop_node "$node_pid"
    cat "$work/get$r.log" >&2
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then cairn_fail="cairn get timed out after $leg_timeout s"
    else cairn_fail="cairn get exited $rc: $(tail -n 1 "$work/get$r.log")"; fi
    return 1
  fi
  cairn_runs+=("$(mibps "$t0" "$t1")")
  check_output "$out/cairn.bin" cairn || { stop_node "$node_pid"; cairn_fail="cairn get's output is wrong"; return 1; }
  # The same get again (untimed for the goals): from the node's own store if it kept the blocks,
  # the most the CLI and the node's local path can give.
  cairn_get "$r-again" "$dir" "$out/cairn-again.bin"
  again_from="$(shares "$s1" "$(snapshot)" | awk '{ for (i = 2; i <= NF; i += 7) m += $i } END { printf "%.1f", m }')"
  stop_node "$node_pid"
  if [ "$rc" -eq 0 ] && check_output "$out/cairn-again.bin" "cairn (again)"; then
    again_runs+=("$(mibps "$t0" "$t1")")
  else
    again_fail="the second cairn get failed (exit $rc)"
  fi
  [ "$keep" -eq 1 ] || rm -rf "$dir"
}

for (( r = 1; r <= runs; r++ )); do
  if (( do_curl )) && [ -z "$curl_fail" ]; then
    echo "swarm.sh: run $r: curl" >&2; run_curl || broken=1
  fi
  if (( do_aria2 )) && [ -z "$aria2_fail" ]; then
    echo "swarm.sh: run $r: aria2c" >&2; run_aria2 || broken=1
  fi
  if (( do_cairn )) && [ -z "$cairn_fail" ]; then
    echo "swarm.sh: run $r: cairn" >&2
    if ! run_cairn "$r"; then
      broken=1
      [ -s "$work/dl$r.log" ] && { echo "swarm.sh: end of the downloader's log:" >&2; tail -n 30 "$work/dl$r.log" >&2; }
    fi
  fi
done
(( do_cairn )) && [ -n "$cairn_fail" ] && broken=1

# --- report -------------------------------------------------------------------------------
capacity="$(awk -v b="$link_bps" -v n="${#seeders[@]}" 'BEGIN { printf "%.3f", n * b / 1048576 }')"
link_cap="$(awk -v b="$link_bps" 'BEGIN { printf "%.3f", b / 1048576 }')"
s_curl=""; s_aria2=""; s_cairn=""
[ "${#curl_runs[@]}" -gt 0 ] && [ -z "$curl_fail" ] && s_curl="$(median "${curl_runs[@]}")"
[ "${#aria2_runs[@]}" -gt 0 ] && [ -z "$aria2_fail" ] && s_aria2="$(median "${aria2_runs[@]}")"
[ "${#cairn_runs[@]}" -gt 0 ] && [ -z "$cairn_fail" ] && s_cairn="$(median "${cairn_runs[@]}")"

echo "capacity $(fmt "$capacity") MiB/s (${#seeders[@]} seeders x $rate Mbit/s; one link $(fmt "$link_cap") MiB/s)"
[ -n "$rtt_ms" ] && figure rtt_check "$rtt_ms" ms rtt "$rtt"
# leg NAME DO SPEED FAIL RUNS SHARE: the figure line, or why there is none
leg() {
  local name="$1" enabled="$2" speed="$3" fail="$4" runs_list="$5" share="$6" ref=capacity refv="$capacity"
  [ "$enabled" -eq 1 ] || { echo "swarm_${name}_$label skipped (--only)"; return; }
  [ "$name" = curl ] && { ref=one_link; refv="$link_cap"; }
  if [ -n "$speed" ]; then
    figure "swarm_${name}_$label" "$speed" MiB/s "$ref" "$refv"
    [ "$runs" -gt 1 ] && echo "  runs: $runs_list MiB/s"
    [ -n "$share" ] && echo "  sent by (last run): $share"
  else
    echo "swarm_${name}_$label FAILED: ${fail:-no result}"
  fi
}
leg curl "$do_curl" "$s_curl" "$curl_fail" "${curl_runs[*]:-}" "$curl_share"
leg aria2 "$do_aria2" "$s_aria2" "$aria2_fail" "${aria2_runs[*]:-}" "$aria2_share"
leg cairn "$do_cairn" "$s_cairn" "$cairn_fail" "${cairn_runs[*]:-}" "$cairn_share"
if [ -n "$s_cairn" ]; then
  if [ -n "$again_fail" ]; then echo "cairn_get_again_$label FAILED: $again_fail"
  elif [ "${#again_runs[@]}" -gt 0 ]; then
    figure "cairn_get_again_$label" "$(median "${again_runs[@]}")" MiB/s "swarm_cairn_$label" "$s_cairn"
    echo "  (the same get once more on the same node; the seeders sent $again_from MiB for it, so it measures" \
      "$(awk -v m="$again_from" -v s="$size" 'BEGIN { print (m * 1048576 < s / 100 ? "the local path: CLI + node store" : "another fetch, not the local path") }'))"
  fi
fi
[ -n "$s_cairn" ] && [ -n "$s_aria2" ] && figure "swarm_cairn_$label" "$s_cairn" MiB/s "swarm_aria2_$label" "$s_aria2"
[ -n "$s_cairn" ] && [ -n "$s_curl" ] && figure "swarm_cairn_$label" "$s_cairn" MiB/s "swarm_curl_$label" "$s_curl"
if [ "${#checked_bad[@]}" -gt 0 ]; then verdict="WRONG from ${checked_bad[*]}"
elif [ "${#checked_ok[@]}" -gt 0 ]; then verdict="OK"
else verdict="nothing downloaded"; fi
matched="$(IFS=,; echo "${checked_ok[*]}")"
echo "check sha256 $file_sha of the downloads: $verdict${matched:+ (matched: ${matched//,/, })}"

# goal NAME VALUE REFERENCE LIMIT WHY-SKIPPED: PASS when VALUE / REFERENCE >= LIMIT
goal() {
  local verdict r
  if [ -z "$2" ] || [ -z "$3" ]; then echo "goal $1: SKIP ($5)"; return; fi
  r="$(ratio "$2" "$3")"
  verdict="$(awk -v v="$2" -v b="$3" -v l="$4" 'BEGIN { print (v / b >= l ? "PASS" : "FAIL") }')"
  echo "goal $1: ratio $r >= $4 $verdict"
}
why() {
  if [ "$do_cairn" -eq 0 ]; then echo "no cairn leg"
  elif [ -z "$s_cairn" ]; then echo "cairn leg failed: ${cairn_fail:-no result}"
  else echo "no $1 leg"; fi
}
if [ "$do_cairn" -eq 1 ] && [ -z "$s_cairn" ]; then
  # A failed leg fails its goals.
  for g in cairn_at_least_1.0x_aria2:1.0 cairn_at_least_2.5x_curl:2.5 cairn_at_least_0.9x_capacity:0.9; do
    echo "goal ${g%%:*}: FAIL ($(why))"
  done
else
  goal cairn_at_least_1.0x_aria2 "$s_cairn" "$s_aria2" 1.0 "$(why aria2)"
  goal cairn_at_least_2.5x_curl "$s_cairn" "$s_curl" 2.5 "$(why curl)"
  goal cairn_at_least_0.9x_capacity "$s_cairn" "$capacity" 0.9 "$(why capacity)"
fi

exit "$broken"
