#!/usr/bin/env python3
"""Prints one Gatling report's per-request statistics as JSON (read from its index.html: Gatling 3.14 no
longer writes js/stats.json). Usage: gatling-stats.py REPORT_DIR [REQUEST_NAME ...]"""
import html
import json
import re
import sys

COLS = ["total", "ok", "ko", "koPct", "rps", "min", "p50", "p90", "p99", "p999", "max", "mean", "std"]


def parse(report_dir):
    text = open(report_dir + "/index.html", encoding="utf-8").read()
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", text, re.S):
        name = re.search(r'class="ellipsed-name">(.*?)</span>', row)
        if not name:
            continue
        values = {}
        for col, value in re.findall(r'<td class="value [a-z]+ col-(\d+)">([^<]*)</td>', row):
            i = int(col) - 2
            if 0 <= i < len(COLS):
                v = value.strip()
                values[COLS[i]] = 0 if v == "-" else float(v.replace(",", ""))
        out[html.unescape(name.group(1))] = values
    return out


if __name__ == "__main__":
    stats = parse(sys.argv[1])
    names = sys.argv[2:]
    print(json.dumps({k: v for k, v in stats.items() if not names or k in names}, indent=1))
