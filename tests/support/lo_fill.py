#!/usr/bin/env python3
"""Fill kensa request workbooks the way a vendor does, with LibreOffice Calc: headless `soffice`
driven over UNO (python3-uno), each workbook opened, edited cell by cell and saved as xlsx.

Usage: lo_fill.py JOBS.json PROFILE_DIR

JOBS.json is a list of {"in": PATH, "out": PATH, "ops": [OP, ...]}; an OP is one of
  {"set": "D9", "text": "はい"}          a string, as typed
  {"set": "E9", "date": "2025-06-01"}    a date, as a date value
  {"set": "D9", "formula": "=TODAY()"}   a formula
  {"unprotect": true}                    unprotect the sheet
  {"delete_row": 12}                     delete row 12 (1-based)
  {"merge": "D9:E9"}                     merge a range
  {"add_sheet": "Sheet2"} / {"remove_sheet": "kensa"}
with "sheet": NAME to work on another sheet than 事業者確認用.
One LibreOffice is started for all jobs, with its own profile, and closed at the end."""

import datetime
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    jobs = json.load(open(sys.argv[1], encoding="utf-8"))
    profile = os.path.abspath(sys.argv[2])
    pipe = "kensa_lo_%d" % os.getpid()
    soffice = subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=file://" + profile,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--accept=pipe,name=%s;urp;" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
                )
                break
            except Exception:
                time.sleep(0.25)
        if ctx is None:
            sys.exit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx
        )
        for job in jobs:
            url = uno.systemPathToFileUrl(os.path.abspath(job["in"]))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            sheets = doc.Sheets
            for op in job["ops"]:
                if "add_sheet" in op:
                    sheets.insertNewByName(op["add_sheet"], sheets.Count)
                    continue
                if "remove_sheet" in op:
                    sheets.removeByName(op["remove_sheet"])
                    continue
                sheet = sheets.getByName(op.get("sheet", "事業者確認用"))
                if op.get("unprotect"):
                    sheet.unprotect("")
                elif "delete_row" in op:
                    sheet.Rows.removeByIndex(op["delete_row"] - 1, 1)
                elif "merge" in op:
                    sheet.getCellRangeByName(op["merge"]).merge(True)
                else:
                    cell = sheet.getCellRangeByName(op["set"])
                    if "text" in op:
                        cell.setString(op["text"])
                    elif "date" in op:
                        y, m, d = map(int, op["date"].split("-"))
                        days = (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days
                        cell.setValue(days)
                    elif "formula" in op:
                        cell.setFormula(op["formula"])
            out = uno.systemPathToFileUrl(os.path.abspath(job["out"]))
            doc.storeToURL(out, (prop("FilterName", "Calc MS Excel 2007 XML"),))
            doc.close(True)
        desktop.terminate()
    finally:
        try:
            soffice.wait(timeout=60)
        except subprocess.TimeoutExpired:
            soffice.kill()


if __name__ == "__main__":
    main()
