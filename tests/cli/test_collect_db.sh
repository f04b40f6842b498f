#!/bin/sh
# `selfeval collect` into SQLite and into a real PostgreSQL 15 (a throwaway cluster started here
# and removed on exit, also when a test fails): the bureau's queries of docs/database.md give
# the same answers on both; collecting again replaces, never duplicates; a broken file among
# good ones is kept with its reason; a connection that fails says so and exits 2; a collect
# killed midway leaves both databases as they were.
# Usage: sh tests/cli/test_collect_db.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
. "$PWD/tests/cli/lib.sh"
cli_program test_collect_db
for tool in sqlite3 psql python3; do
  command -v "$tool" >/dev/null || { echo "test_collect_db: $tool is missing (make check installs it)"; exit 1; }
done
. tests/lib/pg_cluster.sh

tmp=$(mktemp -d /tmp/selfeval-collect-XXXXXX) || exit 1
cleanup() {
  [ -n "${bg:-}" ] && kill -9 "$bg" 2>/dev/null
  pg_cluster_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! pg_cluster_start; then
  echo "FAIL a PostgreSQL cluster could not be started"
  exit 1
fi
ok "a throwaway PostgreSQL cluster runs in $PG_DIR (Unix socket only)"
psql -q -X "$PG_URL" -c "CREATE DATABASE bureau" -c "CREATE DATABASE killed" >/dev/null 2>"$tmp/err"
verdict "databases made"
PG=$(pg_url bureau)
SQ=$tmp/bureau.sqlite

# ---- the queries, taken from docs/database.md (each "-- query: NAME" block)
mkdir -p "$tmp/q"
awk -v dir="$tmp/q" '
  /^```sql/ { insql = 1; next }
  /^```/    { insql = 0; out = ""; next }
  insql && /^-- query: / { out = dir "/" $3 ".sql"; next }
  insql && out != "" { print >> out }
' docs/database.md
nq=$(ls "$tmp/q" | wc -l)
[ "$nq" -ge 5 ]; verdict "docs/database.md holds the bureau's queries ($nq)"

# run_sq / run_pg QUERY_FILE: the answer, numbers normalised (95.40 and 95.4 are one number)
norm() {
  awk -F'|' 'BEGIN { OFS = "|" } {
    for (i = 1; i <= NF; i++)
      if ($i ~ /^-?[0-9]+\.[0-9]+$/) { sub(/0+$/, "", $i); sub(/\.$/, "", $i) }
    print }'
}
run_sq() { sqlite3 -bail -batch -noheader -separator '|' "$SQ" <"$1" | norm; }
run_pg() { psql -X -q -At -F '|' -v ON_ERROR_STOP=1 "$PG" -f "$1" | norm; }
state() {   # everything a reader can see, for "the database is as it was"
  for q in "$tmp"/q/*.sql; do echo "== $(basename "$q")"; "$1" "$q"; done
  printf '%s\n' "SELECT 'submissions', count(*), coalesce(max(id), 0) FROM submissions;" \
    "SELECT 'tables', count(*) FROM tables;" "SELECT 'indicators', count(*) FROM indicators;" \
    "SELECT 'figures', count(*) FROM figures;" "SELECT 'findings', count(*) FROM findings;" \
    >"$tmp/counts.sql"
  "$1" "$tmp/counts.sql"
}

# ---- drafts: generated submissions, the seeds, and a broken file among them
mkdir -p "$tmp/in"
python3 scripts/gen-submissions.py 24 "$tmp/in/gen" 2 --flat || { echo "FAIL cannot generate"; exit 1; }
cp tests/fixtures/seed000.json tests/fixtures/seed001_project.json "$tmp/in/"
head -c 2000 tests/fixtures/seed001_project.json >"$tmp/in/broken.json"
# a re-checked project table (复核: two scores lowered), for the re-check query
python3 - tests/fixtures/seed001_project.json "$tmp/in/rechecked.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["format"], d["meta"]["unit"], d["meta"]["status"] = "selfeval-draft/1.1", "益阳市复核样例局", "rechecked"
d["values"]["header"]["department"] = d["meta"]["unit"]   # where the clerk types it
d["recheck"] = {"indicators.r2.score": {"score": "8", "reason": "完成值无佐证"},
                "indicators.r5.score": {"score": "9.5", "reason": "口径不一致"}}
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
nfiles=$(find "$tmp/in" -name '*.json' | wc -l)

for target in "$SQ" "$PG"; do
  name=$(case "$target" in postgresql:*) echo PostgreSQL ;; *) echo SQLite ;; esac)
  "$BIN" collect --db "$target" "$tmp/in" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ "$rc" -eq 1 ]; verdict "$name: a broken file among good ones: exit 1 (got $rc)"
  grep -q "broken.json" "$tmp/err"; verdict "$name: the broken file is named on stderr"
done
[ "$(sqlite3 "$SQ" "SELECT count(*) FROM submissions")" = "$nfiles" ]
verdict "SQLite: one submission row per file ($nfiles)"
[ "$(psql -X -At "$PG" -c "SELECT count(*) FROM submissions")" = "$nfiles" ]
verdict "PostgreSQL: one submission row per file ($nfiles)"
q="SELECT error FROM submissions WHERE file LIKE '%broken.json'"
sqlite3 "$SQ" "$q" | grep -q "broken.json line"; verdict "SQLite: the broken file's reason names its line"
psql -X -At "$PG" -c "$q" | grep -q "broken.json line"; verdict "PostgreSQL: the broken file's reason names its line"

# ---- the bureau's queries: the same answers on both, and each has something to say
for q in "$tmp"/q/*.sql; do
  n=$(basename "$q" .sql)
  run_sq "$q" >"$tmp/$n.sq" 2>"$tmp/err"; verdict "SQLite runs $n"
  run_pg "$q" >"$tmp/$n.pg" 2>"$tmp/err"; verdict "PostgreSQL runs $n"
  [ -s "$tmp/$n.sq" ]; verdict "$n finds rows ($(wc -l <"$tmp/$n.sq"))"
  if cmp -s "$tmp/$n.sq" "$tmp/$n.pg"; then ok "$n: SQLite and PostgreSQL agree"
  else fail "$n: SQLite and PostgreSQL differ"; diff "$tmp/$n.sq" "$tmp/$n.pg" | head -10; fi
done
# facts of the seeds (tests/fixtures/README.md): seed 001 executes 55.32% without a reason
grep -q "开放型经济发展与三产业发展引导资金|55.32" "$tmp/low_execution_without_reason.sq"
verdict "seed 001's 55.32% without a reason is listed"
grep -q "^测试单位" "$tmp/summary_by_department.sq"; verdict "the 汇总表 lists the generated units"

# ---- collecting again replaces, never duplicates
state run_sq >"$tmp/before.sq"; state run_pg >"$tmp/before.pg"
"$BIN" collect --db "$SQ" "$tmp/in" >/dev/null 2>&1
"$BIN" collect --db "$PG" "$tmp/in" >/dev/null 2>&1
state run_sq | grep -v "^submissions|" >"$tmp/again.sq"
state run_pg | grep -v "^submissions|" >"$tmp/again.pg"
grep -v "^submissions|" "$tmp/before.sq" | cmp -s - "$tmp/again.sq"; verdict "SQLite: collecting again changes no answer and no count"
grep -v "^submissions|" "$tmp/before.pg" | cmp -s - "$tmp/again.pg"; verdict "PostgreSQL: collecting again changes no answer and no count"
[ "$(sqlite3 "$SQ" "SELECT count(*) FROM submissions")" = "$nfiles" ]; verdict "SQLite: still one row per file"
[ "$(psql -X -At "$PG" -c "SELECT count(*) FROM submissions")" = "$nfiles" ]; verdict "PostgreSQL: still one row per file"
# a file mended: its error row goes, its submission comes
cp tests/fixtures/seed001_project.json "$tmp/in/broken.json"
python3 - "$tmp/in/broken.json" <<'EOF'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding="utf-8"))
d["values"]["header"]["name"] = "修好的项目"
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False)
EOF
for target in "$SQ" "$PG"; do
  "$BIN" collect --db "$target" "$tmp/in/broken.json" >/dev/null 2>"$tmp/err"; verdict "collect of the mended file: exit 0"
done
q="SELECT count(*) FROM submissions WHERE error IS NOT NULL; SELECT count(*) FROM submissions WHERE project = '修好的项目';"
[ "$(sqlite3 "$SQ" "$q" | tr '\n' ' ')" = "0 1 " ]; verdict "SQLite: the mended file replaces its error row"
[ "$(psql -X -At "$PG" -c "SELECT count(*) FROM submissions WHERE error IS NOT NULL" -c "SELECT count(*) FROM submissions WHERE project = '修好的项目'" | tr '\n' ' ')" = "0 1 " ]
verdict "PostgreSQL: the mended file replaces its error row"

# ---- two files of one run with the same key (unit, year, form, project): the database keeps
# one, and the run says which replaced which, on both targets
mkdir -p "$tmp/twice"
cp "$PWD/tests/fixtures/seed001_project.json" "$tmp/twice/a.json"
cp "$PWD/tests/fixtures/seed001_project.json" "$tmp/twice/b.json"
for target in "$tmp/twice.sqlite" "$PG"; do
  name=$(case "$target" in postgresql:*) echo PostgreSQL ;; *) echo SQLite ;; esac)
  "$BIN" collect --db "$target" "$tmp/twice" >"$tmp/out" 2>"$tmp/err"
  grep -q "b.json: the same unit, year, form and project as .*a.json" "$tmp/err"
  verdict "$name: a file replacing another of the same run is named, with the one it replaced"
  grep -q "1 submission replaced another of this run" "$tmp/err"; verdict "$name: the count is said"
done
[ "$(sqlite3 "$tmp/twice.sqlite" "SELECT file FROM submissions")" = "$tmp/twice/b.json" ]
verdict "SQLite: the later file is the one kept"
"$BIN" collect --db "$tmp/twice.sqlite" "$tmp/twice/a.json" >"$tmp/out" 2>"$tmp/err"
! grep -q "replaced another" "$tmp/err"; verdict "a later run replacing an earlier run's rows says nothing (that is what collect is for)"

# ---- a connection that fails: a clear message, exit 2, no password shown
"$BIN" collect --db "postgresql://clerk:sekret@/bureau?host=$tmp/no-server" "$tmp/in/gen" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ]; verdict "a PostgreSQL that cannot be reached: exit 2 (got $rc)"
grep -q "cannot connect to PostgreSQL" "$tmp/err"; verdict "the message says it cannot connect"
grep -q "no-server" "$tmp/err"; verdict "the message names where it tried"
! grep -q "sekret" "$tmp/err"; verdict "the password is not printed"
"$BIN" collect --db "$tmp/no-such-folder/x.sqlite" "$tmp/in/gen" >"$tmp/out" 2>"$tmp/err"
[ "$?" -eq 2 ] && grep -q "no-such-folder/x.sqlite" "$tmp/err"; verdict "a SQLite file that cannot be made: exit 2, named"
"$BIN" collect "$tmp/in/gen" >"$tmp/out" 2>"$tmp/err"
[ "$?" -eq 2 ] && grep -q -- "--db" "$tmp/err"; verdict "collect without --db: exit 2, asks for it"

# ---- a collect killed midway leaves the database as it was
# The test build stops itself (SIGSTOP) after the 100th draft when SELFEVAL_TEST_COLLECT_STOP
# says so: its transaction is open and, for PostgreSQL, rows already sent; then kill -9.
mkdir -p "$tmp/many"
python3 scripts/gen-submissions.py 120 "$tmp/many" --flat
KPG=$(pg_url killed)
"$BIN" collect --db "$KPG" "$tmp/in/gen" >/dev/null 2>&1
cp "$SQ" "$tmp/killed.sqlite"
for target in "$tmp/killed.sqlite" "$KPG"; do
  case "$target" in postgresql:*) name=PostgreSQL; runner=run_pg; PG_SAVE=$PG; PG=$KPG ;;
                    *) name=SQLite; runner=run_sq; SQ_SAVE=$SQ; SQ=$target ;; esac
  state $runner >"$tmp/k.before"
  SELFEVAL_TEST_COLLECT_STOP=100 "$BIN" collect --db "$target" "$tmp/many" >/dev/null 2>&1 &
  bg=$!
  reached=no
  for i in $(seq 1 600); do   # up to 60 s on a loaded machine
    st=$(sed 's/^.*) //' "/proc/$bg/stat" 2>/dev/null | cut -c1)
    if [ "$st" = T ]; then reached=yes; break; fi
    kill -0 "$bg" 2>/dev/null || break
    sleep 0.1
  done
  [ "$reached" = yes ]; verdict "$name: collect is midway (stopped after 100 of 120 drafts)"
  kill -9 "$bg" 2>/dev/null; wait "$bg" 2>/dev/null; bg=""
  state $runner >"$tmp/k.after"
  if cmp -s "$tmp/k.before" "$tmp/k.after"; then ok "$name: the killed collect left the database as it was"
  else fail "$name: the killed collect changed the database"; diff "$tmp/k.before" "$tmp/k.after" | head; fi
  # and the database is not left locked: the next collect works
  "$BIN" collect --db "$target" "$tmp/in/gen" >/dev/null 2>"$tmp/err"; verdict "$name: a collect after the kill works"
  case "$target" in postgresql:*) PG=$PG_SAVE ;; *) SQ=$SQ_SAVE ;; esac
done
[ "$(sqlite3 "$tmp/killed.sqlite" "PRAGMA integrity_check")" = ok ]; verdict "SQLite: integrity_check ok after the kill"

# ---- a new SQLite file: filled with a rollback journal, WAL once committed; killed midway it
# is left without a table. Submissions of 10 project tables each: by the 100th the run's pages
# no longer fit SQLite's page cache, so some are in the file when it is killed.
[ "$(sqlite3 "$SQ" "PRAGMA journal_mode")" = wal ]; verdict "SQLite: a database made by collect is in WAL mode"
[ "$(sqlite3 "$SQ" "PRAGMA page_size")" = 65536 ]; verdict "SQLite: a database made by collect has pages of 64 KiB"
mkdir -p "$tmp/big"
python3 scripts/gen-submissions.py 120 "$tmp/big" 10 --flat
NEW=$tmp/new.sqlite
SELFEVAL_TEST_COLLECT_STOP=100 "$BIN" collect --db "$NEW" "$tmp/big" >/dev/null 2>&1 &
bg=$!
reached=no
for i in $(seq 1 1200); do   # up to 120 s on a loaded machine
  st=$(sed 's/^.*) //' "/proc/$bg/stat" 2>/dev/null | cut -c1)
  if [ "$st" = T ]; then reached=yes; break; fi
  kill -0 "$bg" 2>/dev/null || break
  sleep 0.1
done
[ "$reached" = yes ]; verdict "SQLite, new file: collect is midway (stopped after 100 of 120 drafts)"
[ "$(stat -c %s "$NEW")" -gt 1048576 ]; verdict "SQLite, new file: rows were in the file when it was killed ($(stat -c %s "$NEW") bytes)"
kill -9 "$bg" 2>/dev/null; wait "$bg" 2>/dev/null; bg=""
[ "$(sqlite3 "$NEW" "SELECT count(*) FROM sqlite_schema")" = 0 ]; verdict "SQLite, new file: the killed collect left no table"
"$BIN" collect --db "$NEW" "$tmp/in" >/dev/null 2>"$tmp/err"
verdict "SQLite, new file: a collect after the kill works"
[ "$(sqlite3 "$NEW" "PRAGMA integrity_check")" = ok ] && [ "$(sqlite3 "$NEW" "PRAGMA journal_mode")" = wal ]
verdict "SQLite, new file: integrity_check ok and WAL after the kill"
SQ_SAVE=$SQ; SQ=$NEW
# (sorted: rows a query leaves in no order come in the order they were collected)
for q in "$tmp"/q/*.sql; do run_sq "$q" | sort; done >"$tmp/new.answers"
SQ=$SQ_SAVE
for q in "$tmp"/q/*.sql; do run_sq "$q" | sort; done >"$tmp/old.answers"
if cmp -s "$tmp/new.answers" "$tmp/old.answers"; then ok "SQLite, new file: the same answers as the database collected before"
else fail "SQLite, new file: answers differ from the database collected before"; diff "$tmp/old.answers" "$tmp/new.answers" | head; fi

cli_done test_collect_db
