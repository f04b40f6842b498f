#!/bin/sh
# In review mode a finding becomes a query with one key: in the findings list (F3) the query
# key asks with the finding's text already typed; the query goes on the finding's field.
. "$(dirname "$0")/lib.sh"
e2e_init review_finding
D=$E2E_DIR/d.json
cp "$PWD/tests/fixtures/seed001_project.json" "$D"
SELFEVAL_USER=贺家悦 "$SELFEVAL_BIN" submit "$D" >/dev/null 2>&1 || e2e_fail "submit of the fixture failed"

E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 100 30 edit --review --english d.json
e2e_wait "Review"
e2e_keys F3
e2e_wait "Findings"
e2e_keys M-q
e2e_wait "Query on"
e2e_keys Enter
e2e_wait "Query q1 opened"
e2e_keys C-s
e2e_wait "Saved"
e2e_keys Escape
e2e_wait "Section 1/7"
e2e_keys F10
e2e_wait "[exit 0]"
path=$(jq -r '.queries[0].path' "$D")
text=$(jq -r '.queries[0].thread[0].text' "$D")
[ -n "$path" ] && [ "$path" != null ] || e2e_fail "no query was stored: $(jq -c .queries "$D")"
# the text is the first finding's, on its field
"$SELFEVAL_BIN" check --english --json "$D" > "$E2E_DIR/check.json" 2>/dev/null
jq -e --arg p "$path" --arg t "$text" \
    '[.. | objects | select(has("path") and has("message_en")) | select(.path == $p and .message_en == $t)] | length > 0' \
    "$E2E_DIR/check.json" >/dev/null ||
    e2e_fail "query '$text' on '$path' is no finding of the draft"
e2e_finish
