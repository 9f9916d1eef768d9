#!/usr/bin/env bash
# Benchmark of network discovery (issue 5): kensa's ARP sweep against arp-scan and nmap -sn on
# the same lab, in one run. Needs root; installs arp-scan, nmap and nftables with apt-get when
# missing.
#
# The lab: a scanner namespace joined by a veth pair to a namespace of simulated hosts
# (macvlan children with their own MACs and addresses), only in 198.18.0.0/15 (RFC 2544).
# Both namespaces are removed on exit. Neighbour tables are flushed before every run. How ARP
# broadcasts reach the hosts is the lab's MODE (see lab() below): the /24 floods every request
# to every host; the /16 is measured steered (the target) and flooded (for comparison).
#
# Usage: scripts/bench-netscan.sh [--quick | --variants]
#   --quick     skip the /16 labs
#   --variants  also run the /16 flood lab with a longer broadcast queue and with the macvlan
#               broadcast cutoff at -1 (about two more minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" = 0 ] || { echo "bench-netscan: needs root (network namespaces)" >&2; exit 1; }
need=()
command -v arp-scan >/dev/null || need+=(arp-scan)
command -v nmap >/dev/null || need+=(nmap)
command -v nft >/dev/null || need+=(nftables)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
mode=${1:-}

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

# lab PREFIX N [MODE]: scanner 198.18.0.1/PREFIX, N hosts spread over the range. MODE:
#   flood   (default) every ARP broadcast reaches every macvlan child, through macvlan's
#           broadcast queue (one kernel worker clones each frame to all N children);
#   steer   the same hosts and the same frames on the veth, but each ARP request is handed
#           (tc u32 + mirred, keyed on the request's target address) to the one child that owns
#           the address it asks about, and requests for addresses nobody owns are dropped (nft).
#           With arp_ignore=1 no other child would answer those copies anyway; the 500-fold
#           copying is what limits the flood lab, not the network being simulated;
#   bcq     flood with the macvlan broadcast queue raised from 1000 to 100,000 frames;
#   bclim   flood with macvlan's broadcast cutoff (IFLA_MACVLAN_BC_CUTOFF) at -1: broadcasts
#           are not queued but cloned to every child in the receiving softirq. iproute2 before
#           6.4 has no `bclim` keyword, so a netlink request from python3 sets it.
lab() {
    local prefix=$1 n=$2 mode=${3:-flood}
    cleanup; mkdir -p "$WORK"
    for ns in "$S" "$H"; do
        ip netns add "$ns"
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    done
    ip netns exec "$H" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
    ip -n "$S" link add "$VS" type veth peer name "$VH" netns "$H"
    python3 - "$VH" "$prefix" "$n" "$mode" "$WORK" <<'PY'
import sys
vh, prefix, n, mode, work = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
links, tc = [], []
request = "match u16 0x0001 0xffff at 6"  # ARP opcode 1 (offsets from the ARP header)
if mode == "steer":
    tc += [f"qdisc add dev {vh} clsact",
           # 256 buckets keyed on the last octet of the target address (ARP offset 24).
           f"filter add dev {vh} ingress prio 10 handle 100: protocol arp u32 divisor 256"]
for i in range(n):
    if prefix == 24:
        ip = f"198.18.0.{10 + i}"
    else:  # every 131st address of the /16, from 198.18.0.10
        k = 10 + i * 131
        ip = f"198.18.{k // 256}.{k % 256}"
    mac = "00:00:0c:%02x:%02x:%02x" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
    bcq = " bcqueuelen 100000" if mode == "bcq" else ""
    links.append(f"link add link {vh} name m{i} address {mac} type macvlan mode bridge{bcq}")
    links.append(f"addr add {ip}/{prefix} dev m{i}")
    links.append(f"link set m{i} up")
    if mode == "steer":
        o = [int(x) for x in ip.split(".")]
        tip = (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]
        tc.append(f"filter add dev {vh} ingress prio 10 protocol arp u32 ht 100:{o[3]:x}: "
                  f"match u32 0x{tip:08x} 0xffffffff at 24 {request} "
                  f"action mirred ingress redirect dev m{i}")
links.append(f"link set {vh} up")
if mode == "steer":
    tc.append(f"filter add dev {vh} ingress prio 10 protocol arp u32 ht 800:: {request} "
              f"hashkey mask 0x000000ff at 24 link 100:")
open(f"{work}/links", "w").write("\n".join(links) + "\n")
open(f"{work}/tc", "w").write("\n".join(tc) + "\n")
PY
    ip -n "$H" -batch "$WORK/links"
    case $mode in
    steer)
        tc -n "$H" -batch "$WORK/tc"
        # What no filter took (a request for an address no host owns) is dropped here, after
        # tc ingress: the kernel has no gact action, so tc itself cannot drop.
        ip netns exec "$H" nft -f - <<NFT
table netdev lab {
    chain unowned { type filter hook ingress device "$VH" priority 0; arp operation request drop; }
}
NFT
        ;;
    bclim) ip netns exec "$H" python3 - m0 -1 <<'PY'
# Set IFLA_MACVLAN_BC_CUTOFF (9) on a macvlan child; the kernel keeps it per lower device, so
# one child sets it for all. RTM_NEWLINK with IFLA_LINKINFO {KIND "macvlan", DATA {BC_CUTOFF}}.
import os, socket, struct, sys
name, cutoff = sys.argv[1], int(sys.argv[2])
def attr(t, payload):
    l = 4 + len(payload)
    return struct.pack("=HH", l, t) + payload + bytes((4 - l % 4) % 4)
nested = 1 << 15
info = attr(1, b"macvlan\0") + attr(2 | nested, attr(9, struct.pack("=i", cutoff)))
body = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, socket.if_nametoindex(name), 0, 0)
body += attr(18 | nested, info)
msg = struct.pack("=IHHII", 16 + len(body), 16, 1 | 4, 1, 0) + body  # NLM_F_REQUEST | NLM_F_ACK
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.bind((0, 0))
s.send(msg)
err = struct.unpack_from("=i", s.recv(65536), 16)[0]
if err:
    sys.exit(f"bclim on {name}: {os.strerror(-err)}")
PY
        ;;
    esac
    ip -n "$S" addr add "198.18.0.1/$prefix" dev "$VS"
    ip -n "$S" link set lo up
    ip -n "$S" link set "$VS" up
    # Wait until every child is operationally up: the kernel's link watch brings up about 100
    # devices a second, and a sweep started one second after building the /16 lost up to 100
    # of its 500 hosts.
    local t=0
    until [ "$(ip -n "$H" -br link show | grep -c '^m[0-9]*@.* UP ')" = "$n" ] &&
        ip -n "$S" -br link show "$VS" | grep -q ' UP '; do
        t=$((t + 1))
        [ $t -le 300 ] || { echo "bench-netscan: lab did not come up" >&2; exit 1; }
        sleep 0.1
    done
    sleep 0.5
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
    LAST_WALL=$(secs "$t0" "$t1")
    LAST_FOUND=$(echo "$out" | python3 -c 'import json,sys
try: print(len(json.load(sys.stdin)["hosts"]))
except Exception: print("error")')
    row "$label" "$LAST_WALL" "$LAST_FOUND"
}

run_arpscan() { # label, cidr, extra args...
    local label=$1 cidr=$2; shift 2
    flush
    local t0 t1 out
    t0=$(now)
    out=$(ip netns exec "$S" arp-scan -I "$VS" "$@" "$cidr" 2>/dev/null || true)
    t1=$(now)
    LAST_WALL=$(secs "$t0" "$t1")
    LAST_FOUND=$(echo "$out" | sed -n 's/.* \([0-9]*\) responded.*/\1/p')
    row "$label" "$LAST_WALL" "$LAST_FOUND"
}

run_nmap() { # label, cidr, timeout seconds
    local label=$1 cidr=$2 limit=$3
    flush
    local t0 t1 out
    t0=$(now)
    if out=$(timeout "$limit" ip netns exec "$S" nmap -sn -n -oG - "$cidr" 2>/dev/null); then
        t1=$(now)
        LAST_WALL=$(secs "$t0" "$t1")
        LAST_FOUND=$(echo "$out" | grep 'Status: Up' | grep -vc 'Host: 198.18.0.1 ')
        row "$label" "$LAST_WALL" "$LAST_FOUND"
    else
        LAST_WALL=inf LAST_FOUND=0
        printf '%-44s %8s s  did not finish\n' "$label" ">$limit"
    fi
}

# verdict WHAT KENSA_WALL KENSA_FOUND PEER_WALL PEER_FOUND LIVE MAX_RATIO
verdict() {
    python3 - "$@" <<'PY'
import sys
what, kw, kf, pw, pf, live, limit = sys.argv[1:]
ratio = float(kw) / float(pw)
ok = ratio <= float(limit) and kf == pf == live
print(f"   {what}: {100 * ratio:.0f}% (target: at most {100 * float(limit):.0f}%, every host "
      f"found: kensa {kf}, peer {pf} of {live}): {'met' if ok else 'NOT met'}")
PY
}

echo "kensa $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, kernel $(uname -r), $(arp-scan --version 2>&1 | head -1), $(nmap --version | head -1)"
echo

echo "== /24 with 100 live hosts (254 addresses), flood lab"
lab 24 100
run_kensa "kensa scan --rate fast" --cidr 198.18.0.0/24 --rate fast
kw=$LAST_WALL kf=$LAST_FOUND
run_arpscan "arp-scan (default: 256 kbit/s, 2 tries)" 198.18.0.0/24
pw=$LAST_WALL pf=$LAST_FOUND
run_arpscan "arp-scan --bandwidth 50M" 198.18.0.0/24 --bandwidth 50M
if python3 -c "import sys; sys.exit(not $LAST_WALL < $pw)"; then pw=$LAST_WALL pf=$LAST_FOUND; fi
run_nmap "nmap -sn" 198.18.0.0/24 300
if [ "$LAST_WALL" != inf ] && python3 -c "import sys; sys.exit(not $LAST_WALL < $pw)"; then pw=$LAST_WALL pf=$LAST_FOUND; fi
verdict "kensa fast / fastest peer" "$kw" "$kf" "$pw" "$pf" 100 0.3334
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

if [ "$mode" != "--quick" ]; then
    echo
    echo "== /16 with 500 live hosts (65,534 addresses), steered lab"
    lab 16 500 steer
    run_kensa "kensa scan --rate fast" --cidr 198.18.0.0/16 --rate fast
    kw=$LAST_WALL kf=$LAST_FOUND
    run_arpscan "arp-scan --bandwidth 50M" 198.18.0.0/16 --bandwidth 50M
    verdict "kensa fast / arp-scan 50M" "$kw" "$kf" "$LAST_WALL" "$LAST_FOUND" 500 0.6
    run_nmap "nmap -sn" 198.18.0.0/16 60

    echo
    echo "== the same /16, flood lab (every child gets every broadcast through macvlan's queue)"
    lab 16 500 flood
    run_kensa "kensa scan --rate fast" --cidr 198.18.0.0/16 --rate fast
    run_arpscan "arp-scan --bandwidth 50M" 198.18.0.0/16 --bandwidth 50M
    echo "-- at a rate the flood lab absorbs (3,000 frames/s)"
    run_kensa "kensa scan --rate 3000" --cidr 198.18.0.0/16 --rate 3000
    # 3,000 frames/s of 64 bytes on the wire = 1,536,000 bit/s.
    run_arpscan "arp-scan --bandwidth 1536000" 198.18.0.0/16 --bandwidth 1536000

    if [ "$mode" = "--variants" ]; then
        echo
        echo "== flood lab, macvlan broadcast queue 100,000 frames (bcqueuelen)"
        lab 16 500 bcq
        run_kensa "kensa scan --rate fast" --cidr 198.18.0.0/16 --rate fast
        run_arpscan "arp-scan --bandwidth 50M" 198.18.0.0/16 --bandwidth 50M
        run_kensa "kensa scan --rate 5000 --retries 0" --cidr 198.18.0.0/16 --rate 5000 --retries 0
        echo
        echo "== flood lab, macvlan broadcast cutoff -1 (no queue: cloned in the receiving softirq)"
        lab 16 500 bclim
        run_kensa "kensa scan --rate fast" --cidr 198.18.0.0/16 --rate fast
        run_arpscan "arp-scan --bandwidth 50M" 198.18.0.0/16 --bandwidth 50M
    fi
fi
