#!/usr/bin/env bash
# bench/ping.sh: per-request overhead of a Cairn node's HTTP server next to nginx, and how a
# node copes with many listeners seeking in one track at once.
#
# What it measures (a fresh Cairn node and a private nginx, both on 127.0.0.1):
#   ping_rps / ping_p99  wrk -t2 -c64 -d10s --latency on Cairn's GET /ping (15-byte JSON body),
#                        beside nginx serving a static 15-byte file with the same body; best of
#                        N runs by requests/s (p99 from that run), after an untimed warm-up run
#                        on each. A run with any non-2xx answer or socket error is broken.
#   range_200            COUNT (200) concurrent GETs on one ~50 MB track, each for a different
#                        random byte range (seeded, 1 byte..1 MiB), each on its own connection,
#                        all released at once (bench/RangeClient.java); every answer must be a
#                        206 with the exact Content-Range and exactly the file's bytes. Latency is
#                        connect to last byte; p50/p99/max (nearest rank). One untimed warm-up
#                        round (other seed) first. The same rounds against nginx, for reference.
# Note: the node's read rate limit (api.read_rate_limit_per_minute, 1200 a minute per client by
# default) would answer most of wrk's requests with 429; it is off (0) here unless
# BENCH_READ_LIMIT says otherwise. The node keeps its other defaults (access log file on).
#
# Output: one line per figure, `name value unit (reference value, ratio)` with
# ratio = value / reference, the line `range_200 p99 X ms (all_correct yes|no)`, then one
# line per goal with PASS or FAIL: Cairn's /ping requests/s at least 0.5x nginx's.
# Exit status: 0 whether the goal passes or not; 1 if a command failed, wrk saw errors or any
# range answer from Cairn was wrong; 2 on bad usage.
#
# Run:   bench/ping.sh [--duration SECS] [--runs N] [--connections N] [--threads N]
#                      [--range-size BYTES] [--range-count N] [--range-max BYTES] [--seed N]
#                      [--dir PARENT]
# Env:   BENCH_DURATION (10), BENCH_RUNS (1), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
#        BENCH_RANGE_SIZE (52428800 = 50 MiB; K/M/G suffixes), BENCH_RANGE_COUNT (200),
#        BENCH_RANGE_MAX (1048576), BENCH_SEED (42), BENCH_DIR (/tmp), CAIRN (./cairn),
#        CAIRN_JAVA_OPTS (extra JVM flags for the node), BENCH_READ_LIMIT (0; "default" keeps
#        the node's own setting).
# Needs wrk, nginx, curl (bash /work/shared/tools/install_tools.sh) and the JDK ./cairn uses.
# Takes about a minute with the defaults.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${BENCH_DURATION:-10}"
runs="${BENCH_RUNS:-1}"
conns="${BENCH_CONNECTIONS:-64}"
threads="${BENCH_THREADS:-2}"
range_size="${BENCH_RANGE_SIZE:-50M}"
range_count="${BENCH_RANGE_COUNT:-200}"
range_max="${BENCH_RANGE_MAX:-1048576}"
seed="${BENCH_SEED:-42}"
parent="${BENCH_DIR:-/tmp}"
cairn="${CAIRN:-$repo/cairn}"
read_limit="${BENCH_READ_LIMIT:-0}"

usage() { sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="${2:?--duration needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --connections) conns="${2:?--connections needs a value}"; shift 2 ;;
    --threads) threads="${2:?--threads needs a value}"; shift 2 ;;
    --range-size) range_size="${2:?--range-size needs a value}"; shift 2 ;;
    --range-count) range_count="${2:?--range-count needs a value}"; shift 2 ;;
    --range-max) range_max="${2:?--range-max needs a value}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a value}"; shift 2 ;;
    --dir) parent="${2:?--dir needs a value}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "ping.sh: unknown argument $1" >&2; usage ;;
  esac
done

die() { echo "ping.sh: $*" >&2; exit 1; }

case "$range_size" in
  *[kK]) range_size=$(( ${range_size%?} << 10 )) ;;
  *[mM]) range_size=$(( ${range_size%?} << 20 )) ;;
  *[gG]) range_size=$(( ${range_size%?} << 30 )) ;;
esac
for v in duration runs conns threads range_size range_count range_max seed; do
  [[ "${!v}" =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || { echo "ping.sh: bad $v ${!v}" >&2; exit 2; }
done

for tool in curl openssl nginx wrk ss; do command -v "$tool" > /dev/null || die "$tool is needed"; done
mkdir -p "$parent" || die "cannot create $parent"
work="$(mktemp -d "$parent/cairn-ping.XXXXXX")" || die "cannot create a work dir under $parent"
chmod 755 "$work"
# shellcheck source=bench/lib-http.sh
. "$repo/bench/lib-http.sh"
cleanup() { stop_started; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$read_limit" = default ] || export CAIRN_API_READ_RATE_LIMIT_PER_MINUTE="$read_limit"

www="$work/www"
track="$www/track.bin"
data="$work/node"

fmt() { awk -v x="$1" 'BEGIN { printf (x < 0.1 ? "%.3f" : "%.2f"), x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# figure NAME VALUE UNIT REFNAME REFVALUE: one output line, ratio = value / reference
figure() { echo "$1 $(fmt "$2") $3 ($4 $(fmt "$5") $3, ratio $(ratio "$2" "$5"))"; }

# wrk_ms TEXT: wrk's latency with unit (850.00us, 1.20ms, 2.00s) in ms
wrk_ms() {
  awk -v x="$1" 'BEGIN { v = x + 0; if (x ~ /us$/) v /= 1000; else if (x ~ /ms$/) v += 0;
    else if (x ~ /m$/) v *= 60000; else if (x ~ /s$/) v *= 1000; printf "%.3f", v }'
}
# wrk_once URL OUT: one wrk run; fails (with wrk's output on stderr) on non-2xx answers or socket errors.
wrk_once() {
  wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "$1" > "$2" 2>&1 || { cat "$2" >&2; return 1; }
  if grep -qE 'Non-2xx|Socket errors' "$2"; then
    echo "ping.sh: wrk on $1 saw errors:" >&2; cat "$2" >&2; return 1
  fi
  grep -q '^Requests/sec:' "$2" || { cat "$2" >&2; return 1; }
}
# best_wrk URL: a warm-up run, then N runs; sets rps and p99 (ms) of the run with the most requests/s.
best_wrk() {
  local url="$1" i r p out="$work/wrk.out"
  wrk_once "$url" "$out" || die "wrk warm-up on $url failed"
  rps=""; p99=""
  for (( i = 0; i < runs; i++ )); do
    wrk_once "$url" "$out" || die "wrk on $url failed (run $((i + 1)) of $runs)"
    r="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    p="$(wrk_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
    if [ -z "$rps" ] || awk -v a="$r" -v b="$rps" 'BEGIN { exit !(a > b) }'; then rps="$r"; p99="$p"; fi
  done
}
# range_round URL SEED OUT: one round of the range client; its exit status is the client's.
range_round() {
  "$jdk/bin/java" "$repo/bench/RangeClient.java" "$1" "$track" "$range_count" "$2" "$range_max" > "$3"
}
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" "$2"; }

# --- setup --------------------------------------------------------------------------------
"$cairn" --version > /dev/null || die "$cairn --version failed (build broken?)"
jdk="$(cat "$repo/target/.jdk-home" 2> /dev/null || true)"
[ -n "$jdk" ] && [ -x "$jdk/bin/java" ] || die "no JDK recorded in $repo/target/.jdk-home"

mkdir -p "$www"
printf '{"status":"ok"}' > "$www/ping.json"   # 15 bytes, the same body as Cairn's /ping
[ "$(stat -c %s "$www/ping.json")" -eq 15 ] || die "ping.json is not 15 bytes"
head -c "$range_size" /dev/zero \
  | openssl enc -aes-128-ctr -nosalt -K 0f0e0d0c0b0a09080706050403020100 -iv 00000000000000000000000000000000 \
  > "$track" || die "could not generate $track"
chmod 644 "$www/ping.json" "$track"

start_cairn "$data"
[ "$(curl -s "$cairn_url/ping")" = '{"status":"ok"}' ] || die "cairn /ping does not answer {\"status\":\"ok\"}"
cairn_add "$data" "$track"
[ "$added_sha" = "$(sha256sum "$track" | awk '{ print $1 }')" ] || die "cairn add reported a wrong sha256"
start_nginx "$www"
[ "$(curl -s "$nginx_url/ping.json")" = '{"status":"ok"}' ] || die "nginx does not serve ping.json"

# --- measurements -------------------------------------------------------------------------
echo "ping.sh: cairn $cairn_url (pid $cairn_pid), nginx $nginx_url (pid $nginx_pid);" \
  "wrk -t$threads -c$conns -d${duration}s, best of $runs (load average before: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null);" \
  "other work on the machine skews the figures)" >&2
best_wrk "$cairn_url/ping"; rps_cairn="$rps"; p99_cairn="$p99"
best_wrk "$nginx_url/ping.json"; rps_nginx="$rps"; p99_nginx="$p99"

broken=0
cairn_range="$cairn_url/content/$added_sha"
range_round "$cairn_range" $(( seed + 1000 )) "$work/range-warm.out" \
  || { echo "ping.sh: the warm-up range round on cairn had wrong answers" >&2; broken=1; }
range_round "$cairn_range" "$seed" "$work/range-cairn.out"; rc=$?
[ -s "$work/range-cairn.out" ] || die "the range client failed (exit $rc)"
[ "$rc" -eq 0 ] || broken=1
range_round "$nginx_url/track.bin" $(( seed + 1000 )) "$work/range-nginx-warm.out" > /dev/null 2>&1
range_round "$nginx_url/track.bin" "$seed" "$work/range-nginx.out" \
  || echo "ping.sh: nginx gave wrong range answers too (see above)" >&2

# --- report -------------------------------------------------------------------------------
n="$range_count"
figure ping_rps_cairn "$rps_cairn" req/s ping_rps_nginx "$rps_nginx"
figure ping_rps_nginx "$rps_nginx" req/s ping_rps_cairn "$rps_cairn"
figure ping_p99_cairn "$p99_cairn" ms ping_p99_nginx "$p99_nginx"
rfig() {  # rfig NAME FIELD: Cairn's figure from the range client next to nginx's
  figure "range_${n}_$1" "$(field "$2" "$work/range-cairn.out")" ms "range_${n}_$1_nginx" "$(field "$2" "$work/range-nginx.out")"
}
echo "range_$n p99 $(fmt "$(field p99_ms "$work/range-cairn.out")") ms (all_correct $([ "$broken" -eq 0 ] && echo yes || echo no))"
rfig p50 p50_ms
rfig p99 p99_ms
rfig max max_ms
rfig ttfb_p99 ttfb_p99_ms
rfig wall wall_ms

goal() {
  local verdict
  verdict="$(awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { ok = (op == "<=" ? v <= l : v >= l); print (ok ? "PASS" : "FAIL") }')"
  echo "goal $1: ratio $(ratio "$2" 1) $3 $4 $verdict"
}
goal "ping_rps_at_least_0.5x_nginx" "$(ratio "$rps_cairn" "$rps_nginx")" ">=" 0.5

exit "$broken"
