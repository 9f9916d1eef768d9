#!/usr/bin/env bash
# Benchmark of issue 15: `kensa bcp write` for a facility with 10,000 台帳 rows and 30 systems,
# each format, whole process (taking the record from the database, building the document,
# rendering; for docx also loading the system's fonts and rasterising the two diagrams).
# Target: ≤ 1 s per format. Release build; prints the numbers for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin kensa --example bench_bcp
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KENSA_DB="$work/bench.db" KENSA_TODAY=2027-12-01 KENSA_CHECKLISTS="$work/none"
kensa=target/release/kensa
echo "machine: $(nproc) cores, $(uname -sr)"
target/release/examples/bench_bcp "$KENSA_DB"
for format in md html docx; do
  best=
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$kensa" bcp write --format "$format" --out "$work/bcp.$format" > /dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf 'kensa bcp write --format %s, 10,000 rows, 30 systems (best of 3): %.3f s (%s bytes)\n' \
    "$format" "$best" "$(stat -c %s "$work/bcp.$format")"
done
