#!/usr/bin/env bash
# Benchmark of issue 11 (the facility record), release build: Store::record() on 5 years of
# answers and a 10,000-row 台帳, the size of its JSON, and `kensa status` / `kensa record` as
# whole processes on the same database.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin kensa --example bench_record
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KENSA_DB="$work/bench.db" KENSA_TODAY=2025-12-01 KENSA_CHECKLISTS="$work/none"
echo "machine: $(nproc) cores, $(uname -sr)"
target/release/examples/bench_record "$KENSA_DB"
for cmd in "status" "record --out $work/record.json"; do
  best=
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    target/release/kensa $cmd > /dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf 'kensa %s (best of 3, whole process): %.3f s\n' "${cmd%% *}" "$best"
done
