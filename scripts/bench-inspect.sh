#!/usr/bin/env bash
# Benchmark of issue 13 (the inspector's desk), release build: 1,000 bundles as `kensa bundle`
# writes them (one sheet fully answered, 200 台帳 rows, 20 contacts, no evidence), then
#   - sha256sum over the same files (the floor: reading and hashing every byte once),
#   - kensa aggregate over them (xlsx, html and json), with its peak memory,
#   - kensa inspect of one of them.
# Targets: aggregate <= 5 s, <= 300 MB, <= 3x sha256sum in the same run; inspect <= 100 ms.
# Usage: scripts/bench-inspect.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
cargo build --release --quiet --bin kensa --example bench_inspect
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KENSA_INSPECTOR_DIR="$work/inspector" KENSA_TODAY=2025-10-01 KENSA_CHECKLISTS="$work/none" \
  KENSA_DB="$work/no-hospital.db"
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
target/release/examples/bench_inspect "$work/bundles" "$work/inspector" "$count"
echo "bundles: $(find "$work/bundles" -type f | wc -l) files, $(du -sb "$work/bundles" | cut -f1) bytes"

best() { sort -n | sed -n 1p; }
# Warm the page cache once so every run reads the same way.
cat "$work"/bundles/* > /dev/null

sha=$(for _ in 1 2 3; do
  /usr/bin/time -f '%e' sha256sum "$work"/bundles/* 2>&1 >/dev/null | tail -1
done | best)
printf 'sha256sum over the bundles (best of 3): %.2f s\n' "$sha"

for fmt in xlsx html json; do
  runs=$(for _ in 1 2 3; do
    set +e
    /usr/bin/time -f '%e %M' target/release/kensa aggregate "$work/bundles" --out "$work/roll.$fmt" \
      2>&1 >/dev/null | tail -1
    set -e
  done)
  t=$(echo "$runs" | cut -d' ' -f1 | best)
  mem=$(echo "$runs" | cut -d' ' -f2 | sort -n | tail -1)
  printf 'kensa aggregate --out roll.%s (best of 3): %.2f s, peak %d MB, %.2fx sha256sum, output %d bytes\n' \
    "$fmt" "$t" $((mem / 1024)) "$(echo "$t / $sha" | bc -l)" "$(stat -c %s "$work/roll.$fmt")"
done
set +e
target/release/kensa aggregate "$work/bundles" --out "$work/roll.json" > /dev/null
status=$?
set -e
echo "exit status of the roll-up: $status; facilities rolled up: $(grep -o '"facilities": [0-9][0-9]*' "$work/roll.json" | sed 's/.*: //')"

# sed reads to the end, so sort never meets a closed pipe (pipefail would stop the script).
one=$(find "$work/bundles" -type f | sort | sed -n 1p)
# Whole process, wall clock, in ms (date has the resolution /usr/bin/time lacks).
ms() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
t=$(for _ in 1 2 3 4 5; do ms target/release/kensa inspect "$one" --no-keep; done | best)
printf 'kensa inspect of one bundle (%d bytes, best of 5, whole process): %d ms\n' "$(stat -c %s "$one")" "$t"
t=$(for _ in 1 2 3 4 5; do ms target/release/kensa inspect "$one" --no-keep --out "$work/sheet.xlsx"; done | best)
printf 'kensa inspect --out sheet.xlsx (best of 5): %d ms\n' "$t"
t=$(for _ in 1 2 3 4 5; do ms target/release/kensa inspect "$one" --no-keep --out "$work/sheet.html"; done | best)
printf 'kensa inspect --out sheet.html (best of 5): %d ms\n' "$t"
