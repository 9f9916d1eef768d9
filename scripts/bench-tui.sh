#!/usr/bin/env bash
# Benchmark of the officer's TUI (issue 3): first frame and key-press-to-frame latency, measured
# by the release binary itself (KENSA_TUI_TRACE) while tmux drives it like a person would.
#
# The DB holds 5 fiscal years of answers (every row of every sheet checked twice, いいえ rows
# with 目標日) and 10,000 ledger rows when `kensa inventory import` exists. All shipped editions
# are loaded on every start. Prints the numbers; nothing is written outside a temp folder.
#
#   scripts/bench-tui.sh            # builds --release first
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin="$PWD/target/release/kensa"
work="$(mktemp -d)"
trap 'tmux kill-session -t kensa-bench 2>/dev/null || true; rm -rf "$work"' EXIT
export KENSA_DB="$work/kensa.db" KENSA_TODAY=2026-11-21 KENSA_CHECKLISTS=/nonexistent KENSA_LANG=ja

echo "== building the DB: 5 years of answers"
"$bin" init --name "ベンチ総合病院" --kind hospital --prefecture 東京都 >/dev/null
python3 - "$bin" <<'PY'
import json, subprocess, sys
bin = sys.argv[1]
years = [(2022, "hospital-r5"), (2023, "hospital-r5"), (2024, "hospital-r6"),
         (2025, "hospital-r7"), (2026, "hospital-r7")]
def run(*args):
    subprocess.run([bin, *args], check=True, stdout=subprocess.DEVNULL)
prev = None
count = 0
for fy, ed in years:
    args = ["sheet", "new", "--edition", ed, "--fiscal-year", str(fy)]
    if prev:
        args += ["--from", prev]
    run(*args)
    key = f"{ed}-{fy}"
    show = json.loads(subprocess.run([bin, "checklist", "show", ed, "--json"], check=True,
                                     capture_output=True, text=True).stdout)["edition"]
    items = ([show["gate"]] if show.get("gate") else []) + [i for s in show["sections"] for i in s["items"]]
    for n, item in enumerate(items):
        for scope in item["scopes"]:
            row = f'{item["id"]}@{scope}'
            first, second = f"{fy}-05-16", f"{fy + 1}-02-10"
            if item["id"] != "gate" and n % 4 == 3:
                # 3(1) takes no 目標日: the 連絡体制図 must exist by the inspection.
                target = [] if item["id"] == "3-1" else ["--target", f"{fy + 1}-03-31"]
                run("answer", row, "no", "--date", first, *target,
                    "--sheet", key, "--note", "年度内に対応予定")
            else:
                run("answer", row, "yes", "--date", first, "--sheet", key)
            if fy + 1 <= 2026:
                run("answer", row, "yes", "--date", second, "--sheet", key)
            count += 2 if fy + 1 <= 2026 else 1
    prev = key
print(f"   {count} checks in 5 sheets")
PY

if "$bin" inventory --help >/dev/null 2>&1; then
    echo "== 10,000 ledger rows"
    python3 - "$work/ledger.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("管理番号,メーカー,OS,ソフトウェア,ソフトウェアバージョン,IPアドレス,コンピュータ名,設置場所,利用者,登録日,状態,説明\n")
    for i in range(10000):
        f.write(f"PC-{i:05d},富士通,Windows 11,電子カルテ端末,3.{i % 7},198.18.{i // 250}.{i % 250 + 1},"
                f"HOST{i:05d},病棟{i % 12}F,看護部,2024/4/1,稼働,ベンチ用\n")
PY
    "$bin" inventory import "$work/ledger.csv" >/dev/null
    echo "   $("$bin" inventory list --json | python3 -c 'import json,sys; v=json.load(sys.stdin); print(len(v.get("assets", v.get("rows", []))))') rows"
else
    echo "== (this build has no inventory command: ledger rows skipped)"
fi
echo "   DB size: $(du -h "$KENSA_DB" | cut -f1)"

now_us() { python3 -c 'import time; print(int(time.time()*1e6))'; }
wait_for_line() { # file pattern count
    for _ in $(seq 1 400); do
        [ -f "$1" ] && [ "$(grep -c "$2" "$1" || true)" -ge "$3" ] && return 0
        sleep 0.025
    done
    echo "timed out waiting for $2 in $1" >&2
    return 1
}

echo "== first frame (5 starts)"
for run in 1 2 3 4 5; do
    trace="$work/first-$run.txt"
    launched=$(now_us)
    tmux new-session -d -s kensa-bench -x 120 -y 40 \
        "env KENSA_DB='$KENSA_DB' KENSA_TODAY=$KENSA_TODAY KENSA_CHECKLISTS=/nonexistent KENSA_TUI_TRACE='$trace' '$bin'"
    wait_for_line "$trace" first_frame 1
    read -r _ inproc abs < <(grep first_frame "$trace")
    echo "   run $run: in-process $((inproc / 1000)).$(((inproc % 1000) / 100)) ms, from tmux launch $(((abs - launched) / 1000)) ms"
    tmux send-keys -t kensa-bench q
    sleep 0.3
    tmux kill-session -t kensa-bench 2>/dev/null || true
done

echo "== key press to redrawn frame on the checklist (400 keys: j/k)"
trace="$work/keys.txt"
tmux new-session -d -s kensa-bench -x 120 -y 40 \
    "env KENSA_DB='$KENSA_DB' KENSA_TODAY=$KENSA_TODAY KENSA_CHECKLISTS=/nonexistent KENSA_TUI_TRACE='$trace' '$bin'"
wait_for_line "$trace" first_frame 1
tmux send-keys -t kensa-bench 2
wait_for_line "$trace" key_to_frame 1
for i in $(seq 1 200); do
    tmux send-keys -t kensa-bench j
    sleep 0.01
    tmux send-keys -t kensa-bench k
    sleep 0.01
done
sleep 1.5
tmux send-keys -t kensa-bench q
python3 - "$trace" <<'PY'
import statistics, sys
v = sorted(int(l.split()[1]) for l in open(sys.argv[1]) if l.startswith("key_to_frame"))[1:]
p = lambda q: v[min(len(v) - 1, int(q * len(v)))] / 1000
print(f"   {len(v)} keys: median {statistics.median(v) / 1000:.2f} ms, p95 {p(0.95):.2f} ms, max {v[-1] / 1000:.2f} ms")
PY
