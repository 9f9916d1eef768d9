#!/usr/bin/env bash
# Benchmark of network discovery (issue 5): kensa's ARP sweep against arp-scan and nmap -sn on
# the same lab, in one run. Needs root; installs arp-scan and nmap with apt-get when missing.
#
# The lab: a scanner namespace joined by a veth pair to a namespace of simulated hosts
# (macvlan children with their own MACs and addresses), only in 198.18.0.0/15 (RFC 2544).
# Both namespaces are removed on exit. Neighbour tables are flushed before every run (the
# kernel's neighbour table is shared by all namespaces).
#
# Usage: scripts/bench-netscan.sh [--quick]   (--quick: skip the /16 lab)
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" = 0 ] || { echo "bench-netscan: needs root (network namespaces)" >&2; exit 1; }
need=()
command -v arp-scan >/dev/null || need+=(arp-scan)
command -v nmap >/dev/null || need+=(nmap)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
quick=${1:-}

cargo build --release --quiet
KENSA=$PWD/target/release/kensa
TAG=$$
S=ksb-s-$TAG H=ksb-h-$TAG VS=vsb$TAG VH=vhb$TAG
WORK=$(mktemp -d)
cleanup() {
    ip netns del "$S" 2>/dev/null || true
    ip netns del "$H" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# lab PREFIX N: scanner 198.18.0.1/PREFIX, N hosts spread over the range.
lab() {
    local prefix=$1 n=$2
    cleanup; mkdir -p "$WORK"
    for ns in "$S" "$H"; do
        ip netns add "$ns"
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    done
    ip netns exec "$H" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
    ip -n "$S" link add "$VS" type veth peer name "$VH" netns "$H"
    python3 - "$VH" "$prefix" "$n" > "$WORK/batch" <<'PY'
import sys
vh, prefix, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    if prefix == 24:
        ip = f"198.18.0.{10 + i}"
    else:  # every 131st address of the /16, from 198.18.0.10
        k = 10 + i * 131
        ip = f"198.18.{k // 256}.{k % 256}"
    mac = "00:00:0c:%02x:%02x:%02x" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
    print(f"link add link {vh} name m{i} address {mac} type macvlan mode bridge")
    print(f"addr add {ip}/{prefix} dev m{i}")
    print(f"link set m{i} up")
print(f"link set {vh} up")
PY
    ip -n "$H" -batch "$WORK/batch"
    ip -n "$S" addr add "198.18.0.1/$prefix" dev "$VS"
    ip -n "$S" link set lo up
    ip -n "$S" link set "$VS" up
    sleep 1
}

flush() {
    ip -n "$S" neigh flush all 2>/dev/null || true
    ip -n "$H" neigh flush all 2>/dev/null || true
    sleep 0.5
}

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }

# row TOOL SECONDS FOUND
row() { printf '%-44s %8s s  %4s hosts\n' "$1" "$2" "$3"; }

run_kensa() { # label, extra args...
    local label=$1; shift
    flush
    local t0 t1 out
    t0=$(now)
    out=$(ip netns exec "$S" env KENSA_DB="$WORK/k.db" "$KENSA" scan --active --iface "$VS" --yes --json "$@" 2>/dev/null || true)
    t1=$(now)
    row "$label" "$(secs "$t0" "$t1")" "$(echo "$out" | python3 -c 'import json,sys
try: print(len(json.load(sys.stdin)["hosts"]))
except Exception: print("error")')"
    LAST_WALL=$(secs "$t0" "$t1")
}

run_arpscan() { # label, cidr, extra args...
    local label=$1 cidr=$2; shift 2
    flush
    local t0 t1 out
    t0=$(now)
    out=$(ip netns exec "$S" arp-scan -I "$VS" "$@" "$cidr" 2>/dev/null || true)
    t1=$(now)
    row "$label" "$(secs "$t0" "$t1")" "$(echo "$out" | sed -n 's/.* \([0-9]*\) responded.*/\1/p')"
}

run_nmap() { # label, cidr, timeout seconds
    local label=$1 cidr=$2 limit=$3
    flush
    local t0 t1 out
    t0=$(now)
    if out=$(timeout "$limit" ip netns exec "$S" nmap -sn -n -oG - "$cidr" 2>/dev/null); then
        t1=$(now)
        row "$label" "$(secs "$t0" "$t1")" "$(echo "$out" | grep 'Status: Up' | grep -vc 'Host: 198.18.0.1 ')"
    else
        printf '%-44s %8s s  did not finish\n' "$label" ">$limit"
    fi
}

echo "kensa $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, kernel $(uname -r), $(arp-scan --version 2>&1 | head -1), $(nmap --version | head -1)"
echo

echo "== /24 with 100 live hosts (254 addresses)"
lab 24 100
run_kensa "kensa scan --rate fast" --cidr 198.18.0.0/24 --rate fast
run_arpscan "arp-scan (default: 256 kbit/s, 2 tries)" 198.18.0.0/24
run_arpscan "arp-scan --bandwidth 50M" 198.18.0.0/24 --bandwidth 50M
run_nmap "nmap -sn" 198.18.0.0/24 300
echo
echo "-- fixed rate: wall time vs addresses / R + timeout"
for r in 100 500 2000; do
    run_kensa "kensa scan --rate $r --retries 0 --timeout-ms 500" --cidr 198.18.0.0/24 --rate "$r" --retries 0 --timeout-ms 500
    python3 - "$r" "$LAST_WALL" <<'PY'
import sys
r, wall = int(sys.argv[1]), float(sys.argv[2])
expected = 253 / r + 0.5
print(f"   expected {expected:.2f} s (253/{r} + 0.5), measured {wall:.2f} s, off by {100 * (wall - expected) / expected:+.1f}%")
PY
done

if [ "$quick" != "--quick" ]; then
    echo
    echo "== /16 with 500 live hosts (65,534 addresses)"
    lab 16 500
    run_kensa "kensa scan --rate fast" --cidr 198.18.0.0/16 --rate fast
    run_arpscan "arp-scan --bandwidth 50M" 198.18.0.0/16 --bandwidth 50M
    run_nmap "nmap -sn" 198.18.0.0/16 60
    echo
    echo "-- the same /16 at a rate the simulated hosts can absorb (3,000 frames/s)"
    run_kensa "kensa scan --rate 3000" --cidr 198.18.0.0/16 --rate 3000
    # 3,000 frames/s of 64 bytes on the wire = 1,536,000 bit/s.
    run_arpscan "arp-scan --bandwidth 1536000" 198.18.0.0/16 --bandwidth 1536000
fi
