#!/bin/sh
# An open query on a row the clerk deleted names no field: it cannot be answered or jumped to.
# It is reported (query.orphan, in check and the findings list), the list of queries says its
# row was deleted, and the reviewer closes it from the findings list (Enter asks) or the list of
# queries (c); an answered-and-closed one is history, not reported.
. "$(dirname "$0")/lib.sh"
e2e_init query_orphan
D=$E2E_DIR/d.json
cp "$PWD/tests/fixtures/seed001_project.json" "$E2E_DIR/a.json"
"$SELFEVAL_BIN" query "$E2E_DIR/a.json" indicators.r2.actual --text 请说明依据 --by R \
  >/dev/null 2>&1 || e2e_fail "query on the fixture failed"
jq 'del(.values.indicators[1])' "$E2E_DIR/a.json" > "$D" || e2e_fail "jq failed"
"$SELFEVAL_BIN" check "$D" >"$E2E_DIR/check.out" 2>&1
grep -q "query.orphan" "$E2E_DIR/check.out" || e2e_fail "check does not report the orphaned query: $(cat "$E2E_DIR/check.out")"

E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 120 30 edit --review --english d.json
e2e_wait "Review"
e2e_keys M-l
e2e_wait "row deleted"
e2e_keys Enter
e2e_wait "its row was deleted"
e2e_keys Escape
e2e_keys F3
e2e_wait "query q1 is on indicators.r2.actual"
# the first of the list (the draft's own findings come first), selected
e2e_capture | sed -n 3p | grep -q "query q1 is on" || e2e_fail "the orphaned query is not first: $(e2e_capture)"
e2e_keys Enter
e2e_wait "Close it?"
e2e_keys Left Enter
e2e_wait "Query q1 closed"
e2e_keys C-s
e2e_wait "Saved"
e2e_keys F10
e2e_wait "[exit 0]"
[ "$(jq -r '.queries[0].state' "$D")" = closed ] || e2e_fail "the query is not closed: $(jq -c .queries "$D")"
"$SELFEVAL_BIN" check "$D" >"$E2E_DIR/check.out" 2>&1
grep -q "query.orphan" "$E2E_DIR/check.out" && e2e_fail "a closed query is still reported"
e2e_finish
