#!/usr/bin/env bash
# Text screenshots of the TUI's main screens (tmux capture-pane), as pasted into docs/guide.md.
# Usage: scripts/tui-screenshots.sh [ja|en]   (prints to stdout)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q
lang="${1:-ja}"
work="$(mktemp -d)"
s="kensa-shots-$$"
trap 'tmux kill-session -t "$s" 2>/dev/null || true; rm -rf "$work"' EXIT
tmux new-session -d -s "$s" -x 100 -y 30 \
    "env KENSA_DB='$work/k.db' KENSA_TODAY=2026-11-21 KENSA_LANG=$lang KENSA_CHECKLISTS=/nonexistent '$PWD/target/debug/kensa'"
k() { tmux send-keys -t "$s" "$@"; sleep 0.25; }
shot() { echo "### $1"; echo '```'; tmux capture-pane -p -t "$s" | sed -e 's/[[:space:]]*$//'; echo '```'; echo; }
sleep 0.8
k -l "東京テスト病院"; k Down Down; k -l "東京都"; k Down Right Down; k -l "山田太郎"; k Down
k -l "1311234567"; k Down; k -l "350"; k Down; k -l "医療法人みなと会"; k Down
shot setup
k Down Down Enter
k 2; k g; k y; k y
k -l /; k -l 2-5; k Enter; k n; k -l R9.3.31; k Enter; k Escape
k 1
shot dashboard
k 2; k -l /; k -l 2-5; k Enter; k Escape
shot checklist
k -l /; k -l 2-5; k Enter; k g; k Tab
shot detail
k Escape; k Escape; k n
k -l 2027/3/31
shot date-entry
k Escape; k 3
shot ledger
k 4
shot contacts
k 5
shot scan
k 6
shot vendors
k 7
shot bcp
k ?
shot help
k Escape; k q
