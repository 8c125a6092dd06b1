#!/usr/bin/env bash
# bench/add.sh: how fast `cairn add` and `cairn cat` are on one big file, next to the limits
# of the machine and next to the JS reference (ipfs-car).
#
# What it measures (wall time, best of N runs each, on a page-cached file of incompressible bytes):
#   sha256_<size>     openssl dgst -sha256 FILE               (hash limit)
#   cp_sync_<size>    cp FILE DEST && sync                    (disk limit: write the bytes durably)
#   add_<size>        ./cairn add FILE into a fresh data dir  (durable when it returns)
#   ipfs_car_<size>   ipfs-car pack --no-wrap FILE -o OUT.car (JS reference; does not fsync)
#   cat_<size>        ./cairn cat CID > /dev/null
#   plain_cat_<size>  cat FILE > /dev/null
#   startup           ./cairn --version (best of 10), next to a bare `java -version`
# Every timed run starts after a `sync`, with whatever it writes removed beforehand, so earlier
# writes don't pollute it. In passing it checks, once and untimed, that cairn's CID equals
# ipfs-car's root and its sha256 equals openssl's, and that `cairn cat` gives back the file.
#
# Output: one line per figure, `name value unit (reference value, ratio)` with
# ratio = value / reference, then one line per goal with PASS or FAIL:
#   add within 1.5x of the slower of (sha256, cp+sync); add at least 3x faster than ipfs-car;
#   cairn cat within 2x of cat.
# Exit status: 0 whether goals pass or not (this is a measurement, not a test); 1 if a command
# failed or the CIDs/hashes disagree; 2 on bad usage.
#
# Run:   bench/add.sh [--size BYTES] [--runs N] [--dir PARENT]
# Env:   BENCH_SIZE (default 1073741824 = 1 GiB; suffixes K/M/G = KiB/MiB/GiB accepted),
#        BENCH_RUNS (default 3), BENCH_DIR (parent of the work dir, default /tmp),
#        CAIRN_JS_DIR (where ipfs-car is installed, default /tmp/cairn-js; if ipfs-car is not
#        there, install it with `bash ../shared/tools/setup_js.sh /tmp/cairn-js` from the repo,
#        or the ipfs-car figure and CID check are skipped), CAIRN (the CLI, default ./cairn).
# Needs about 4x the size free in the work dir's file system. Takes about a minute at 1 GiB.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${BENCH_SIZE:-1G}"
runs="${BENCH_RUNS:-3}"
parent="${BENCH_DIR:-/tmp}"
js_dir="${CAIRN_JS_DIR:-/tmp/cairn-js}"
cairn="${CAIRN:-$repo/cairn}"

usage() { sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="${2:?--size needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --dir) parent="${2:?--dir needs a value}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "add.sh: unknown argument $1" >&2; usage ;;
  esac
done

die() { echo "add.sh: $*" >&2; exit 1; }

case "$size" in
  *[kK]) size=$(( ${size%?} << 10 )) ;;
  *[mM]) size=$(( ${size%?} << 20 )) ;;
  *[gG]) size=$(( ${size%?} << 30 )) ;;
esac
[[ "$size" =~ ^[0-9]+$ ]] && [ "$size" -gt 0 ] || { echo "add.sh: bad size $size" >&2; exit 2; }
[[ "$runs" =~ ^[0-9]+$ ]] && [ "$runs" -gt 0 ] || { echo "add.sh: bad run count $runs" >&2; exit 2; }
if (( size % (1 << 30) == 0 )); then label="$(( size >> 30 ))GiB"
elif (( size % (1 << 20) == 0 )); then label="$(( size >> 20 ))MiB"
else label="${size}B"; fi

command -v openssl >/dev/null || die "openssl is needed"
mkdir -p "$parent" || die "cannot create $parent"
work="$(mktemp -d "$parent/cairn-bench.XXXXXX")" || die "cannot create a work dir under $parent"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

file="$work/data.bin"
dest="$work/copy.bin"
data="$work/repo"
car="$work/out.car"

# --- timing -------------------------------------------------------------------------------
now() { date +%s.%N; }
# best_of N PREP CMD: runs PREP (untimed) then times CMD, N times; sets $best to the fastest.
best_of() {
  local n="$1" prep="$2" cmd="$3" i t0 t1
  best=""
  for (( i = 0; i < n; i++ )); do
    "$prep" || die "$prep failed"
    t0="$(now)"
    "$cmd" || die "$cmd failed (run $((i + 1)) of $n)"
    t1="$(now)"
    best="$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { d = b - a; if (m != "" && m < d) d = m; printf "%.6f", d }')"
  done
}
fmt() { awk -v x="$1" 'BEGIN { printf (x < 0.1 ? "%.3f" : "%.2f"), x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# figure NAME VALUE UNIT REFNAME REFVALUE: one output line, ratio = value / reference
figure() { echo "$1 $(fmt "$2") $3 ($4 $(fmt "$5") $3, ratio $(ratio "$2" "$5"))"; }

nothing() { :; }
just_sync() { sync; }
prep_cp() { rm -f "$dest"; sync; }
prep_add() { rm -rf "$data"; sync; }
prep_car() { rm -f "$car"; sync; }
run_sha() { openssl dgst -sha256 "$file" > "$work/sha.out"; }
run_cp() { cp "$file" "$dest" && sync; }
run_add() { "$cairn" --data-dir "$data" add "$file" > "$work/add.out"; }
run_car() { "$ipfs_car" pack --no-wrap "$file" -o "$car" > "$work/car.out"; }
run_cairn_cat() { "$cairn" --data-dir "$data" cat "$cid" > /dev/null; }
run_plain_cat() { cat "$file" > /dev/null; }
run_version() { "$cairn" --version > /dev/null; }
run_java_version() { "$jdk/bin/java" -XX:+UseSerialGC -Xshare:auto -version 2> /dev/null; }

# --- setup --------------------------------------------------------------------------------
"$cairn" --version > /dev/null || die "$cairn --version failed (build broken?)"
jdk="$(cat "$repo/target/.jdk-home" 2> /dev/null || true)"

ipfs_car="$js_dir/node_modules/.bin/ipfs-car"
if [ ! -x "$ipfs_car" ]; then
  echo "add.sh: no ipfs-car at $ipfs_car; skipping it (install: bash $repo/../shared/tools/setup_js.sh $js_dir)" >&2
  ipfs_car=""
fi

echo "add.sh: generating $label of pseudo-random bytes in $work" >&2
head -c "$size" /dev/zero \
  | openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000000 \
  > "$file" || die "could not generate $file"
[ "$(stat -c %s "$file")" -eq "$size" ] || die "generated file has the wrong size"
cat "$file" > /dev/null
sync

# --- measurements -------------------------------------------------------------------------
echo "add.sh: timing, best of $runs (load average before: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null);" \
  "other work on the machine skews the figures)" >&2
best_of "$runs" just_sync run_sha; t_sha="$best"
file_sha="$(awk '{ print $NF }' "$work/sha.out")"
best_of "$runs" prep_cp run_cp; t_cp="$best"
rm -f "$dest"

best_of "$runs" prep_add run_add; t_add="$best"   # leaves the last data dir for cat
read -r _ cid add_sha _ < "$work/add.out" || die "cairn add printed nothing"
[ -n "$cid" ] || die "cairn add printed no CID"

t_car=""
if [ -n "$ipfs_car" ]; then
  best_of "$runs" prep_car run_car; t_car="$best"
  car_root="$(tr -d '[:space:]' < "$work/car.out")"
  rm -f "$car"
fi

best_of "$runs" just_sync run_cairn_cat; t_ccat="$best"
best_of "$runs" just_sync run_plain_cat; t_pcat="$best"

best_of 10 nothing run_version; t_ver="$best"
t_java=""
[ -n "$jdk" ] && [ -x "$jdk/bin/java" ] && { best_of 10 nothing run_java_version; t_java="$best"; }

# --- correctness (untimed) ----------------------------------------------------------------
broken=0
if [ "$add_sha" != "$file_sha" ]; then
  echo "add.sh: MISMATCH: cairn add reported sha256 $add_sha, openssl says $file_sha" >&2; broken=1
fi
if [ -n "$ipfs_car" ]; then
  if [ "$cid" != "$car_root" ]; then
    echo "add.sh: MISMATCH: cairn add gave $cid, ipfs-car gave $car_root" >&2; broken=1
  fi
fi
cat_sha="$("$cairn" --data-dir "$data" cat "$cid" | openssl dgst -sha256 | awk '{ print $NF }')" \
  || die "cairn cat failed"
if [ "$cat_sha" != "$file_sha" ]; then
  echo "add.sh: MISMATCH: cairn cat output has sha256 $cat_sha, the file $file_sha" >&2; broken=1
fi

# --- report -------------------------------------------------------------------------------
slower="$(awk -v a="$t_sha" -v b="$t_cp" 'BEGIN { print (a > b ? a : b) }')"
figure "sha256_$label" "$t_sha" s slower_limit "$slower"
figure "cp_sync_$label" "$t_cp" s slower_limit "$slower"
figure "add_$label" "$t_add" s slower_limit "$slower"
[ -n "$t_car" ] && figure "ipfs_car_$label" "$t_car" s "add_$label" "$t_add"
figure "cat_$label" "$t_ccat" s "plain_cat_$label" "$t_pcat"
figure "plain_cat_$label" "$t_pcat" s "cat_$label" "$t_ccat"
[ -n "$t_java" ] && figure startup "$t_ver" s java_version "$t_java"
[ -z "$t_java" ] && echo "startup $(fmt "$t_ver") s (java_version n/a, ratio n/a)"
echo "check cid $cid $([ -n "$ipfs_car" ] && echo "ipfs_car ${car_root:-none}" || echo "ipfs_car skipped") sha256 $file_sha: $([ "$broken" -eq 0 ] && echo OK || echo MISMATCH)"

# goal NAME VALUE OP LIMIT: PASS when VALUE OP LIMIT holds (OP is <= or >=)
goal() {
  local verdict
  verdict="$(awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { ok = (op == "<=" ? v <= l : v >= l); print (ok ? "PASS" : "FAIL") }')"
  echo "goal $1: ratio $(ratio "$2" 1) $3 $4 $verdict"
}
goal "add_within_1.5x_of_slower_limit" "$(ratio "$t_add" "$slower")" "<=" 1.5
if [ -n "$t_car" ]; then
  goal "add_3x_faster_than_ipfs_car" "$(ratio "$t_car" "$t_add")" ">=" 3
else
  echo "goal add_3x_faster_than_ipfs_car: SKIP (no ipfs-car)"
fi
goal "cat_within_2x_of_cat" "$(ratio "$t_ccat" "$t_pcat")" "<=" 2

exit "$broken"
