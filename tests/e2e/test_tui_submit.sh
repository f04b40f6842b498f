#!/bin/sh
# The clerk's 送审 from the editor (Alt-s): refused while the draft has errors (the findings
# list opens and the file keeps its status); on a clean draft it asks, saves what was typed,
# then submits (status, history with the values' sha256, verify passes). In review mode the
# key says that submitting is the clerk's.
. "$(dirname "$0")/lib.sh"
e2e_init submit
FIX=$PWD/tests/fixtures
D=$E2E_DIR/d.json
json() { jq -r "$1" "$D"; }
want() { [ "$(json "$1")" = "$2" ] || e2e_fail "$1 is '$(json "$1")', expected '$2'"; }
E2E_ENV="SELFEVAL_USER=贺家悦"

# ---- a draft with an error: the typed execution rate disagrees with the computed one ----
jq '.values.funds.rate = "99%"' "$FIX/seed001_project.json" > "$D"
cp "$D" "$E2E_DIR/before"
e2e_start 100 30 edit d.json
e2e_wait "Section 1/"
e2e_keys M-s
e2e_wait "error(s): not submitted"
e2e_wait "typed as 99%"
e2e_keys Escape
e2e_keys F10
e2e_wait "[exit 0]"
cmp -s "$D" "$E2E_DIR/before" || e2e_fail "a refused submission changed the file"

# ---- a clean draft: a value typed, not saved; Alt-s asks, saves it, submits ----
cp "$FIX/seed001_project.json" "$D"
e2e_start 100 30 edit d.json
e2e_wait "Section 1/"
e2e_type "开放型经济发展引导资金"
e2e_keys Tab
e2e_wait "开放型经济发展引导资金"
e2e_keys M-s
e2e_wait "Submit d.json for review?"
e2e_keys n
e2e_wait_gone "Submit d.json for review?"
want .meta.status draft
e2e_keys M-s
e2e_wait "Submit d.json for review?"
e2e_keys y
e2e_wait "Submitted for review and saved"
e2e_keys F10
e2e_wait "[exit 0]"
want .meta.status submitted
want .values.header.name 开放型经济发展引导资金
want '.history[-1].status' submitted
want '.history[-1].by' 贺家悦
[ "$(json '.history[-1].sha256' | wc -c)" -eq 65 ] || e2e_fail "no sha256 in the submission's history entry"
"$SELFEVAL_BIN" verify "$D" >/dev/null 2>&1 || e2e_fail "verify fails right after the submission"

# ---- review mode: submitting is the clerk's ----
E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 100 30 edit --review d.json
e2e_wait "submitted"
e2e_keys M-s
e2e_wait "Submitting is the clerk's"
e2e_keys F10
e2e_wait "[exit 0]"
want .meta.status submitted
e2e_finish
