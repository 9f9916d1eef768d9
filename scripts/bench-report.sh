#!/usr/bin/env bash
# Benchmarks of issue 6 (reports and bundles), release build. Prints the numbers that go into
# BENCHMARKS.md: HTML and xlsx with 10,000 ledger rows over 5 years of answers, and `kensa
# verify` of a bundle with 100 MB of evidence.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin kensa --example bench_report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KENSA_DB="$work/bench.db" KENSA_TODAY=2027-12-01 KENSA_CHECKLISTS="$work/none"
kensa=target/release/kensa
echo "machine: $(nproc) cores, $(uname -sr)"
target/release/examples/bench_report "$KENSA_DB" "$work/out"
"$kensa" keygen --out "$work/bench.key" > /dev/null
start=$(date +%s.%N)
"$kensa" bundle --out "$work/bench.tar" --key "$work/bench.key" > /dev/null
end=$(date +%s.%N)
printf 'kensa bundle (%s bytes): %.3f s\n' "$(stat -c %s "$work/bench.tar")" "$(echo "$end - $start" | bc)"
best=
for _ in 1 2 3; do
  start=$(date +%s.%N)
  "$kensa" verify "$work/bench.tar" > /dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
printf 'kensa verify, 100 MB of evidence (best of 3, whole process): %.3f s\n' "$best"
