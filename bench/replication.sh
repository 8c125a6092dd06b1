#!/usr/bin/env bash
# bench/replication.sh: the replication figures on five Cairn cluster nodes (separate processes
# of ./cairn on 127.0.0.1, one cluster secret, discovery every 2 s), plus a source node outside
# the cluster that holds the content, so every copy the cluster makes crosses the network.
#
# What it measures (bench/replication.py does the work):
#   pin_to_3_holders_<size>MiB  a --size MiB file of incompressible bytes is added on the source;
#                       `POST /api/v1/pins/CID?level=important` on cluster node 1; the time until
#                       three nodes report the pin "pinned" (assigned and held whole). Reference:
#                       three cluster nodes `cairn get` the same file at once (the same bytes moved,
#                       no replication logic), ratio = pin time / that.
#   holders_after_settling  how many nodes hold it two seconds later (want 3).
#   repair_after_kill   a holder is killed with SIGKILL; the time until three
#                       live nodes hold it again. Reference: repair_delay + one `cairn get`.
#   repair_beyond_delay the same minus replication.repair_delay (--repair-delay, default 10 s):
#                       detection, placement and the fetch. Reference: one `cairn get`.
#   exchange_bytes_per_node_per_min_<pins>_pins  with --pins small files added on the source and
#                       pinned (replicas 2) through the four
#                       live nodes, once all are placed: each node's cairn_cluster_exchange_*
#                       counters (HTTP bytes of status and pinset requests and answers, both
#                       directions, as client and server) over --window seconds, per minute,
#                       averaged over the nodes. Reference: a protocol that sends the whole
#                       pinset (the size of GET /api/v1/pins) to every member every round.
#                       Discovery traffic (POST /discover) is not counted.
#
# Run:   bench/replication.sh [--size MiB] [--pins N] [--repair-delay SECS] [--interval DURATION] [--window SECS]
# Env:   BENCH_SIZE_MIB (256), BENCH_PINS (1000), BENCH_REPAIR_DELAY (10), BENCH_INTERVAL (10s, the
#        default replication.interval), BENCH_WINDOW (60), BENCH_DIR (/tmp), BENCH_KEEP=1 keeps
#        the nodes' directories, CAIRN (./cairn).
# Needs python3 and the JDK ./cairn uses. Takes about 4 minutes with the defaults.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
while [ $# -gt 0 ]; do
  case "$1" in
    --size) export BENCH_SIZE_MIB="$2"; shift 2 ;;
    --pins) export BENCH_PINS="$2"; shift 2 ;;
    --repair-delay) export BENCH_REPAIR_DELAY="$2"; shift 2 ;;
    --interval) export BENCH_INTERVAL="$2"; shift 2 ;;
    --window) export BENCH_WINDOW="$2"; shift 2 ;;
    *) echo "usage: $0 [--size MiB] [--pins N] [--repair-delay SECS] [--interval DURATION] [--window SECS]" >&2; exit 2 ;;
  esac
done
"$here/../cairn" --version >/dev/null # builds the jar first if needed, outside the timings
exec python3 "$here/replication.py"
