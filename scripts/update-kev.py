#!/usr/bin/env python3
"""Rebuild data/kev.tsv (known-exploited vulnerabilities kensa embeds) from a checkout of the
public repository cisagov/kev-data (CISA's KEV catalogue, CC0 1.0).

Only entries for products that can sit in a hospital LAN are kept: perimeter and network gear
(firewalls, VPN gateways, routers, load balancers), NAS, virtualisation and backup servers, and
remote-maintenance and endpoint-management servers a vendor runs inside the hospital. Each kept
entry gets the kensa product keys a device is matched by (RULES below). Microsoft, Apple, Google,
browser and office entries are left out: they are about patch levels of every PC, which kensa's
patch-age finding covers. Consumer routers named by model (D-Link DIR-…, NETGEAR …, TP-Link
Archer …) are left out because a model cannot be read reliably from a 台帳 or SNMP.

Only facts are copied (CVE id, vendor, product, the catalogue's vulnerability name, dates,
ransomware use, the first advisory link); the descriptions and required actions are not.

The affected version ranges are not in the catalogue. data/kev-affected.tsv holds them, written
by hand from the vendor advisories each row names; this script checks that every CVE it lists is
still in the catalogue and still mapped to that product.

The ranges are checked against the CVE records themselves (the affected versions the vendor, as
CNA, published in the CVE List): `--ranges` compares every row of kev-affected.tsv with the
record of its CVE and prints what differs.

Usage: scripts/update-kev.py PATH-TO-kev-data-CHECKOUT
       scripts/update-kev.py --ranges PATH-TO-cvelistV5-CHECKOUT
  PATH may be a work tree or a bare repository; files are read with `git show HEAD:…`. For
  --ranges it may also be a folder holding the records as cves/YEAR/NNxxx/CVE-….json or CVE-….json.
"""
import json
import os
import re
import subprocess
import sys

# (vendorProject, pattern over "product | shortDescription", kensa product keys). The first rule
# of a vendor whose pattern matches wins; the pattern is searched case-insensitively.
RULES = [
    ("Fortinet", r"FortiOS.*FortiProxy|FortiProxy.*FortiOS", ["fortios", "fortiproxy"]),
    ("Fortinet", r"FortiOS", ["fortios"]),
    ("Fortinet", r"FortiProxy", ["fortiproxy"]),
    ("Fortinet", r"FortiManager", ["fortimanager"]),
    ("Fortinet", r"FortiWeb", ["fortiweb"]),
    ("Fortinet", r"FortiClient EMS", ["forticlient-ems"]),
    ("Fortinet", r"FortiMail|FortiVoice|FortiNDR", ["fortimail"]),
    ("Cisco", r"^Adaptive Security Appliance|^.*\(ASA\)", ["cisco-asa"]),
    ("Cisco", r"IOS XE Web UI|^Cisco IOS XE", ["cisco-ios-xe"]),
    ("Cisco", r"^IOS and IOS XE|^IOS Software and Cisco IOS XE|^IOS, XR, and XE|^IOS, IOS XR, and IOS XE", ["cisco-ios", "cisco-ios-xe"]),
    ("Cisco", r"^IOS XE", ["cisco-ios-xe"]),
    ("Cisco", r"^IOS XR", ["cisco-ios-xr"]),
    ("Cisco", r"^IOS|^Catalyst", ["cisco-ios"]),
    ("Cisco", r"RV\d|RV Series|VPN Routers", ["cisco-rv"]),
    ("Cisco", r"IP Phones", ["cisco-ip-phone"]),
    ("Cisco", r"Identity Services Engine", ["cisco-ise"]),
    ("Cisco", r"NX-OS", ["cisco-nx-os"]),
    ("Palo Alto Networks", r"^PAN-OS", ["pan-os"]),
    ("Ivanti", r"Connect Secure|Pulse Connect Secure", ["ivanti-connect-secure"]),
    ("Ivanti", r"Endpoint Manager Mobile|MobileIron|Sentry", ["ivanti-epmm"]),
    ("Ivanti", r"Cloud Services? Appliance|EPM CSA", ["ivanti-csa"]),
    ("Ivanti", r"Endpoint Manager \(EPM\)", ["ivanti-epm"]),
    ("Pulse Secure", r"Pulse Connect Secure", ["ivanti-connect-secure"]),
    ("Citrix", r"ADC|NetScaler ADC|Gateway", ["citrix-adc"]),
    ("Citrix", r"SD-WAN", ["citrix-sd-wan"]),
    ("SonicWall", r"SonicOS", ["sonicos"]),
    ("SonicWall", r"SMA|Secure Remote Access", ["sonicwall-sma"]),
    ("SonicWall", r"Email Security", ["sonicwall-email-security"]),
    ("Juniper", r"Junos", ["junos"]),
    ("F5", r"BIG-IP", ["big-ip"]),
    ("Zyxel", r"Firewalls|firewalls", ["zyxel-firewall"]),
    ("Zyxel", r"Network-Attached Storage", ["zyxel-nas"]),
    ("Sophos", r"SFOS|XG Firewall|^Firewall|CyberoamOS", ["sophos-firewall"]),
    ("Sophos", r"SG UTM", ["sophos-utm"]),
    ("Check Point", r"Security Gateways", ["checkpoint-gateway"]),
    ("WatchGuard", r"Firebox", ["watchguard-firebox"]),
    ("DrayTek", r"Vigor Routers", ["draytek-vigor"]),
    ("MikroTik", r"RouterOS", ["routeros"]),
    ("QNAP", r"NAS|QTS|Photo Station|NVR", ["qnap-nas"]),
    ("VMware", r"^ESXi|VMware ESXi", ["vmware-esxi"]),
    ("VMware", r"vCenter Server", ["vmware-vcenter"]),
    ("Veeam", r"Backup & Replication", ["veeam-backup"]),
    ("ConnectWise", r"ScreenConnect", ["screenconnect"]),
    ("BeyondTrust", r"Remote Support", ["beyondtrust-remote-support"]),
    ("TeamViewer", r"Desktop", ["teamviewer"]),
    ("Kaseya", r"VSA", ["kaseya-vsa"]),
    ("Trend Micro", r"Apex One|OfficeScan|Apex Central", ["trendmicro-apex-one"]),
    ("Arcserve", r"Unified Data Protection", ["arcserve-udp"]),
]


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def clean(s):
    return " ".join(str(s).split())


def advisory(notes):
    """The first vendor link in the notes, else the first link (often NVD)."""
    urls = re.findall(r"https?://[^\s;]+", notes or "")
    vendor = [u for u in urls if "nvd.nist.gov" not in u and "cisa.gov" not in u]
    return (vendor or urls or [""])[0]


def keys_for(v):
    text = f"{v['product']} | {v['shortDescription']}"
    for vendor, pattern, keys in RULES:
        if v["vendorProject"].strip() == vendor and re.search(pattern, text, re.IGNORECASE):
            return keys
    return None


# kensa product key -> the product names the CNAs use in their CVE records.
CNA_PRODUCTS = {
    "fortios": {"FortiOS"},
    "pan-os": {"PAN-OS"},
    "citrix-adc": {"NetScaler ADC", "ADC"},
}


def numbers(v):
    """A version's digit runs, as kensa compares them (src/model/evidence/version.rs)."""
    return [int(x) for x in re.findall(r"\d+", v)]


def cmp(a, b):
    x, y = numbers(a), numbers(b)
    n = max(len(x), len(y))
    x, y = x + [0] * (n - len(x)), y + [0] * (n - len(y))
    return (x > y) - (x < y)


def same_branch(a, b):
    return numbers(a)[:2] == numbers(b)[:2]


def read_record(root, cve):
    year, number = cve.split("-")[1:]
    rel = f"cves/{year}/{int(number) // 1000}xxx/{cve}.json"
    for p in (os.path.join(root, rel), os.path.join(root, f"{cve}.json")):
        if os.path.isfile(p):
            with open(p, encoding="utf-8") as f:
                return json.load(f)
    try:
        return json.loads(git(root, "show", f"HEAD:{rel}"))
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def record_ranges(record, key):
    """The record's affected entries for `key`: (first, bound, inclusive) with the bound a full
    version or None for a single version; and whether some were written only as text."""
    ranges, text_only = [], []
    names = CNA_PRODUCTS[key]
    for a in record["containers"]["cna"].get("affected", []):
        product = a.get("product", "")
        for v in a.get("versions", []):
            if v.get("status") != "affected":
                continue
            written = v.get("version", "")
            if " " in written or not numbers(written):
                # Versions as prose ("FortiOS 6.0.0 to 6.0.4, …"), under any product name.
                if any(n in written or n in product for n in names):
                    text_only.append(written)
                continue
            if product not in names:
                continue
            # FIPS and NDcPP builds are their own lines, which a version string cannot tell
            # apart: a row of the branch must cover them, whatever its own fix.
            variant = re.search(r"-(FIPS|NDcPP)$", written) is not None
            first = re.sub(r"-(FIPS|NDcPP)$", "", written)
            bound, inclusive = v.get("lessThan"), False
            if bound is None:
                bound, inclusive = v.get("lessThanOrEqual"), True
            if bound and not same_branch(bound, first) and v.get("versionType") == "patch":
                bound = f"{first}-{bound}"  # Citrix: a build of the branch, `13.1` + `49.13`
            if bound in ("*", ""):
                bound = None
            ranges.append((first, bound, inclusive, variant))
    return ranges, text_only


def fixes_named(record, key):
    """Versions the record's solutions name as fixed for the product."""
    text = " ".join(s.get("value", "") for s in record["containers"]["cna"].get("solutions", []) or [])
    found = []
    for name in CNA_PRODUCTS[key]:
        for m in re.finditer(re.escape(name) + r"(?: version)? (\d[\w.\-]*)", text):
            found.append(m.group(1).rstrip(".,"))
    return found


def check_ranges(root):
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
    rows, hotfixes = {}, []
    with open(os.path.join(here, "kev-affected.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            cve, key, first, fixed, _, also = line.rstrip("\n").split("\t")[:6]
            rows.setdefault((cve, key), []).append((n, first, None if fixed == "-" else fixed))
            hotfixes.extend((n, cve, key, h) for h in also.split(",") if h)
    problems, by_hand = [], []
    for (cve, key), mine in sorted(rows.items()):
        record = read_record(root, cve)
        if record is None:
            problems.append(f"{cve}: no record under {root}")
            continue
        ranges, text_only = record_ranges(record, key)
        fixes = fixes_named(record, key)
        if text_only and not ranges:
            by_hand.append(f"{cve} {key}: the record gives the versions only as text: {'; '.join(text_only)}")
            continue
        for first, bound, inclusive, variant in ranges:
            covering = [r for r in mine if cmp(r[1], first) <= 0 and (r[2] is None or cmp(first, r[2]) < 0)]
            if not covering:
                problems.append(f"{cve} {key}: the record's {first}..{bound or ''} is in no row")
                continue
            n, _, fixed = covering[0]
            if bound is None:
                continue
            if variant:
                if fixed is not None and cmp(fixed, bound) < 0:
                    problems.append(f"kev-affected.tsv:{n}: {cve} the record's {first} builds are affected up to {bound}, the row stops at {fixed}")
                continue
            if not inclusive:
                if fixed is None or cmp(fixed, bound) != 0:
                    problems.append(f"kev-affected.tsv:{n}: {cve} fixed in {bound} by the record, row says {fixed or '-'}")
            elif fixed is None:
                named = [x for x in fixes if same_branch(x, first)]
                if named:
                    problems.append(f"kev-affected.tsv:{n}: {cve} the record names {named[0]} as fixed, row says -")
            elif cmp(fixed, bound) <= 0:
                problems.append(f"kev-affected.tsv:{n}: {cve} affected through {bound} by the record, row says fixed in {fixed}")
            elif fixed not in fixes:
                problems.append(f"kev-affected.tsv:{n}: {cve} fixed in {fixed} is not named in the record's solutions")
        for n, first, fixed in mine:
            if not any(cmp(first, f) <= 0 and (fixed is None or cmp(f, fixed) < 0) for f, _, _, _ in ranges):
                problems.append(f"kev-affected.tsv:{n}: {cve} row {first}..{fixed or '-'} matches nothing the record says is affected")
    for n, cve, key, h in hotfixes:
        record = read_record(root, cve)
        if record is not None and h not in fixes_named(record, key):
            problems.append(f"kev-affected.tsv:{n}: {cve} hotfix {h} is not named as fixed in the record")
    checked = len(rows) - len(by_hand)
    print(f"{checked} CVE/product pairs compared with their records, {len(by_hand)} to compare by hand")
    for b in by_hand:
        print("by hand: " + b)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--ranges":
        check_ranges(sys.argv[2])
        return
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    repo = sys.argv[1]
    head = git(repo, "log", "-1", "--format=%H %cI").split()
    commit, date = head[0], head[1][:10]
    catalog = json.loads(git(repo, "show", "HEAD:known_exploited_vulnerabilities.json"))
    kept = []
    for v in catalog["vulnerabilities"]:
        keys = keys_for(v)
        if keys:
            kept.append([
                v["cveID"],
                clean(v["vendorProject"]),
                clean(v["product"]),
                ",".join(keys),
                clean(v["vulnerabilityName"]),
                v["dateAdded"],
                "known" if v["knownRansomwareCampaignUse"] == "Known" else "unknown",
                advisory(v.get("notes", "")),
            ])
    kept.sort(key=lambda r: (r[3], r[5], r[0]))
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
    by_cve = {r[0]: r for r in kept}
    problems = []
    with open(os.path.join(here, "kev-affected.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            cve, product = line.split("\t")[:2]
            if cve not in by_cve:
                problems.append(f"kev-affected.tsv:{n}: {cve} is not in the filtered catalogue")
            elif product not in by_cve[cve][3].split(","):
                problems.append(f"kev-affected.tsv:{n}: {cve} is not mapped to {product}")
    with open(os.path.join(here, "kev.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# kensa known-exploited vulnerabilities: CISA KEV entries for products that can sit in a hospital LAN\n")
        f.write("# source: https://github.com/cisagov/kev-data known_exploited_vulnerabilities.json (facts only)\n")
        f.write("# licence: CC0 1.0 (CISA); advisory links are the vendors' and bound by their terms\n")
        f.write(f"# snapshot: {date} (commit {commit}, catalogue version {catalog.get('catalogVersion', '?')}, {len(kept)} of {catalog.get('count', '?')} entries)\n")
        f.write("# rebuild: scripts/update-kev.py PATH-TO-kev-data-CHECKOUT\n")
        f.write("# cve<TAB>vendor<TAB>product<TAB>kensa product keys<TAB>vulnerability name<TAB>date added<TAB>ransomware use<TAB>advisory\n")
        for r in kept:
            f.write("\t".join(r) + "\n")
    print(f"{len(kept)} of {len(catalog['vulnerabilities'])} entries kept, snapshot {date} ({commit[:10]})")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
