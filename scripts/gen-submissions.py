#!/usr/bin/env python3
"""Writes N department submissions (form "submission") for tests and benchmarks of the
commands that read many drafts (collect, summary).

Usage: scripts/gen-submissions.py N OUTDIR [PROJECTS] [--flat]

Each is the bundled example (forms/examples/submission.json) filed by another unit
("测试单位00042"), with PROJECTS project tables (default: as in the example) and its figures
varied the way filed forms vary: the amount executed (some execution rates under 90%, some
with the reason written, some without), indicator actuals (some below the target), and now
and then a full score typed on a row whose actual misses its target — with a reason (an
override that counts) or without. Files go to OUTDIR/NNN/unitNNNNN.json (1,000 to a folder;
--flat: all in OUTDIR). Deterministic (fixed seed): the same N gives the same bytes.

No binary floating point: amounts are made from integers (hundredths of 万元).
"""
import copy
import json
import os
import random
import sys

SEED = 20251207


def money(cents):
    return "%d.%02d" % (cents // 100, cents % 100)


def vary_funds(rnd, funds, low_reason):
    budget = int(round_cents(funds.get("budget_annual") or "990"))
    budget = max(budget, 10000)
    pct = rnd.choice([100, 99, 98, 97, 95, 93, 91, 88, 75, 55])   # percent executed
    executed = budget * pct // 100
    funds["budget_annual"] = money(budget)
    funds["executed"] = money(executed)
    for k in ("rate", "exec_score"):
        funds.pop(k, None)    # computed: leave them to the engine (no typed figure)
    if pct < 90 and low_reason:
        funds["low_exec_reason"] = "部分项目年底集中支付，资金于次年初拨付到位。"
    else:
        funds.pop("low_exec_reason", None)


def round_cents(text):
    """'547.6879' -> 54768 (hundredths, truncated): integers only."""
    whole, _, frac = text.partition(".")
    return int(whole or "0") * 100 + int((frac + "00")[:2])


def vary_rows(rnd, rows, prefix, overrides):
    for row in rows:
        actual = row.get("actual", "")
        # a plain number with a unit: sometimes lower it below the target
        digits = "".join(ch for ch in actual if ch.isdigit())
        if digits and rnd.random() < 0.15:
            row["actual"] = actual.replace(digits, str(max(int(digits) // 3, 1)), 1)
            if rnd.random() < 0.5 and row.get("weight"):
                row["score"] = row["weight"]          # full marks typed anyway
                if rnd.random() < 0.5:
                    overrides[prefix + row["_id"] + ".score"] = {
                        "reason": "经复核，该指标实际完成情况以年报数据为准。",
                        "by": "测试", "at": "2026-04-27T10:00:00+08:00"}
            else:
                row.pop("score", None)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flat = "--flat" in sys.argv
    if len(args) < 2:
        sys.exit(__doc__)
    n, out = int(args[0]), args[1]
    nproj = int(args[2]) if len(args) > 2 else None
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "forms", "examples", "submission.json"),
              encoding="utf-8") as f:
        base = json.load(f)
    rnd = random.Random(SEED)
    os.makedirs(out, exist_ok=True)
    for i in range(1, n + 1):
        d = copy.deepcopy(base)
        unit = "测试单位%05d" % i
        d["meta"]["unit"] = unit
        d["overrides"] = {}
        v = d["values"]
        v["report"]["cover"]["unit"] = unit
        v["dept"]["header"]["department"] = unit
        vary_funds(rnd, v["dept"]["funds"], rnd.random() < 0.5)
        vary_rows(rnd, v["dept"]["indicators"], "dept.indicators.", d["overrides"])
        projects = v["projects"]
        if nproj is not None:
            made = []
            for k in range(nproj):
                p = copy.deepcopy(projects[k % len(projects)])
                p["_id"] = "p%d" % (k + 1)
                p["header"]["name"] = "%s项目%02d" % (unit, k + 1)
                made.append(p)
            projects = v["projects"] = made
        for p in projects:
            vary_funds(rnd, p["funds"], rnd.random() < 0.5)
            vary_rows(rnd, p["indicators"], "projects.%s.indicators." % p["_id"], d["overrides"])
        folder = out if flat else os.path.join(out, "%03d" % ((i - 1) // 1000))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "unit%05d.json" % i), "w", encoding="utf-8") as f:
            json.dump(d, f, ensure_ascii=False, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
