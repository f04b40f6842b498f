#!/usr/bin/env python3
"""Writes N department submissions (form "submission": report, basic table, department table,
one project table each) into DIR, for benchmarks of many drafts (summary, check, collect).

Usage: scripts/gen-submissions.py N DIR

Each is the bundled example (forms/examples/submission.json) with its own unit name, executed
amounts and project name, so no two files are the same bytes. Files go into sub-folders of
1,000 (DIR/0000/…, DIR/0001/…), as a bureau's folders per city would hold them. Deterministic:
the same N gives the same bytes. Amounts are made from integers (no binary floating point).
"""
import json
import os
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen-submissions.py N DIR")
    n, out = int(sys.argv[1]), sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    base = json.load(open(os.path.join(here, "..", "forms", "examples", "submission.json"),
                          encoding="utf-8"))
    dept = base["values"]["dept"]["funds"]
    proj = base["values"]["projects"][0]
    exec0 = int(dept["executed"].replace(".", ""))          # hundredths of 万元
    pexec0 = int(proj["funds"]["executed"].replace(".", ""))  # ten-thousandths
    for i in range(n):
        sub = os.path.join(out, "%04d" % (i // 1000))
        os.makedirs(sub, exist_ok=True)
        base["meta"]["unit"] = "第%05d号预算单位" % i
        base["values"]["report"]["cover"]["unit"] = base["meta"]["unit"]
        e = exec0 - (i * 37) % 400000
        dept["executed"] = "%d.%02d" % (e // 100, e % 100)
        pe = pexec0 + (i * 113) % 4000000
        proj["funds"]["executed"] = "%d.%04d" % (pe // 10000, pe % 10000)
        proj["header"]["name"] = "项目%05d：开放型经济发展引导资金" % i
        with open(os.path.join(sub, "s%05d.json" % i), "w", encoding="utf-8") as f:
            json.dump(base, f, ensure_ascii=False, indent=2)
            f.write("\n")


main()
