#!/bin/sh
# 复核 in the outputs: `summary` (CSV, JSON) gives each table's 复核总分 and 偏差 beside its 总分
# (自评总分), and `collect` puts them in `tables` and each re-checked score in `rechecks`, on
# SQLite and on PostgreSQL; a database of schema version 1 is brought to version 2 in place.
# Usage: sh tests/cli/test_recheck_outputs.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
. "$PWD/tests/cli/lib.sh"
cli_program test_recheck_outputs
for tool in sqlite3 psql python3; do
  command -v "$tool" >/dev/null || { echo "test_recheck_outputs: $tool is missing"; exit 1; }
done
. tests/lib/pg_cluster.sh
tmp=$(mktemp -d /tmp/selfeval-recheck-XXXXXX) || exit 1
cleanup() { pg_cluster_stop; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# seed 001 (总分 95.53) re-checked: 引进 500 强企业 10 -> 8, 湘商回湘 10 -> 9.5; a second
# unit's copy without re-check figures
mkdir -p "$tmp/in"
python3 - tests/fixtures/seed001_project.json "$tmp/in" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
d = json.load(open(src, encoding="utf-8"))
plain = json.loads(json.dumps(d))
plain["meta"]["unit"] = plain["values"]["header"]["department"] = "益阳市财政局"
json.dump(plain, open(out + "/b_plain.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
d["format"] = "selfeval-draft/1.1"
d["meta"]["status"] = "rechecked"
d["recheck"] = {
    "indicators.r2.score": {"actual": "10 家", "score": "8", "reason": "完成值无佐证，扣2分",
                            "by": "市财政局 王", "at": "2026-05-08T09:00:00+08:00"},
    "indicators.r5.score": {"score": "9.5", "reason": "统计口径不一致"},
}
json.dump(d, open(out + "/a_rechecked.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY

t "summary --json" 0 summary --json "$tmp/in"
python3 - "$tmp/out" <<'PY'
import json, sys
rows = {r["unit"]: r for r in json.load(open(sys.argv[1], encoding="utf-8"))["rows"]}
a, b = rows["益阳市商务局"], rows["益阳市财政局"]
fails = []
def want(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond: fails.append(what)
want(a["total"] == "95.53", "自评总分 stays the total: " + a["total"])
want(a.get("recheck_total") == "93.03", "复核总分 = 95.53 − 2 − 0.5: %r" % a.get("recheck_total"))
want(a.get("deviation") == "-2.50", "偏差 −2.50: %r" % a.get("deviation"))
want(a["status"] == "rechecked", "status rechecked")
want("recheck_total" in b and b["recheck_total"] is None and b["deviation"] is None,
     "a draft without re-check figures: null")
keys = list(a)
want(keys.index("recheck_total") == keys.index("grade") + 1 and keys.index("deviation") == keys.index("grade") + 2,
     "the new keys follow grade")
sys.exit(1 if fails else 0)
PY
verdict "summary --json: 复核总分 and 偏差"

t "summary (CSV)" 0 summary "$tmp/in"
python3 - "$tmp/out" <<'PY'
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(open(sys.argv[1], encoding="utf-8", newline="").read())))
a = [r for r in rows if r["unit"] == "益阳市商务局"][0]
b = [r for r in rows if r["unit"] == "益阳市财政局"][0]
ok = a["recheck_total"] == "93.03" and a["deviation"] == "-2.50" and b["recheck_total"] == "" and b["deviation"] == ""
print(("ok   " if ok else "FAIL ") + "CSV columns recheck_total, deviation")
sys.exit(0 if ok else 1)
PY
verdict "summary CSV: 复核总分 and 偏差"

# ---- collect: SQLite, then PostgreSQL, the same answers
cat >"$tmp/q.sql" <<'SQL'
SELECT s.unit, t.total, t.recheck_total, t.deviation FROM tables t JOIN submissions s ON s.id = t.submission_id ORDER BY s.unit;
SELECT r.path, r.storage_path, r.self_score, r.recheck_actual, r.recheck_score, r.deviation, r.reason, r.checked_by FROM rechecks r ORDER BY r.storage_path;
SELECT max(version) FROM selfeval_schema;
SQL
norm() {
  awk -F'|' 'BEGIN { OFS = "|" } {
    for (i = 1; i <= NF; i++)
      if ($i ~ /^-?[0-9]+\.[0-9]+$/) { sub(/0+$/, "", $i); sub(/\.$/, "", $i) }
    print }'
}
cat >"$tmp/want" <<'EOF2'
益阳市商务局|95.53|93.03|-2.5
益阳市财政局|95.53||
indicators[2].score|indicators.r2.score|10|10 家|8|-2|完成值无佐证，扣2分|市财政局 王
indicators[5].score|indicators.r5.score|10||9.5|-0.5|统计口径不一致|
2
EOF2
SQ=$tmp/bureau.sqlite
t "collect into SQLite" 0 collect --db "$SQ" "$tmp/in"
sqlite3 -bail -batch -noheader -separator '|' "$SQ" <"$tmp/q.sql" | norm >"$tmp/got.sq" 2>"$tmp/err"
diff "$tmp/want" "$tmp/got.sq" >"$tmp/err"; verdict "SQLite: tables and rechecks hold the 复核 figures"

# a database of version 1 (the columns and the table removed, as an older selfeval made it)
sqlite3 -bail "$SQ" "DROP TABLE rechecks; ALTER TABLE tables DROP COLUMN recheck_total;
  ALTER TABLE tables DROP COLUMN deviation; UPDATE selfeval_schema SET version = 1;" 2>"$tmp/err"
verdict "SQLite: back to schema version 1"
t "collect into a version 1 SQLite database" 0 collect --db "$SQ" "$tmp/in"
sqlite3 -bail -batch -noheader -separator '|' "$SQ" <"$tmp/q.sql" | norm >"$tmp/got.sq" 2>"$tmp/err"
diff "$tmp/want" "$tmp/got.sq" >"$tmp/err"; verdict "SQLite: migrated to version 2, rows replaced, not doubled"

if ! pg_cluster_start; then
  echo "FAIL a PostgreSQL cluster could not be started"
  exit 1
fi
psql -q -X "$PG_URL" -c "CREATE DATABASE bureau" >/dev/null 2>"$tmp/err"; verdict "PostgreSQL database made"
PG=$(pg_url bureau)
t "collect into PostgreSQL" 0 collect --db "$PG" "$tmp/in"
psql -X -q -At -F '|' -v ON_ERROR_STOP=1 "$PG" -f "$tmp/q.sql" 2>"$tmp/err" | norm >"$tmp/got.pg"
diff "$tmp/want" "$tmp/got.pg" >"$tmp/err"; verdict "PostgreSQL: the same answers"
psql -X -q -v ON_ERROR_STOP=1 "$PG" -c "DROP TABLE rechecks" -c "ALTER TABLE tables DROP COLUMN recheck_total" \
  -c "ALTER TABLE tables DROP COLUMN deviation" -c "UPDATE selfeval_schema SET version = 1" >/dev/null 2>"$tmp/err"
verdict "PostgreSQL: back to schema version 1"
t "collect into a version 1 PostgreSQL database" 0 collect --db "$PG" "$tmp/in"
psql -X -q -At -F '|' -v ON_ERROR_STOP=1 "$PG" -f "$tmp/q.sql" 2>"$tmp/err" | norm >"$tmp/got.pg"
diff "$tmp/want" "$tmp/got.pg" >"$tmp/err"; verdict "PostgreSQL: migrated to version 2, rows replaced"

cli_done test_recheck_outputs
