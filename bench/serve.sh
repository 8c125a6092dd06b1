#!/usr/bin/env bash
# bench/serve.sh: how fast a Cairn node serves one big file over HTTP on loopback, next to
# nginx serving the same file (sendfile on) from the same page cache.
#
# What it measures (curl -s -o /dev/null, speed_download, best of N, both servers warm: each
# URL is fetched once, untimed, before the timed runs):
#   serve_cairn_<size>  GET /content/<sha256> from a fresh Cairn node on 127.0.0.1, repeated: the
#                       node trusts blocks it hashed within store.reverify_after (10m) while their
#                       files are unchanged, so these reads copy without hashing
#   serve_nginx_<size>  GET /<file> from a private nginx on 127.0.0.1 (own config, pid and logs)
#   first_cairn_<size>  the untimed warm-up read of Cairn, timed after all: every block read from
#                       disk (add writes with O_DIRECT) and hashed; beside nginx's warm-up
#   rehash_cairn_<size> best of N with the node restarted with store.reverify_after=0s: every
#                       block hashed on every read (Cairn before the trust existed)
# The file is incompressible (AES-CTR keystream), added with `cairn add` through the node's API.
#   cpu_cairn_<size>    the Cairn node's CPU time (user + system) per GiB served, over the timed
#                       runs, beside nginx's (master + workers); less skewed by other load than speed
# In passing it checks, once and untimed, that the bytes Cairn serves hash (sha256) to the file's.
#
# Output: one line per figure, `name value unit (reference value, ratio)` with
# ratio = value / reference, then one goal line with PASS or FAIL:
#   Cairn's throughput at least 0.8x nginx's.
# Exit status: 0 whether the goal passes or not (this is a measurement, not a test); 1 if a
# command failed, a download came back short or the served bytes' sha256 differs; 2 on bad usage.
#
# Run:   bench/serve.sh [--size BYTES] [--runs N] [--dir PARENT]
# Env:   BENCH_SIZE (default 1073741824 = 1 GiB; suffixes K/M/G = KiB/MiB/GiB accepted),
#        BENCH_RUNS (default 3), BENCH_DIR (parent of the work dir, default /tmp),
#        CAIRN (the CLI, default ./cairn), CAIRN_JAVA_OPTS (extra JVM flags for the node, e.g. a
#        JFR recording), BENCH_READ_LIMIT (the node's api.read_rate_limit_per_minute, default 0 =
#        unlimited; "default" keeps the node's own setting).
# Needs nginx and curl (bash /work/shared/tools/install_tools.sh) and about 3x the size free in
# the work dir's file system. Takes about a minute at 1 GiB.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${BENCH_SIZE:-1G}"
runs="${BENCH_RUNS:-3}"
parent="${BENCH_DIR:-/tmp}"
cairn="${CAIRN:-$repo/cairn}"
read_limit="${BENCH_READ_LIMIT:-0}"

usage() { sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="${2:?--size needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --dir) parent="${2:?--dir needs a value}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "serve.sh: unknown argument $1" >&2; usage ;;
  esac
done

die() { echo "serve.sh: $*" >&2; exit 1; }

case "$size" in
  *[kK]) size=$(( ${size%?} << 10 )) ;;
  *[mM]) size=$(( ${size%?} << 20 )) ;;
  *[gG]) size=$(( ${size%?} << 30 )) ;;
esac
[[ "$size" =~ ^[0-9]+$ ]] && [ "$size" -gt 0 ] || { echo "serve.sh: bad size $size" >&2; exit 2; }
[[ "$runs" =~ ^[0-9]+$ ]] && [ "$runs" -gt 0 ] || { echo "serve.sh: bad run count $runs" >&2; exit 2; }
if (( size % (1 << 30) == 0 )); then label="$(( size >> 30 ))GiB"
elif (( size % (1 << 20) == 0 )); then label="$(( size >> 20 ))MiB"
else label="${size}B"; fi

for tool in curl openssl nginx ss; do command -v "$tool" > /dev/null || die "$tool is needed"; done
mkdir -p "$parent" || die "cannot create $parent"
work="$(mktemp -d "$parent/cairn-serve.XXXXXX")" || die "cannot create a work dir under $parent"
chmod 755 "$work"
# shellcheck source=bench/lib-http.sh
. "$repo/bench/lib-http.sh"
cleanup() { stop_started; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$read_limit" = default ] || export CAIRN_API_READ_RATE_LIMIT_PER_MINUTE="$read_limit"

www="$work/www"
file="$www/data.bin"
data="$work/node"

# --- timing -------------------------------------------------------------------------------
# fetch URL: one download to /dev/null; sets $speed (bytes/s) and fails unless it was a full 200.
fetch() {
  local out code got
  out="$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{speed_download}' "$1")" || return 1
  read -r code got speed <<< "$out"
  [ "$code" = 200 ] && [ "$got" = "$size" ] || { echo "serve.sh: $1 gave HTTP $code, $got of $size bytes" >&2; return 1; }
}
# best_speed N URL PID...: N downloads after one untimed warm-up; sets $best to the fastest, in
# MiB/s, and $cpu to the server's CPU seconds (processes PID...) per GiB served, over the N runs.
best_speed() {
  local n="$1" url="$2" i c0 c1
  shift 2
  fetch "$url" || die "warm-up download of $url failed"
  first="$(awk -v s="$speed" 'BEGIN { printf "%.3f", s / 1048576 }')"
  best=""
  c0="$(cpu_seconds "$@")"
  for (( i = 0; i < n; i++ )); do
    fetch "$url" || die "download of $url failed (run $((i + 1)) of $n)"
    best="$(awk -v s="$speed" -v m="$best" 'BEGIN { v = s / 1048576; if (m != "" && m > v) v = m; printf "%.3f", v }')"
  done
  c1="$(cpu_seconds "$@")"
  cpu="$(awk -v a="$c0" -v b="$c1" -v n="$n" -v s="$size" 'BEGIN { printf "%.4f", (b - a) / n / (s / 1073741824) }')"
}
fmt() { awk -v x="$1" 'BEGIN { printf (x < 0.1 ? "%.3f" : "%.2f"), x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# figure NAME VALUE UNIT REFNAME REFVALUE: one output line, ratio = value / reference
figure() { echo "$1 $(fmt "$2") $3 ($4 $(fmt "$5") $3, ratio $(ratio "$2" "$5"))"; }

# --- setup --------------------------------------------------------------------------------
"$cairn" --version > /dev/null || die "$cairn --version failed (build broken?)"

echo "serve.sh: generating $label of pseudo-random bytes in $work" >&2
mkdir -p "$www"
head -c "$size" /dev/zero \
  | openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000000 \
  > "$file" || die "could not generate $file"
[ "$(stat -c %s "$file")" -eq "$size" ] || die "generated file has the wrong size"
chmod 644 "$file"
file_sha="$(sha256sum "$file" | awk '{ print $1 }')"

start_cairn "$data"
cairn_add "$data" "$file"
[ "$added_sha" = "$file_sha" ] || die "cairn add reported sha256 $added_sha, sha256sum says $file_sha"
start_nginx "$www"
sync

# --- measurements -------------------------------------------------------------------------
echo "serve.sh: cairn $cairn_url (pid $cairn_pid), nginx $nginx_url (pid $nginx_pid); best of $runs" \
  "(load average before: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null); other work on the machine skews the figures)" >&2
best_speed "$runs" "$cairn_url/content/$file_sha" "$cairn_pid"; s_cairn="$best"; c_cairn="$cpu"; f_cairn="$first"
best_speed "$runs" "$nginx_url/data.bin" $(nginx_pids); s_nginx="$best"; c_nginx="$cpu"; f_nginx="$first"
stop_pid "$cairn_pid"
rm -f "$data/node.json"
CAIRN_STORE_REVERIFY_AFTER=0s start_cairn "$data"
best_speed "$runs" "$cairn_url/content/$file_sha" "$cairn_pid"; s_rehash="$best"; c_rehash="$cpu"

# --- correctness (untimed) ----------------------------------------------------------------
broken=0
served_sha="$(curl -sf "$cairn_url/content/$file_sha" | sha256sum | awk '{ print $1 }')" || die "download for the sha256 check failed"
if [ "$served_sha" != "$file_sha" ]; then
  echo "serve.sh: MISMATCH: cairn served bytes with sha256 $served_sha, the file has $file_sha" >&2; broken=1
fi

# --- report -------------------------------------------------------------------------------
figure "serve_cairn_$label" "$s_cairn" MiB/s "serve_nginx_$label" "$s_nginx"
figure "serve_nginx_$label" "$s_nginx" MiB/s "serve_cairn_$label" "$s_cairn"
figure "cpu_cairn_$label" "$c_cairn" s/GiB "cpu_nginx_$label" "$c_nginx"
figure "first_cairn_$label" "$f_cairn" MiB/s "first_nginx_$label" "$f_nginx"
figure "rehash_cairn_$label" "$s_rehash" MiB/s "serve_nginx_$label" "$s_nginx"
figure "cpu_rehash_cairn_$label" "$c_rehash" s/GiB "cpu_nginx_$label" "$c_nginx"
echo "check sha256 $file_sha served by cairn: $([ "$broken" -eq 0 ] && echo OK || echo MISMATCH)"

# goal NAME VALUE OP LIMIT: PASS when VALUE OP LIMIT holds (OP is <= or >=)
goal() {
  local verdict
  verdict="$(awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { ok = (op == "<=" ? v <= l : v >= l); print (ok ? "PASS" : "FAIL") }')"
  echo "goal $1: ratio $(ratio "$2" 1) $3 $4 $verdict"
}
goal "serve_at_least_0.8x_nginx" "$(ratio "$s_cairn" "$s_nginx")" ">=" 0.8

exit "$broken"
