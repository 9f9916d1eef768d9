#!/usr/bin/env python3
"""Rebuild data/eol.tsv (end-of-life dates kensa embeds) from a checkout of the public
repository endoflife-date/endoflife.date (MIT licence): the YAML front matter of products/*.md.

Only the products a hospital LAN runs are kept (PRODUCTS below); only facts are taken (cycle,
dates, latest version), never the pages' prose. The snapshot date is the commit date of the
checkout's HEAD, so the file says how old its facts are.

Usage: scripts/update-eol.py PATH-TO-endoflife.date-CHECKOUT
  PATH may be a work tree or a bare repository; files are read with `git show HEAD:…`.
Needs PyYAML (Debian: python3-yaml).
"""
import datetime
import os
import subprocess
import sys

import yaml

# endoflife.date slug -> why a hospital has it. Slugs not listed are left out.
PRODUCTS = {
    "windows": "client PCs (by build: Home/Pro, Enterprise/Education, LTSC, IoT)",
    "windows-server": "servers (電子カルテ, PACS, file and domain servers)",
    "windows-embedded": "medical devices and terminals built on Windows Embedded",
    "macos": "Mac clients",
    "debian": "Linux servers",
    "ubuntu": "Linux servers and workstations",
    "rhel": "Linux servers (vendor systems)",
    "centos": "Linux servers (vendor systems)",
    "centos-stream": "Linux servers",
    "rocky-linux": "Linux servers (CentOS successors)",
    "almalinux": "Linux servers (CentOS successors)",
    "oracle-linux": "Linux servers (vendor systems)",
    "sles": "Linux servers (vendor systems)",
    "fortios": "FortiGate firewalls and VPN gateways",
    "cisco-ios-xe": "Cisco routers and Catalyst switches",
    "pan-os": "Palo Alto Networks firewalls",
    "big-ip": "F5 load balancers and VPN gateways",
    "routeros": "MikroTik routers",
    "vmware-esxi": "virtualisation hosts",
}

# Asked for by the issue but not tracked by endoflife.date at this snapshot; kept here so the
# header of the data file names them and `kensa evidence` can say so.
NOT_AVAILABLE = [
    "Cisco IOS (classic)",
    "Cisco ASA / Firepower",
    "Yamaha RTX",
    "SonicWall SonicOS",
    "Ivanti Connect Secure (Pulse Secure)",
    "Citrix ADC / NetScaler",
    "Juniper Junos",
    "Sophos Firewall",
    "WatchGuard Fireware",
    "NEC UNIVERGE IX",
    "Allied Telesis AlliedWare",
]


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def front_matter(text):
    parts = text.split("\n---", 1)
    if not text.startswith("---") or len(parts) < 2:
        raise ValueError("no YAML front matter")
    return yaml.safe_load(parts[0][3:])


def cell(v):
    """A date, `true` (ended, date unknown), `false` (no end set) or empty."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    return str(v).strip()


def clean(v):
    return " ".join(str(v).split()).replace("\t", " ") if v is not None else ""


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    repo = sys.argv[1]
    head = git(repo, "log", "-1", "--format=%H %cI").split()
    commit, date = head[0], head[1][:10]
    rows, titles = [], {}
    for slug in PRODUCTS:
        meta = front_matter(git(repo, "show", f"HEAD:products/{slug}.md"))
        titles[slug] = clean(meta.get("title", slug))
        for r in meta.get("releases", []):
            cycle = clean(r["releaseCycle"])
            codename = r.get("codename")
            label = clean(r.get("releaseLabel") or (f"{cycle} ({codename})" if codename else cycle))
            lts = r.get("lts")
            rows.append([
                slug,
                cycle,
                label,
                cell(r.get("releaseDate")),
                cell(r.get("eol")),
                cell(r.get("eoes")),
                clean(r.get("latest", "")),
                "lts" if lts else "",
            ])
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "eol.tsv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# kensa end-of-life data: release cycles of the operating systems and firmware a hospital runs\n")
        f.write("# source: https://github.com/endoflife-date/endoflife.date products/*.md (front matter facts only)\n")
        f.write("# licence: MIT, Copyright 2020 endoflife.date contributors\n")
        f.write(f"# snapshot: {date} (commit {commit})\n")
        f.write("# not tracked by endoflife.date at this snapshot: " + ", ".join(NOT_AVAILABLE) + "\n")
        f.write("# rebuild: scripts/update-eol.py PATH-TO-endoflife.date-CHECKOUT\n")
        f.write("# P<TAB>product<TAB>title, then C<TAB>product<TAB>cycle<TAB>label<TAB>released<TAB>eol<TAB>extended<TAB>latest<TAB>lts\n")
        f.write("# eol / extended: YYYY-MM-DD, true (ended, no date given), false (no end date set) or empty\n")
        for slug in PRODUCTS:
            f.write(f"P\t{slug}\t{titles[slug]}\n")
            for r in rows:
                if r[0] == slug:
                    f.write("C\t" + "\t".join(r) + "\n")
    print(f"{len(rows)} release cycles of {len(PRODUCTS)} products, snapshot {date} ({commit[:10]})")


if __name__ == "__main__":
    main()
