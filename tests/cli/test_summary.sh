#!/bin/sh
# `selfeval summary`: one row per table, CSV per RFC 4180 (read back with Python's csv module:
# commas, quotes and newlines in Chinese text), --bom, JSON with the same rows, the file's
# sha256, folders walked and sorted by path, the order of the names kept with -j, and a broken
# file among good ones listed with its reason (exit 1).
# Usage: sh tests/cli/test_summary.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
BIN=${SELFEVAL_BIN:-$PWD/$BUILD/test/selfeval}
SELFEVAL_FORMS=${SELFEVAL_FORMS:-$PWD/forms}
export SELFEVAL_FORMS
if [ ! -x "$BIN" ]; then
  echo "test_summary: $BIN is not built"
  exit 1
fi
tmp=$(mktemp -d /tmp/selfeval-cli-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Drafts made here from the fixtures: project tables with hard names, submissions, a broken one.
python3 - tests/fixtures "$tmp" <<'PY'
import json, os, sys
fix, tmp = sys.argv[1:3]
p = json.load(open(f"{fix}/seed001_project.json", encoding="utf-8"))
s = json.load(open(f"{fix}/seed000.json", encoding="utf-8"))
os.makedirs(f"{tmp}/in/b/deeper")
os.makedirs(f"{tmp}/in/a")
names = ['开放型经济,发展"引导"资金', '招商引资，"三产"\n发展资金', "普通项目", '"整个名称在引号里"', "末尾逗号,"]
for i, name in enumerate(names):
    p["values"]["header"]["name"] = name
    p["meta"]["unit"] = '益阳市商务局,"二科"' if i == 1 else "益阳市商务局"
    p["values"]["header"]["department"] = p["meta"]["unit"]   # where the clerk types it
    p["values"]["funds"]["executed"] = str(500 + i)
    where = "a" if i % 2 else "b/deeper"
    json.dump(p, open(f"{tmp}/in/{where}/p{i}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
json.dump(s, open(f"{tmp}/in/s0.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
open(f"{tmp}/in/a/broken.json", "w").write('{"format": "selfeval-draft/1",\n  "form": ')
open(f"{tmp}/in/a/notes.txt", "w").write("not a draft")
open(f"{tmp}/in/.hidden.json", "w").write("{}")
# many small copies for the order test, named so that argument order, path order and
# finishing order differ
os.makedirs(f"{tmp}/many")
for i in range(40):
    p["values"]["header"]["name"] = f"项目{i:02d}"
    p["values"]["indicators"] = p["values"]["indicators"][: 1 + (i * 7) % 12]
    json.dump(p, open(f"{tmp}/many/m{(i * 17) % 40:02d}.json", "w", encoding="utf-8"),
              ensure_ascii=False, indent=2)
PY

"$BIN" summary "$tmp/in" >"$tmp/csv.out" 2>"$tmp/csv.err"; echo $? >"$tmp/csv.rc"
"$BIN" summary --csv --bom -j 3 "$tmp/in" >"$tmp/bom.out" 2>/dev/null
"$BIN" summary --json "$tmp/in" >"$tmp/json.out" 2>/dev/null; echo $? >"$tmp/json.rc"
"$BIN" summary -o "$tmp/in/out.json" --json "$tmp/in" 2>/dev/null; echo $? >"$tmp/o.rc"
"$BIN" summary -o "$tmp/in/out.json" --json "$tmp/in" 2>/dev/null
"$BIN" summary "$tmp/in/b/deeper/p0.json" "$tmp/in/s0.json" >"$tmp/good.out" 2>"$tmp/good.err"; echo $? >"$tmp/good.rc"
for j in 1 2 7; do
  "$BIN" summary -j $j "$tmp/many" >"$tmp/many$j.out" 2>/dev/null
  # explicit names in reverse: the output keeps that order
  "$BIN" summary --jobs=$j $(ls "$tmp"/many/*.json | sort -r) >"$tmp/rev$j.out" 2>/dev/null
done
"$BIN" summary --json --bom x.json >/dev/null 2>"$tmp/usage.err"; echo $? >"$tmp/usage.rc"
"$BIN" summary >/dev/null 2>"$tmp/none.err"; echo $? >"$tmp/none.rc"

python3 - "$tmp" <<'PY'
import csv, hashlib, io, json, os, sys
tmp = sys.argv[1]
passed = failed = 0
def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1; print("ok   " + what)
    else:
        failed += 1; print("FAIL " + what + (": " + str(detail) if detail else ""))
rd = lambda n: open(f"{tmp}/{n}", "rb").read()
rc = lambda n: int(open(f"{tmp}/{n}.rc").read())

raw = rd("csv.out")
check(not raw.startswith(b"\xef\xbb\xbf"), "no byte order mark without --bom")
check(rd("bom.out").startswith(b"\xef\xbb\xbf"), "--bom starts with EF BB BF")
check(rd("bom.out")[3:] == raw, "--bom -j 3 gives the same rows after the mark")
recs = raw.split(b"\r\n")
check(recs[-1] == b"", "every record ends with CRLF")
rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
head = rows[0]
want_cols = ["file", "unit", "year", "form", "table", "name", "budget_initial", "budget_annual",
             "executed", "rate", "total", "grade", "recheck_total", "deviation", "errors", "warnings", "notices", "status",
             "modified", "sha256", "error"]
check(head == want_cols, "header", head)
rows = [dict(zip(head, r)) for r in rows[1:]]
check(all(len(r) == len(head) for r in rows), "every row has every column")

# folder walk: *.json only, hidden skipped, sorted by path (out.json is written later)
files = [r["file"] for r in rows]
order = []
for f in files:
    if f not in order:
        order.append(f)
want = sorted(os.path.join(dp, f) for dp, dn, fn in os.walk(f"{tmp}/in") for f in fn
              if f.endswith(".json") and not f.startswith(".") and f != "out.json")
check(order == want, "folder walked recursively, sorted by path", order)

# the hard names come back exactly
src = {}
for dp, dn, fn in os.walk(f"{tmp}/in"):
    for f in fn:
        if f.startswith("p") and f.endswith(".json"):
            src[os.path.join(dp, f)] = json.load(open(os.path.join(dp, f), encoding="utf-8"))
for path, d in sorted(src.items()):
    r = [x for x in rows if x["file"] == path]
    check(len(r) == 1, f"{os.path.basename(path)}: one row")
    if not r:
        continue
    r = r[0]
    check(r["name"] == d["values"]["header"]["name"], f"{os.path.basename(path)}: name read back", repr(r["name"]))
    check(r["unit"] == d["meta"]["unit"], f"{os.path.basename(path)}: unit read back", repr(r["unit"]))
    check(r["executed"] == d["values"]["funds"]["executed"], f"{os.path.basename(path)}: executed")
    check(r["sha256"] == hashlib.sha256(open(path, "rb").read()).hexdigest(), f"{os.path.basename(path)}: sha256")
    check(r["form"] == "project" and r["table"] == "" and r["error"] == "", f"{os.path.basename(path)}: form, table, no error")

# a submission: one row per table; the department's figures
s = [x for x in rows if x["file"].endswith("/s0.json")]
check([x["table"] for x in s] == ["report", "basic", "dept"], "submission: a row per table", [x["table"] for x in s])
dept = [x for x in s if x["table"] == "dept"]
if dept:
    d = json.load(open(f"{tmp}/in/s0.json", encoding="utf-8"))["values"]["dept"]
    check(dept[0]["form"] == "department" and dept[0]["budget_annual"] == d["funds"]["budget_annual"],
          "submission: the department table's budget")
    check(dept[0]["grade"] in ("优", "良", "中", "差") and dept[0]["total"] != "", "submission: total and grade")

# the broken file is listed with its reason, and the run says so
b = [x for x in rows if x["file"].endswith("/broken.json")]
check(len(b) == 1 and "broken.json" in b[0]["error"] and "line" in b[0]["error"],
      "broken file: a row with its reason (file, line)", b)
check(rc("csv") == 1, "a broken file among good ones: exit 1", rc("csv"))
check("broken.json" in open(f"{tmp}/csv.err", encoding="utf-8").read(), "broken file named on stderr")
check(rc("good") == 0 and rd("good.err") == b"", "only good files: exit 0, nothing on stderr")

# JSON: the same rows
doc = json.loads(rd("json.out"))
check(doc.get("selfeval_summary") == 1, "JSON: version 1")
jr = doc["rows"]
check(len(jr) == len(rows), "JSON: as many rows as CSV", (len(jr), len(rows)))
same = all(all((str(j[k]) if j[k] is not None else "") == c[k] for k in want_cols) for j, c in zip(jr, rows))
check(same, "JSON: the same values as CSV")
check(all(isinstance(j["errors"], int) for j in jr if j["error"] is None), "JSON: counts are numbers")
check(rc("json") == 1, "JSON: exit 1 with the broken file")

# -o inside the folder walked: not read back as a draft the second time
o = json.load(open(f"{tmp}/in/out.json", encoding="utf-8"))
check(not any(r["file"].endswith("out.json") for r in o["rows"]), "-o FILE inside the folder is not summarised")
check(rc("o") == 1, "-o: exit 1 with the broken file")

# order with -j: the same bytes for 1, 2 and 7 jobs; folder sorted, explicit names as given
m1 = rd("many1.out")
check(m1 == rd("many2.out") == rd("many7.out"), "-j 1, 2, 7: the same output (folder)")
mf = [r[0] for r in csv.reader(io.StringIO(m1.decode(), newline=""))][1:]
check(mf == sorted(mf) and len(mf) == 40, "folder: sorted by path")
r1 = rd("rev1.out")
check(r1 == rd("rev2.out") == rd("rev7.out"), "-j 1, 2, 7: the same output (names)")
rf = [r[0] for r in csv.reader(io.StringIO(r1.decode(), newline=""))][1:]
check(rf == sorted(mf, reverse=True), "names: the order given")

check(rc("usage") == 2 and "bom" in open(f"{tmp}/usage.err").read(), "--json --bom refused (exit 2)")
check(rc("none") == 2, "no names: exit 2")
print(f"test_summary: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
