#!/usr/bin/env python3
"""Rebuild data/oui.tsv from the IEEE MA-L registry CSV (Debian's ieee-data package ships it as
/usr/share/ieee-data/oui.csv). kensa embeds the TSV: one `AABBCC<TAB>Organization` line per
assignment, sorted, so lookups need no parser beyond splitting lines.

Usage: scripts/update-oui.py [/usr/share/ieee-data/oui.csv] [DATE]
DATE (YYYY-MM-DD) defaults to the package's .lastupdate file next to the CSV.
"""
import csv, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/ieee-data/oui.csv"
if len(sys.argv) > 2:
    date = sys.argv[2]
else:
    # .lastupdate holds the Unix time the package's data was fetched from the IEEE.
    import datetime
    stamp = int(open(os.path.join(os.path.dirname(src), ".lastupdate")).read().strip())
    date = datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).date().isoformat()
rows = {}
with open(src, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        a = r["Assignment"].strip().upper()
        name = " ".join(r["Organization Name"].split())
        if r["Registry"] == "MA-L" and len(a) == 6 and name:
            rows[a] = name
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "oui.tsv")
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write(f"# IEEE MA-L (OUI) registry {date}, {len(rows)} assignments; source: {os.path.basename(src)} (Debian ieee-data)\n")
    for a in sorted(rows):
        f.write(f"{a}\t{rows[a]}\n")
print(f"{len(rows)} assignments, registry date {date}")
