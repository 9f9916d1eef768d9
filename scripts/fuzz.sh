#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ in turn and prints, per target, the executions done and
# any crash, hang or out-of-memory with the input that caused it.
#
#   scripts/fuzz.sh [SECONDS | RUNSruns] [TARGET...]
#
#   scripts/fuzz.sh                      300 seconds per target, every target
#   scripts/fuzz.sh 150 csv_import date  150 seconds each, two targets
#   scripts/fuzz.sh 10000000runs         10 million executions per target
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Each target reads
# the committed seeds in fuzz/seeds/TARGET and keeps what it learns in fuzz/corpus/TARGET (not
# committed); crashing inputs are written to fuzz/artifacts/TARGET/. RSS_LIMIT_MB (default 2048)
# caps the memory of one run: an input needing more is reported as a crash. The build is
# cargo-fuzz's default (optimised, with debug assertions and overflow checks, AddressSanitizer);
# FUZZ_BUILD_FLAGS=-O builds without the assertions, FUZZ_BUILD_FLAGS='-s none' keeps them and
# leaves out AddressSanitizer (5 to 35 times as many executions per second here; a panic, an
# overflow, a hang or a memory blow-up is still caught, a memory error inside `unsafe` code of a
# dependency is not). Exit 1 when any target found something.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

limit=(-max_total_time=300)
case "${1:-}" in
    "" | -*) ;;
    *runs)
        runs="${1%runs}"
        [[ "$runs" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS | RUNSruns] [TARGET...]" >&2; exit 2; }
        limit=(-runs="$runs")
        shift
        ;;
    *)
        [[ "$1" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS | RUNSruns] [TARGET...]" >&2; exit 2; }
        limit=(-max_total_time="$1")
        shift
        ;;
esac
if (($#)); then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

# Unquoted on purpose: empty, or flags such as `-O`.
# shellcheck disable=SC2206
build=(${FUZZ_BUILD_FLAGS:-})
mkdir -p artifacts
cargo +nightly fuzz build "${build[@]}" >artifacts/build.log 2>&1 || { cat artifacts/build.log >&2; exit 2; }

found=0
summary=()
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    log="artifacts/$t/last-run.log"
    echo "== $t (${limit[*]})"
    status=0
    cargo +nightly fuzz run "${build[@]}" "$t" "corpus/$t" "seeds/$t" -- \
        "${limit[@]}" -rss_limit_mb="${RSS_LIMIT_MB:-2048}" -timeout=10 \
        -print_final_stats=1 >"$log" 2>&1 || status=$?
    # libFuzzer's final statistics, else its last progress line (`#N ...`).
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    if ((status == 0)); then
        line="$t: ${execs:-?} executions${seconds:+ in ${seconds} s}, no crash"
    else
        found=1
        what=$(grep -m1 -oE 'ERROR: libFuzzer: [a-z-]+|panicked at [^ ]+|out-of-memory \([^)]*\)' "$log" || echo "exit $status")
        input=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -1)
        line="$t: ${execs:-?} executions, CRASH: $what${input:+ -> $input} (log: fuzz/$log)"
    fi
    echo "$line"
    summary+=("$line")
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$found"
