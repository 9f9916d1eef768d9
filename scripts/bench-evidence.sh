#!/usr/bin/env bash
# Benchmark of issue 16 (the evidence engine), release build: a facility with 1,000 host
# documents, a 10,000-row 台帳 and 5 scans. Times Store::record() and the rules in process
# (examples/bench_evidence.rs), then `kensa evidence --json` and `kensa status` as whole
# processes under /usr/bin/time -v for wall time, CPU time (user + sys) and peak memory. On a
# machine shared with other builds the wall time follows the load; the CPU time does not.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin kensa --example bench_evidence
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KENSA_DB="$work/bench.db" KENSA_TODAY=2026-11-30 KENSA_CHECKLISTS="$work/none"
echo "machine: $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
target/release/examples/bench_evidence "$KENSA_DB"
for cmd in "evidence --json" "evidence" "status"; do
  best=
  cpu=
  peak=
  for _ in 1 2 3; do
    # shellcheck disable=SC2086
    /usr/bin/time -v target/release/kensa $cmd > "$work/out" 2> "$work/time"
    t=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
    c=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time")
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    if [ -z "$cpu" ] || [ "$(echo "$c < $cpu" | bc)" = 1 ]; then cpu=$c; fi
    if [ -z "$peak" ] || [ "$kb" -gt "$peak" ]; then peak=$kb; fi
  done
  printf 'kensa %-16s (best of 3, whole process): %.2f s wall, %.2f s CPU, peak RSS %d MB, %d bytes out  [targets 1 s, 300 MB]\n' "$cmd" "$best" "$cpu" $((peak / 1024)) "$(wc -c < "$work/out")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
