#!/usr/bin/env bash
# verify-manifests.sh: check every manifest (*.json) in a folder against a folder of public
# keys (*.pub) with `cairn manifest verify`, as a CI job does on a pull request (seed 003).
#
#   docs/examples/verify-manifests.sh [--base REF] [MANIFEST_DIR [KEY_DIR]]
#
# MANIFEST_DIR defaults to manifests, KEY_DIR to public-keys. With --base REF (a git revision,
# such as origin/main), each manifest added or changed since REF must also not go back to an
# older sequence of its name than the manifests at REF reach (OLDER_SEQUENCE, SEQUENCE_REUSED);
# manifests unchanged since REF, older versions kept beside newer ones, are only verified.
# The cairn command is $CAIRN if set, else cairn on the PATH. Verification needs no data
# directory; this script uses temporary ones, so no sequence seen elsewhere interferes.
# Exit status: 0 every manifest verified, 1 at least one rejected, 2 usage or setup problem.
set -euo pipefail

base=""
if [ "${1:-}" = "--base" ]; then
  [ $# -ge 2 ] || { echo "verify-manifests: --base needs a git revision" >&2; exit 2; }
  base="$2"
  shift 2
fi
manifests="${1:-manifests}"
keys="${2:-public-keys}"
cairn="${CAIRN:-cairn}"

command -v "$cairn" >/dev/null 2>&1 || { echo "verify-manifests: no '$cairn' command (set CAIRN to the cairn launcher)" >&2; exit 2; }
[ -d "$manifests" ] || { echo "verify-manifests: no manifest directory $manifests" >&2; exit 2; }
[ -d "$keys" ] || { echo "verify-manifests: no key directory $keys" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
data="$tmp/data"

if [ -n "$base" ]; then
  git rev-parse --verify --quiet "$base^{commit}" >/dev/null || { echo "verify-manifests: $base is not a git revision here" >&2; exit 2; }
  # A repository, so that the sequences the base revision's manifests reach are remembered.
  "$cairn" --data-dir "$data" init >/dev/null
  while IFS= read -r path; do
    case "$path" in *.json) ;; *) continue ;; esac
    git show "$base:$path" > "$tmp/base.json"
    # Only what verifies counts; a broken or expired manifest at the base raises no floor.
    "$cairn" --data-dir "$data" manifest verify "$tmp/base.json" --trusted-keys "$keys" >/dev/null 2>&1 || true
  done < <(git ls-tree -r --name-only --full-name "$base" -- "$manifests")
fi

shopt -s nullglob
files=("$manifests"/*.json)
if [ ${#files[@]} -eq 0 ]; then
  echo "verify-manifests: no *.json in $manifests" >&2
  exit 2
fi

# Unchanged since --base (or no --base): checked in a data directory that does not exist, which
# remembers no sequence. Added or changed: checked in a copy of the base's repository, each on
# its own, so two new manifests of one name do not depend on the order they are listed in.
unchanged() { [ -z "$base" ] || { git cat-file -e "$base:./$1" 2>/dev/null && git diff --quiet "$base" -- "$1"; }; }

failed=0
for f in "${files[@]}"; do
  dir="$tmp/none"
  if ! unchanged "$f"; then
    rm -rf "$tmp/check" && cp -a "$data" "$tmp/check"
    dir="$tmp/check"
  fi
  if out="$("$cairn" --data-dir "$dir" manifest verify "$f" --trusted-keys "$keys" 2>&1)"; then
    echo "ok    $f: $out"
  else
    echo "FAIL  $f: ${out#cairn: "$f": }"
    failed=$((failed + 1))
  fi
done
echo "$(( ${#files[@]} - failed )) of ${#files[@]} manifests verified"
[ "$failed" -eq 0 ] || exit 1
