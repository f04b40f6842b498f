#!/bin/sh
# A submission changed on disk under a reviewer (a hand edit, a copy over it): approving it is
# refused with the whole reason, which names the key that reloads it and says how the file
# changed without naming a person the file does not name; the key asks first when the
# reviewer has unsaved work (a query), then reads the file again at the same section, drops
# the unsaved query with its journal, and the return goes through on what is on disk.
. "$(dirname "$0")/lib.sh"
e2e_init review_reload
FIX=$PWD/tests/fixtures
in=$E2E_DIR/in
mkdir -p "$in"
D=$in/a.json
jq '.meta.unit = "甲单位" | .values.header.department = "甲单位"' "$FIX/seed001_project.json" >"$D"
SELFEVAL_USER=甲张三 "$SELFEVAL_BIN" submit "$D" >/dev/null 2>&1 || e2e_fail "submit of the fixture failed"
jq '.meta.unit = "乙单位" | .values.header.department = "乙单位"' "$FIX/seed001_project.json" >"$in/b.json"
SELFEVAL_USER=乙李四 "$SELFEVAL_BIN" submit "$in/b.json" >/dev/null 2>&1 || e2e_fail "submit of b failed"

E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 100 30 review in
e2e_wait "2 submissions"
e2e_keys Enter
e2e_wait "Review"
e2e_keys Enter
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys M-q
e2e_wait "Query on"
e2e_type "请说明依据"
e2e_keys Enter
e2e_wait "Query q1 opened"
# someone changes the file by other means
jq '.values.goals.achieved = "磁盘上改过的文字"' "$D" >"$E2E_DIR/t" && cat "$E2E_DIR/t" >"$D"
e2e_keys M-a
e2e_wait "Approve a.json?"
e2e_keys Left Enter
e2e_wait "changed since you opened it"
e2e_wait "Ctrl-R reloads"
e2e_capture | grep -q "changed by another program" || e2e_fail "how the file changed is not said: $(e2e_capture)"
e2e_capture | grep -q "甲张三" && e2e_fail "the submitter is named as who changed the file"
e2e_keys Enter
e2e_wait_gone "Ctrl-R reloads"
# unsaved work: asked first; No keeps everything as it was
e2e_keys C-r
e2e_wait "Reload a.json from disk?"
e2e_keys Enter
e2e_wait_gone "Reload a.json from disk?"
grep -q "请说明依据" "$D.journal" || e2e_fail "the unsaved query's journal went away on No"
e2e_keys C-r
e2e_wait "Reload a.json from disk?"
e2e_keys Left Enter
e2e_wait "Reloaded"
e2e_wait "Section 5/7"
e2e_wait_gone "Query q1"
grep -q "请说明依据" "$D.journal" 2>/dev/null && e2e_fail "the dropped query is still in the journal"
# the file as it is on disk is what is acted on now: its values changed since the submission,
# so it is returned (an approval is refused), and the return is saved
e2e_keys M-t
e2e_wait "Return to the clerk"
e2e_type "请核实改动"
e2e_keys Enter
e2e_wait "Returned to the clerk and saved"
[ "$(jq -r .meta.status "$D")" = returned ] || e2e_fail "not returned: $(jq -r .meta.status "$D")"
[ "$(jq -r .values.goals.achieved "$D")" = "磁盘上改过的文字" ] || e2e_fail "the change on disk was lost"
[ "$(jq -c '.queries // [] | length' "$D")" = 0 ] || e2e_fail "the dropped query reached the file"
# nothing unsaved: Ctrl-R reads the file again at once
e2e_keys C-r
e2e_wait "Reloaded"
e2e_wait "Section 5/7"
# the next submission, returned there: back in the inbox both lines say so (the line of a
# submission reached by next / reloaded is read again too)
e2e_keys M-.
e2e_wait "乙单位"
e2e_wait "Section 5/7"
e2e_keys M-t
e2e_wait "Return to the clerk"
e2e_type "请补充"
e2e_keys Enter
e2e_wait "Returned to the clerk and saved"
e2e_keys M-i
e2e_wait "2 submissions"
e2e_wait_line "甲单位" "returned"
e2e_wait_line "乙单位" "returned"
e2e_keys F10
e2e_wait "[exit 0]"
[ -e "$D.journal" ] && e2e_fail "a journal is left: $(ls "$in")"
e2e_finish
