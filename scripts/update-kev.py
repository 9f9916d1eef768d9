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

Usage: scripts/update-kev.py PATH-TO-kev-data-CHECKOUT
  PATH may be a work tree or a bare repository; files are read with `git show HEAD:…`.
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


def main():
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
